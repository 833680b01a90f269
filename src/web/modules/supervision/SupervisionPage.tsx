import { useQuery } from '@tanstack/react-query';
import { Card, DatePicker, Form, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SupervisedDocument, SupervisedEvent, SupervisionPage as Page } from '../../../shared/delegation';
import { DOCUMENT_STATUSES, OUTGOING_STATUSES, type Urgency } from '../../../shared/enums';
import { api } from '../../api/client';
import { useUnits, useUsers } from '../../api/queries';
import { DATE_FORMAT, ErrorAlert, formatDate, formatDateTime, UrgencyTag } from '../../components/labels';

// Giám sát: the agency's leaders follow every document and every step of the agency, by unit,
// official, period and state. The server scopes everything to the agency and refuses anyone else.

const PAGE_SIZE = 50;
const STATUSES = [...new Set<string>([...DOCUMENT_STATUSES, ...OUTGOING_STATUSES])];

interface Filters { unitId?: string; userId?: string; range?: [Dayjs, Dayjs] | null; status?: string; direction?: 'incoming' | 'outgoing' }

function filterQuery(filters: Filters, page: number) {
  return {
    unitId: filters.unitId, userId: filters.userId, page, pageSize: PAGE_SIZE,
    from: filters.range?.[0]?.format('YYYY-MM-DD'), to: filters.range?.[1]?.format('YYYY-MM-DD'),
  };
}

function TotalText({ data }: { data: Page<unknown> | undefined }) {
  const { t } = useTranslation();
  if (!data) return null;
  return <Typography.Text type="secondary" data-testid="supervision-total">{data.totalCapped ? t('supervision.totalCapped', { count: data.total }) : t('supervision.total', { count: data.total })}</Typography.Text>;
}

/** A status is named by the incoming catalogue, or the outgoing one for the states only drafts have. */
function statusLabel(t: (key: string) => string, status: string) {
  return (DOCUMENT_STATUSES as readonly string[]).includes(status) ? t(`enums.documentStatus.${status}`) : t(`outgoing.status.${status}`);
}

function DocumentsTab({ filters }: { filters: Filters }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: ['supervision', 'documents', filters, page],
    queryFn: () => api<Page<SupervisedDocument>>('/api/supervision/documents', { query: { ...filterQuery(filters, page), status: filters.status, direction: filters.direction } }),
  });
  const columns: ColumnsType<SupervisedDocument> = [
    { key: 'direction', title: t('supervision.direction'), width: 120, render: (_, d) => <Tag>{t(`supervision.directions.${d.direction}`)}</Tag> },
    { key: 'reference', title: t('supervision.reference'), width: 130, render: (_, d) => d.reference ?? '—' },
    { key: 'summary', title: t('supervision.summary'), render: (_, d) => <Space size={4}><UrgencyTag urgency={d.urgency as Urgency} hideNormal /><Link to={`/${d.direction}/${d.id}`}>{d.summary}</Link></Space> },
    { key: 'status', title: t('supervision.state'), width: 140, render: (_, d) => <Tag data-testid="supervision-status">{statusLabel(t, d.status)}</Tag> },
    { key: 'holders', title: t('supervision.holders'), width: 220, render: (_, d) => d.holders ?? '—' },
    { key: 'due', title: t('supervision.dueDate'), width: 110, render: (_, d) => formatDate(d.dueDate) },
    { key: 'created', title: t('supervision.createdAt'), width: 150, render: (_, d) => formatDateTime(d.createdAt) },
  ];
  return (
    <>
      <ErrorAlert error={query.error} style={{ marginBottom: 12 }} />
      <TotalText data={query.data} />
      <Table<SupervisedDocument>
        data-testid="supervision-documents" rowKey="id" size="middle" columns={columns} dataSource={query.data?.items ?? []}
        loading={query.isFetching && !query.data} scroll={{ x: 1100 }} locale={{ emptyText: t('supervision.empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: query.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
      />
    </>
  );
}

function ActivityTab({ filters }: { filters: Filters }) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: ['supervision', 'activity', filters, page],
    queryFn: () => api<Page<SupervisedEvent>>('/api/supervision/activity', { query: filterQuery(filters, page) }),
  });
  const columns: ColumnsType<SupervisedEvent> = [
    { key: 'at', title: t('supervision.when'), width: 150, render: (_, e) => formatDateTime(e.at) },
    {
      key: 'actor', title: t('supervision.actor'), width: 260,
      render: (_, e) => <>{e.actor ?? t('document.system')}{e.onBehalfOf && <> <Tag color="purple" data-testid="on-behalf-of">{t('document.onBehalfOf', { name: e.onBehalfOf })}</Tag></>}</>,
    },
    { key: 'action', title: t('supervision.action'), width: 200, render: (_, e) => (i18n.exists(`enums.eventAction.${e.action}`) ? t(`enums.eventAction.${e.action}`) : e.action) },
    { key: 'document', title: t('supervision.document'), render: (_, e) => (e.document ? <Link to={`/${e.document.direction}/${e.document.id}`}>{e.document.summary}</Link> : '—') },
  ];
  return (
    <>
      <ErrorAlert error={query.error} style={{ marginBottom: 12 }} />
      <TotalText data={query.data} />
      <Table<SupervisedEvent>
        data-testid="supervision-activity" rowKey="id" size="middle" columns={columns} dataSource={query.data?.items ?? []}
        loading={query.isFetching && !query.data} scroll={{ x: 900 }} locale={{ emptyText: t('supervision.empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: query.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
      />
    </>
  );
}

export function SupervisionPage() {
  const { t } = useTranslation();
  const units = useUnits();
  const users = useUsers();
  const [filters, setFilters] = useState<Filters>({});
  return (
    <Card title={<Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>{t('supervision.title')}</Typography.Title>} data-testid="supervision">
      <Form layout="inline" onValuesChange={(_, all: Filters) => setFilters(all)} style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item name="unitId" label={t('supervision.unit')}>
          <Select allowClear showSearch optionFilterProp="label" style={{ width: 220 }} placeholder={t('supervision.any')} options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
        </Form.Item>
        <Form.Item name="userId" label={t('supervision.person')}>
          <Select allowClear showSearch optionFilterProp="label" style={{ width: 220 }} placeholder={t('supervision.any')} options={(users.data ?? []).map((u) => ({ value: u.id, label: u.fullName }))} />
        </Form.Item>
        <Form.Item name="range" label={t('supervision.period')}>
          <DatePicker.RangePicker format={DATE_FORMAT} allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item name="direction" label={t('supervision.direction')}>
          <Select allowClear style={{ width: 150 }} placeholder={t('supervision.any')} options={(['incoming', 'outgoing'] as const).map((d) => ({ value: d, label: t(`supervision.directions.${d}`) }))} />
        </Form.Item>
        <Form.Item name="status" label={t('supervision.state')}>
          <Select allowClear style={{ width: 170 }} placeholder={t('supervision.any')} options={STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))} />
        </Form.Item>
      </Form>
      <Tabs
        items={[
          { key: 'documents', label: t('supervision.documents'), children: <DocumentsTab filters={filters} /> },
          { key: 'activity', label: t('supervision.activity'), children: <ActivityTab filters={filters} /> },
        ]}
      />
    </Card>
  );
}
