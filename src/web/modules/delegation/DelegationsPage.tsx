import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, DatePicker, Form, Input, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DelegationItem, DelegationScope, DelegationState, DelegationView } from '../../../shared/delegation';
import { api, post } from '../../api/client';
import { hasRole, useMe, useUsers } from '../../api/queries';
import type { Me } from '../../api/types';
import { DATE_FORMAT, ErrorAlert, formatDateTime } from '../../components/labels';
import { useSubmit } from '../../components/useSubmit';

// Ủy quyền: a leader delegates part of their own work for a period; everyone sees what they gave
// and received, the head of the agency and the administrator all of the agency's delegations.

export const delegationKeys = {
  list: (view: DelegationView) => ['delegations', view] as const,
  work: ['delegations', 'work'] as const,
};

const STATE_COLORS: Record<DelegationState, string> = { active: 'green', upcoming: 'blue', expired: 'default', revoked: 'red' };

/** The scopes an official holds by their own role (as the server's `ownScopes`). */
function ownScopes(me: Me | null | undefined): DelegationScope[] {
  const leader = hasRole(me, 'leader');
  const scopes: DelegationScope[] = leader ? ['incoming'] : [];
  if (leader || hasRole(me, 'unit_head')) scopes.push('approval', 'signing');
  return scopes;
}

const seesAgency = (me: Me | null | undefined) => hasRole(me, 'admin') || (hasRole(me, 'leader') && me?.position === 'director');

/** A period picked as whole days in Vietnam: from the first day's 00:00 to the end of the last day. */
function period(range: [Dayjs, Dayjs]) {
  const start = range[0].format('YYYY-MM-DD');
  const end = range[1].add(1, 'day').format('YYYY-MM-DD');
  return { startsAt: `${start}T00:00:00+07:00`, endsAt: `${end}T00:00:00+07:00` };
}

interface FormValues { delegateId: string; scopes: DelegationScope[]; range: [Dayjs, Dayjs]; note?: string }

function CreateDelegation({ me, scopes }: { me: Me; scopes: DelegationScope[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const { submit, busy, error } = useSubmit(form);
  const users = useUsers();
  const queryClient = useQueryClient();
  const options = (users.data ?? []).filter((u) => u.active && u.id !== me.id)
    .map((u) => ({ value: u.id, label: `${u.fullName} — ${t(`enums.position.${u.position}`)}` }));

  const onFinish = (values: FormValues) => submit(async () => {
    await post('/api/delegations', { delegateId: values.delegateId, scopes: values.scopes, ...period(values.range), note: values.note || undefined });
    // The form keeps its values: giving the same again is refused as an overlap, with the reason.
    message.success(t('delegation.created'));
    await queryClient.invalidateQueries({ queryKey: ['delegations'] });
  });

  return (
    <Form form={form} layout="vertical" onFinish={onFinish} data-testid="delegation-form" initialValues={{ scopes }} style={{ maxWidth: 720 }}>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form.Item name="delegateId" label={t('delegation.delegate')} rules={[{ required: true, message: t('delegation.delegateRequired') }]}>
        <Select showSearch optionFilterProp="label" options={options} loading={users.isPending} data-testid="delegation-delegate" placeholder={t('delegation.delegatePlaceholder')} />
      </Form.Item>
      {/* A validator, not `required`: antd would put aria-required on the checkbox group, which a group may not carry. */}
      <Form.Item name="scopes" label={t('delegation.scopes')} rules={[{ validator: (_, value?: DelegationScope[]) => (value?.length ? Promise.resolve() : Promise.reject(new Error(t('delegation.scopesRequired')))) }]}>
        <Checkbox.Group data-testid="delegation-scopes" options={scopes.map((s) => ({ value: s, label: t(`delegation.scope.${s}`) }))} />
      </Form.Item>
      <Form.Item name="range" label={t('delegation.period')} extra={t('delegation.periodHint')} rules={[{ required: true, message: t('delegation.periodRequired') }]}>
        <DatePicker.RangePicker format={DATE_FORMAT} data-testid="delegation-range" placeholder={[t('delegation.from'), t('delegation.until')]} />
      </Form.Item>
      <Form.Item name="note" label={t('delegation.note')}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="delegation-submit">{t('delegation.create')}</Button>
    </Form>
  );
}

function DelegationTable({ view }: { view: DelegationView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [revokeError, setRevokeError] = useState<unknown>(null);
  const query = useQuery({ queryKey: delegationKeys.list(view), queryFn: () => api<{ items: DelegationItem[] }>('/api/delegations', { query: { view, pageSize: 200 } }) });
  const revoke = async (id: string) => {
    setRevokeError(null);
    try {
      await post(`/api/delegations/${id}/revoke`);
    } catch (e) {
      setRevokeError(e);
    }
    await queryClient.invalidateQueries({ queryKey: ['delegations'] });
  };
  const columns: ColumnsType<DelegationItem> = [
    { key: 'delegator', title: t('delegation.delegator'), render: (_, d) => d.delegator.fullName },
    { key: 'delegate', title: t('delegation.delegate'), render: (_, d) => d.delegate.fullName },
    { key: 'scopes', title: t('delegation.scopes'), render: (_, d) => <Space size={4} wrap>{d.scopes.map((s) => <Tag key={s}>{t(`delegation.scope.${s}`)}</Tag>)}</Space> },
    { key: 'period', title: t('delegation.period'), render: (_, d) => `${formatDateTime(d.startsAt)} – ${formatDateTime(d.endsAt)}` },
    { key: 'state', title: t('delegation.stateLabel'), render: (_, d) => <Tag color={STATE_COLORS[d.state]} data-testid="delegation-state">{t(`delegation.state.${d.state}`)}</Tag> },
    {
      key: 'actions', title: t('delegation.actions'),
      render: (_, d) => (d.canRevoke ? (
        <Popconfirm title={t('delegation.revokeConfirm', { name: d.delegate.fullName })} okText={t('delegation.revoke')} cancelText={t('delegation.cancel')} onConfirm={() => revoke(d.id)}>
          <Button danger size="small" data-testid="delegation-revoke">{t('delegation.revoke')}</Button>
        </Popconfirm>
      ) : d.revokedAt ? <Typography.Text type="secondary">{t('delegation.revokedBy', { name: d.revokedBy ?? '—', at: formatDateTime(d.revokedAt) })}</Typography.Text> : null),
    },
  ];
  return (
    <>
      <ErrorAlert error={query.error ?? revokeError} style={{ marginBottom: 12 }} />
      <Table<DelegationItem>
        data-testid={`delegations-${view}`}
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={query.data?.items ?? []}
        loading={query.isFetching && !query.data}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('delegation.empty') }}
        pagination={false}
      />
    </>
  );
}

export function DelegationsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const scopes = ownScopes(me);
  const tabs = [
    { key: 'given', label: t('delegation.given'), children: <DelegationTable view="given" /> },
    { key: 'received', label: t('delegation.received'), children: <DelegationTable view="received" /> },
    ...(seesAgency(me) ? [{ key: 'agency', label: t('delegation.agency'), children: <DelegationTable view="agency" /> }] : []),
  ];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={<Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>{t('delegation.title')}</Typography.Title>}>
        {me && scopes.length ? <CreateDelegation me={me} scopes={scopes} /> : <Typography.Paragraph>{t('delegation.cannotDelegate')}</Typography.Paragraph>}
      </Card>
      <Card>
        <Tabs items={tabs} defaultActiveKey={scopes.length ? 'given' : 'received'} />
      </Card>
    </Space>
  );
}
