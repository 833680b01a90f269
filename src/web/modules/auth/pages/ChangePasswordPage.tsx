import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, post } from '../../../api/client';
import { keys } from '../../../api/queries';
import type { Me } from '../../../api/types';
import { ErrorAlert } from '../../../components/labels';
import { useSubmit } from '../../../components/useSubmit';
import { LanguageSwitch } from '../../../layout/AppLayout';
import { PasswordFields, type PasswordValues } from '../components/PasswordFields';

/**
 * Shown instead of every page while the official still has a one-time password (the server
 * refuses everything else until it is changed): set your own password, or sign out.
 */
export function ChangePasswordPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<PasswordValues>();
  const { busy, error, submit } = useSubmit(form);

  useEffect(() => {
    document.title = `${t('auth.firstChangeTitle')} — VanPhong`;
  }, [t]);

  async function onFinish(values: PasswordValues) {
    await submit(async () => {
      await post('/api/auth/change-password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
      void message.success(t('auth.firstChangeDone'));
      queryClient.setQueryData<Me>(keys.me, { ...me, mustChangePassword: false });
    }, { alert: (e, left) => (e instanceof ApiError && e.fields.length && !left.length ? null : e) });
  }

  async function signOut() {
    try {
      await post('/api/auth/logout');
    } finally {
      queryClient.clear();
      navigate('/login', { replace: true });
    }
  }

  return (
    <main className="vp-login">
      <Card className="vp-login-card" data-testid="first-password-card">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 8 }}>
          <div>
            <Typography.Title level={1} className="vp-login-brand">{t('app.name')}</Typography.Title>
            <Typography.Text type="secondary">{me.fullName} ({me.username})</Typography.Text>
          </div>
          <LanguageSwitch />
        </div>
        <Typography.Title level={2} className="vp-login-heading">{t('auth.firstChangeTitle')}</Typography.Title>
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('auth.firstChangeExplain')} />
        <ErrorAlert error={error} style={{ marginBottom: 16 }} />
        <Form<PasswordValues> form={form} layout="vertical" name="first_password" onFinish={(values) => void onFinish(values)} requiredMark={false}>
          <PasswordFields />
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="first-password-submit">
            {t('auth.firstChangeSubmit')}
          </Button>
        </Form>
        <Button type="link" block style={{ marginTop: 8 }} onClick={() => void signOut()} data-testid="first-password-sign-out">{t('auth.signOut')}</Button>
      </Card>
    </main>
  );
}
