import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../../api/client';
import { ErrorAlert } from '../../../components/labels';
import { useSubmit } from '../../../components/useSubmit';

interface Values { currentPassword: string; newPassword: string; confirm: string }

export const passwordPattern = /^(?=.*[A-Za-z])(?=.*\d).{8,200}$/;

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { busy, error, setError, submit: send } = useSubmit(form);

  async function submit() {
    const values = await form.validateFields();
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
        <Form.Item name="currentPassword" label={t('auth.currentPassword')} rules={[{ required: true, message: t('common.required', { field: t('auth.currentPassword').toLowerCase() }) }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('auth.newPassword')}
          extra={t('auth.passwordRule')}
          rules={[{ required: true, pattern: passwordPattern, message: t('auth.passwordWeak') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('auth.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('auth.passwordMismatch') },
            ({ getFieldValue }) => ({
              validator: (_, value) => (!value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t('auth.passwordMismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
