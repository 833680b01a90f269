import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Form, Row, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { URGENCIES } from '../../../shared/enums';
import { TRACKING_STATES, type TrackingItem, type TrackingState } from '../../../shared/reports';
import { api } from '../../api/client';
import { useUnits, useUsers } from '../../api/queries';
import type { Page } from '../../api/types';
import { DATE_FORMAT, ErrorAlert, formatDate, UrgencyTag } from '../../components/labels';
import { ListState } from '../../components/ListStates';
import { usePageParams } from '../../components/paging';
import { RemindButton } from '../notifications/components/RemindButton';
import { queryOf } from './period';

const FILTERS = ['from', 'to', 'dueFrom', 'dueTo', 'unitId', 'userId', 'state', 'urgency'] as const;
const STATE_COLORS: Record<TrackingState, string> = { on_time: 'green', late: 'orange', overdue: 'red', in_progress: 'blue' };

export function StateTag({ state }: { state: TrackingState }) {
  const { t } = useTranslation();
  return <Tag color={STATE_COLORS[state]}>{t(`tracking.state.${state}`)}</Tag>;
}

interface FilterValues { range?: [Dayjs | null, Dayjs | null] | null; unitId?: string; userId?: string; state?: string; urgency?: string }

/** Sổ theo dõi giải quyết văn bản đến: every incoming document with who leads it, its due date, progress and reply. */
export function TrackingPage() {
  const { t } = useTranslation();
  const { params, setParams, page, pageSize, pagination } = usePageParams();
  const [form] = Form.useForm<FilterValues>();
  const units = useUnits();
  const users = useUsers();
  const filters = useMemo(() => Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? undefined])), [params]);
  useEffect(() => {
    document.title = `${t('tracking.title')} — VanPhong`;
    form.setFieldsValue({
      range: filters.from || filters.to ? [filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null] : null,
      unitId: filters.unitId, userId: filters.userId, state: filters.state, urgency: filters.urgency,
    });
  }, [filters, form, t]);
  const query = useQuery({
    queryKey: ['tracking', filters, page, pageSize],
    queryFn: () => api<Page<TrackingItem>>('/api/tracking', { query: { ...filters, page, pageSize } }),
    placeholderData: keepPreviousData,
  });

  function apply(values: FilterValues) {
    const next: Record<string, string> = { pageSize: String(pageSize) };
    const [from, to] = values.range ?? [];
    if (from) next.from = from.format('YYYY-MM-DD');
    if (to) next.to = to.format('YYYY-MM-DD');
    for (const key of ['unitId', 'userId', 'state', 'urgency'] as const) if (values[key]) next[key] = values[key]!;
    // the due-date window of a dashboard link stays until the filters are reset
    if (filters.dueFrom) next.dueFrom = filters.dueFrom;
    if (filters.dueTo) next.dueTo = filters.dueTo;
    setParams(next);
  }

  const exportFrom = filters.from ?? dayjs().startOf('month').format('YYYY-MM-DD');
  const exportTo = filters.to ?? dayjs().format('YYYY-MM-DD');
  const exportQuery = queryOf({ ...filters, from: exportFrom, to: exportTo });

  const columns: TableColumnsType<TrackingItem> = [
    { title: t('tracking.col.arrival'), dataIndex: 'arrivalNumber', width: 110, render: (n: number, r) => <>{n}<br /><Typography.Text type="secondary">{formatDate(r.receivedOn)}</Typography.Text></> },
    {
      title: t('tracking.col.document'), key: 'document', render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/incoming/${r.id}`}>{[r.number, r.notation].filter(Boolean).join('/') || '—'} · {r.issuer}</Link>
          <span>{r.summary}</span>
          <UrgencyTag urgency={r.urgency} hideNormal />
        </Space>
      ),
    },
    { title: t('tracking.col.assignees'), key: 'assignees', width: 220, render: (_, r) => (
      <Space orientation="vertical" size={0}>
        {r.lead && <span>{t('tracking.lead')}: {r.lead}</span>}
        {r.handler && r.handler !== r.lead && <span>{t('tracking.handler')}: {r.handler}</span>}
        {r.coordinators && <Typography.Text type="secondary">{t('tracking.coordinators')}: {r.coordinators}</Typography.Text>}
      </Space>
    ) },
    { title: t('tracking.col.due'), dataIndex: 'dueDate', width: 110, render: (d: string | null) => formatDate(d) },
    { title: t('tracking.col.progress'), key: 'progress', width: 220, render: (_, r) => (
      <Space orientation="vertical" size={2}><StateTag state={r.state} />{r.completedOn && <span>{formatDate(r.completedOn)}</span>}{r.progress && <Typography.Text type="secondary">{r.progress}</Typography.Text>}</Space>
    ) },
    { title: t('tracking.col.reply'), dataIndex: 'replyReference', width: 120 },
    // Đôn đốc: only on rows whose open work the server says this viewer may remind (it checks again).
    ...(query.data?.items.some((r) => r.remind) ? [{ title: t('tracking.col.remind'), key: 'remind', width: 110, render: (_: unknown, r: TrackingItem) => (
      r.remind ? <RemindButton assignmentId={r.remind.assignmentId} holder={r.remind.holder} /> : null
    ) }] : []),
    { title: t('tracking.col.slip'), key: 'slip', width: 90, render: (_, r) => (
      <a href={`/api/reports/handling-slip/${r.id}/pdf`} download aria-label={t('tracking.slipFor', { n: r.arrivalNumber })}><FilePdfOutlined /> {t('tracking.slip')}</a>
    ) },
  ];

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={1} className="vp-page-title" style={{ marginBottom: 0 }} data-testid="page-title">{t('tracking.title')}</Typography.Title>
        <Space wrap>
          <Button icon={<FileExcelOutlined />} href={`/api/reports/tracking-register/xlsx?${exportQuery}`} download data-testid="tracking-xlsx">{t('reports.xlsx')}</Button>
          <Button icon={<FilePdfOutlined />} href={`/api/reports/tracking-register/pdf?${exportQuery}`} download data-testid="tracking-pdf">{t('reports.pdf')}</Button>
        </Space>
      </Space>
      <Form form={form} name="tracking_filter" className="vp-filter-bar" onFinish={apply} layout="vertical">
        <Row gutter={[8, 0]}>
          <Col xs={24} md={12} xl={6}>
            <Form.Item name="range" label={t('tracking.receivedBetween')}>
              <DatePicker.RangePicker format={DATE_FORMAT} style={{ width: '100%' }} allowEmpty={[true, true]} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={5}>
            <Form.Item name="unitId" label={t('tracking.unit')}>
              <Select allowClear placeholder={t('common.all')} options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} xl={5}>
            <Form.Item name="userId" label={t('tracking.person')}>
              <Select allowClear showSearch optionFilterProp="label" placeholder={t('common.all')} options={(users.data ?? []).map((u) => ({ value: u.id, label: u.fullName }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6} xl={4}>
            <Form.Item name="state" label={t('tracking.stateLabel')}>
              <Select allowClear placeholder={t('common.all')} options={TRACKING_STATES.map((s) => ({ value: s, label: t(`tracking.state.${s}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6} xl={4}>
            <Form.Item name="urgency" label={t('doc.urgency')}>
              <Select allowClear placeholder={t('common.all')} options={URGENCIES.map((v) => ({ value: v, label: t(`enums.urgency.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} style={{ paddingBottom: 8 }}>
            <Space wrap>
              <Button type="primary" htmlType="submit" data-testid="filter-submit">{t('common.search')}</Button>
              <Button onClick={() => { form.resetFields(); setParams({}); }}>{t('common.reset')}</Button>
              {(filters.dueFrom || filters.dueTo) && <Tag>{t('tracking.dueWindow', { from: formatDate(filters.dueFrom), to: formatDate(filters.dueTo) })}</Tag>}
            </Space>
          </Col>
        </Row>
      </Form>
      <ErrorAlert error={query.data ? query.error : null} style={{ marginBottom: 12 }} />
      <Table<TrackingItem>
        data-testid="tracking-table"
        rowKey="id"
        size="middle"
        bordered
        columns={columns}
        dataSource={query.data?.items ?? []}
        loading={query.isFetching && !query.data}
        scroll={{ x: 1220 }}
        locale={{ emptyText: <ListState error={query.error} onRetry={() => void query.refetch()} empty={t('tracking.empty')} /> }}
        pagination={{ ...pagination(query.data), showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100] }}
      />
    </Card>
  );
}
