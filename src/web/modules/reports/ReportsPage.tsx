import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, List, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { HandlingReport, HandlingReportRow, StateCounts } from '../../../shared/reports';
import { api } from '../../api/client';
import { hasRole, useMe } from '../../api/queries';
import { ErrorAlert } from '../../components/labels';
import { PeriodPicker, queryOf, usePeriod } from './period';

export function countColumns<T extends StateCounts & { name: string | null }>(t: (key: string) => string, first: string, nameOf?: (row: T) => string): TableColumnsType<T> {
  const rate = (r: T, part: number) => { const due = r.onTime + r.late + r.overdue; return due ? `${Math.round((part * 1000) / due) / 10}%` : '—'; };
  return [
    { title: first, key: 'name', render: (_, r) => (nameOf ? nameOf(r) : r.name ?? t('reports.unassigned')) },
    { title: t('reports.received'), dataIndex: 'received', align: 'right' },
    { title: t('tracking.state.on_time'), dataIndex: 'onTime', align: 'right' },
    { title: t('tracking.state.late'), dataIndex: 'late', align: 'right' },
    { title: t('tracking.state.in_progress'), dataIndex: 'inProgress', align: 'right' },
    { title: t('tracking.state.overdue'), dataIndex: 'overdue', align: 'right' },
    { title: t('reports.onTimeRate'), key: 'onTimeRate', align: 'right', render: (_, r) => rate(r, r.onTime) },
    { title: t('reports.lateRate'), key: 'lateRate', align: 'right', render: (_, r) => rate(r, r.late) },
    { title: t('reports.overdueRate'), key: 'overdueRate', align: 'right', render: (_, r) => rate(r, r.overdue) },
  ];
}

function Downloads({ path, query, testId }: { path: string; query: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Space>
      <Button icon={<FileExcelOutlined />} href={`${path}/xlsx?${query}`} download data-testid={`${testId}-xlsx`}>{t('reports.xlsx')}</Button>
      <Button icon={<FilePdfOutlined />} href={`${path}/pdf?${query}`} download data-testid={`${testId}-pdf`}>{t('reports.pdf')}</Button>
    </Space>
  );
}

/** The registers and the report on handling of a period, to look at and to take out as XLSX or PDF. */
export function ReportsPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  const { from, to, set } = usePeriod();
  useEffect(() => { document.title = `${t('reports.title')} — VanPhong`; }, [t]);
  const query = useQuery({ queryKey: ['handling-report', from, to], queryFn: () => api<HandlingReport>('/api/reports/handling', { query: { from, to } }) });
  const period = queryOf({ from, to });
  const books = [
    ...(hasRole(me, 'leader') || hasRole(me, 'clerk') ? [{ key: 'incoming-register', title: t('reports.incomingRegister') }] : []),
    { key: 'tracking-register', title: t('reports.trackingRegister') },
    { key: 'handling', title: t('reports.handlingReport') },
  ];
  const r = query.data;
  return (
    <Card>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Title level={1} className="vp-page-title" style={{ marginBottom: 0 }} data-testid="page-title">{t('reports.title')}</Typography.Title>
          <PeriodPicker from={from} to={to} onChange={set} />
        </Space>
        <List
          bordered
          dataSource={books}
          renderItem={(b) => <List.Item extra={<Downloads path={`/api/reports/${b.key}`} query={period} testId={`report-${b.key}`} />}>{b.title}</List.Item>}
        />
        <ErrorAlert error={query.error} />
        {r && (
          <>
            <Typography.Title level={2} style={{ fontSize: 18 }}>{t('reports.handlingReport')}</Typography.Title>
            <Typography.Text type="secondary">{t('reports.asOf', { date: r.asOf.split('-').reverse().join('/') })}</Typography.Text>
            <Table<HandlingReportRow> size="small" bordered pagination={false} rowKey={(row) => row.id ?? 'none'} title={() => t('reports.byUnit')} columns={countColumns(t, t('tracking.unit'))} dataSource={r.byUnit}
              summary={() => <Table.Summary.Row><Table.Summary.Cell index={0}><strong>{t('reports.total')}</strong></Table.Summary.Cell>{[r.totals.received, r.totals.onTime, r.totals.late, r.totals.inProgress, r.totals.overdue].map((n, i) => <Table.Summary.Cell key={i} index={i + 1} align="right"><strong>{n}</strong></Table.Summary.Cell>)}<Table.Summary.Cell index={6} colSpan={3} /></Table.Summary.Row>} />
            <Table<HandlingReportRow> size="small" bordered pagination={false} rowKey={(row) => row.id ?? 'none'} title={() => t('reports.byPerson')} columns={countColumns(t, t('tracking.person'))} dataSource={r.byPerson} />
          </>
        )}
      </Space>
    </Card>
  );
}
