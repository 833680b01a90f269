import { useQuery } from '@tanstack/react-query';
import { Card, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DelegatedWorkItem } from '../../../shared/delegation';
import type { Urgency } from '../../../shared/enums';
import { api } from '../../api/client';
import { useMe } from '../../api/queries';
import { ErrorAlert, formatDateTime, UrgencyTag } from '../../components/labels';
import { delegationKeys } from './DelegationsPage';

// Việc được ủy quyền: the work waiting for the officials who delegated to me, each row in the name
// of its leader ("Việc của lãnh đạo A"); opening it gives the actions the delegation allows.

export function DelegatedWorkPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const query = useQuery({ queryKey: delegationKeys.work, queryFn: () => api<{ items: DelegatedWorkItem[] }>('/api/delegations/work'), refetchInterval: 30_000 });
  const columns: ColumnsType<DelegatedWorkItem> = [
    { key: 'delegator', title: t('delegation.work.delegator'), width: 200, render: (_, w) => <strong>{w.delegatorName}</strong> },
    { key: 'action', title: t('delegation.work.action'), width: 170, render: (_, w) => <Tag color={w.action === 'direct' ? 'blue' : 'purple'}>{t(`delegation.work.actions.${w.action}`)}</Tag> },
    {
      key: 'summary', title: t('delegation.work.document'),
      render: (_, w) => (
        <Space direction="vertical" size={0}>
          <Space size={4}><UrgencyTag urgency={w.urgency as Urgency} hideNormal />{w.reference && <Typography.Text type="secondary">{w.reference}</Typography.Text>}</Space>
          <Link to={`/${w.direction}/${w.documentId}`} data-testid="delegated-link">{w.summary}</Link>
        </Space>
      ),
    },
    { key: 'since', title: t('delegation.work.since'), width: 160, render: (_, w) => formatDateTime(w.since) },
  ];
  return (
    <Card title={<Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>{t('delegation.work.title')}</Typography.Title>} data-testid="delegated-work">
      {me?.actsFor?.length ? (
        <Typography.Paragraph type="secondary">
          {t('delegation.work.holding', { names: me.actsFor.map((d) => `${d.delegatorName} (${d.scopes.map((s) => t(`delegation.scope.${s}`)).join(', ')})`).join('; ') })}
        </Typography.Paragraph>
      ) : null}
      <ErrorAlert error={query.error} style={{ marginBottom: 12 }} />
      <Table<DelegatedWorkItem>
        data-testid="delegated-work-table"
        rowKey={(w) => `${w.documentId}:${w.action}`}
        size="middle"
        columns={columns}
        dataSource={query.data?.items ?? []}
        loading={query.isFetching && !query.data}
        scroll={{ x: 800 }}
        locale={{ emptyText: t('delegation.work.empty') }}
        pagination={false}
      />
    </Card>
  );
}
