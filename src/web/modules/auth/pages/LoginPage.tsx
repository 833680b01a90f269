import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api } from '../../../api/client';
import { keys, useMe } from '../../../api/queries';
import type { Me } from '../../../api/types';
import { ErrorAlert } from '../../../components/labels';
import { LanguageSwitch } from '../../../layout/AppLayout';

interface LoginValues { username: string; password: string }

const EXPIRED_KEY = 'vanphong.sessionExpired';

/** Remembers that the session ended under the user (a 401 on a page), to say so on the login page. */
export function markSessionExpired(): void {
  try {
    sessionStorage.setItem(EXPIRED_KEY, '1');
  } catch {
    // ignore
  }
}

function takeSessionExpired(): boolean {
  try {
    const expired = sessionStorage.getItem(EXPIRED_KEY) === '1';
    sessionStorage.removeItem(EXPIRED_KEY);
    return expired;
  } catch {
    return false;
  }
}

export function LoginPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [expired] = useState(takeSessionExpired);
  const from = (location.state as { from?: string } | null)?.from ?? '/inbox/todo';

  if (me.data) return <Navigate to={from === '/login' ? '/inbox/todo' : from} replace />;

  async function onFinish(values: LoginValues) {
    setBusy(true);
    setError(null);
    try {
      const { user } = await api<{ user: Me }>('/api/auth/login', { method: 'POST', body: values });
      queryClient.clear();
      queryClient.setQueryData(keys.me, user);
      navigate(from === '/login' ? '/inbox/todo' : from, { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="vp-login">
      <Card className="vp-login-card" data-testid="login-card">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: 8 }}>
          <div>
            <Typography.Title level={1} className="vp-login-brand">{t('app.name')}</Typography.Title>
            <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
          </div>
          <LanguageSwitch />
        </div>
        <Typography.Title level={2} className="vp-login-heading">{t('auth.title')}</Typography.Title>
        {expired && !error && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('auth.sessionExpired')} />}
        <ErrorAlert error={error} style={{ marginBottom: 16 }} />
        <Form<LoginValues> layout="vertical" name="login" onFinish={onFinish} requiredMark={false} autoComplete="on">
          <Form.Item
            label={t('auth.username')}
            name="username"
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('auth.username').toLowerCase() }) }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item
            label={t('auth.password')}
            name="password"
            rules={[{ required: true, message: t('common.required', { field: t('auth.password').toLowerCase() }) }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="login-submit">
            {t('auth.signIn')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
