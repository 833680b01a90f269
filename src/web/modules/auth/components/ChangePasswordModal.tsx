import { App, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../../api/client';
import { ErrorAlert } from '../../../components/labels';
import { useSubmit, validValues } from '../../../components/useSubmit';
import { PasswordFields, type PasswordValues } from './PasswordFields';

export { passwordPattern } from './PasswordFields';

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const { busy, error, setError, submit: send } = useSubmit(form);

  async function submit() {
    const values = await validValues(form);
    if (!values) return;
    await send(async () => {
      await post('/api/auth/change-password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
      void message.success(t('auth.passwordChanged'));
      form.resetFields();
      onClose();
    }, {
      // No alert when the fields show every error.
      alert: (e, left) => (e instanceof ApiError && e.fields.length && !left.length ? null : e),
    });
  }

  return (
    <Modal
      open={open}
      title={t('auth.changePassword')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={() => {
        setError(null);
        form.resetFields();
        onClose();
      }}
      destroyOnHidden
    >
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" name="change_password" requiredMark={false}>
        <PasswordFields />
      </Form>
    </Modal>
  );
}
