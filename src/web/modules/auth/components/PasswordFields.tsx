import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

export interface PasswordValues { currentPassword: string; newPassword: string; confirm: string }

export const passwordPattern = /^(?=.*[A-Za-z])(?=.*\d).{8,200}$/;

/** Current password, new password and its confirmation, as the change-password call wants them. */
export function PasswordFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="currentPassword" label={t('auth.currentPassword')} rules={[{ required: true, message: t('common.required', { field: t('auth.currentPassword').toLowerCase() }) }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('auth.newPassword')}
        extra={t('auth.passwordRule')}
        dependencies={['currentPassword']}
        rules={[
          { required: true, pattern: passwordPattern, message: t('auth.passwordWeak') },
          ({ getFieldValue }) => ({
            validator: (_, value) => (!value || getFieldValue('currentPassword') !== value ? Promise.resolve() : Promise.reject(new Error(t('auth.passwordSame')))),
          }),
        ]}
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
    </>
  );
}
