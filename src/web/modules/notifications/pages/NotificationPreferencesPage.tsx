import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Space, Switch, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EMAIL_ONLY_KINDS, type NotificationKind, type NotificationPreferences } from '../../../../shared/notifications';
import { api } from '../../../api/client';
import { hasRole, useMe } from '../../../api/queries';
import { useErrorText } from '../../../components/labels';
import { notificationKeys } from '../api';

/** Which kinds of notice reach me in the app and by e-mail, and the daily digest. */
export function NotificationPreferencesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const me = useMe().data;
  const query = useQuery({ queryKey: notificationKeys.preferences, queryFn: () => api<NotificationPreferences>('/api/notifications/preferences') });
  const [draft, setDraft] = useState<NotificationPreferences | null>(null);
  useEffect(() => { if (query.data) setDraft(query.data); }, [query.data]);
  const errorText = useErrorText();
  const [saving, setSaving] = useState(false);
  async function save() {
    if (!draft) return;
    setSaving(true);
    try {
      const saved = await api<NotificationPreferences>('/api/notifications/preferences', { method: 'PUT', body: { kinds: draft.kinds, dailyDigest: draft.dailyDigest } });
      client.setQueryData(notificationKeys.preferences, saved);
      message.success(t('notifications.saved'));
    } catch (error) {
      message.error(errorText(error));
    } finally {
      setSaving(false);
    }
  }
  const setKind = (kind: string, field: 'inApp' | 'email', value: boolean) =>
    setDraft((d) => d && { ...d, kinds: d.kinds.map((k) => (k.kind === kind ? { ...k, [field]: value } : k)) });
  const emailUsable = Boolean(draft?.emailAvailable && draft.hasEmailAddress);

  return (
    <Card title={<Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>{t('notifications.preferencesTitle')}</Typography.Title>} loading={query.isLoading}>
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Typography.Paragraph style={{ margin: 0 }}>{t('notifications.preferencesHelp')}</Typography.Paragraph>
        {draft && !draft.emailAvailable && <Alert type="warning" showIcon data-testid="email-off" message={t(hasRole(me, 'admin') ? 'notifications.emailOffAdmin' : 'notifications.emailOff')} />}
        {draft?.emailAvailable && !draft.hasEmailAddress && <Alert type="info" showIcon message={t('notifications.noAddress')} />}
        <Table
          rowKey="kind"
          size="small"
          pagination={false}
          dataSource={draft?.kinds ?? []}
          columns={[
            { title: t('notifications.kindColumn'), dataIndex: 'kind', render: (kind: string) => t(`notifications.kindLabel.${kind}`) },
            {
              title: t('notifications.channelInApp'), dataIndex: 'inApp', width: 140, align: 'center',
              // The unread messages' badge is their notice in the app: such kinds go only by e-mail.
              render: (value: boolean, row) => (EMAIL_ONLY_KINDS.includes(row.kind as NotificationKind)
                ? <Typography.Text type="secondary">{t('notifications.emailOnlyKind')}</Typography.Text>
                : <Checkbox checked={value} aria-label={`${t(`notifications.kindLabel.${row.kind}`)}: ${t('notifications.channelInApp')}`} onChange={(e) => setKind(row.kind, 'inApp', e.target.checked)} />),
            },
            {
              title: t('notifications.channelEmail'), dataIndex: 'email', width: 140, align: 'center',
              render: (value: boolean, row) => <Checkbox checked={value} disabled={!emailUsable} aria-label={`${t(`notifications.kindLabel.${row.kind}`)}: ${t('notifications.channelEmail')}`} onChange={(e) => setKind(row.kind, 'email', e.target.checked)} />,
            },
          ]}
        />
        <Space>
          <Switch checked={draft?.dailyDigest ?? false} disabled={!emailUsable} onChange={(value) => setDraft((d) => d && { ...d, dailyDigest: value })} aria-label={t('notifications.dailyDigest')} id="daily-digest" />
          <label htmlFor="daily-digest">{t('notifications.dailyDigest')}</label>
        </Space>
        <Button type="primary" loading={saving} onClick={() => void save()} data-testid="save-preferences">{t('common.save')}</Button>
      </Space>
    </Card>
  );
}
