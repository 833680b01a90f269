import { FileExcelOutlined } from '@ant-design/icons';
import { Button, Card, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FileAccessCount, RecordStatisticsCounts, RecordStatisticsRow } from '../../../shared/records';
import { buildUrl } from '../../api/client';
import { useUnits } from '../../api/queries';
import { ErrorAlert, formatDateTime } from '../../components/labels';
import { useKeyboardScroll } from '../../components/ListStates';
import { useRecordStatistics } from './api';

// Thống kê hồ sơ (annex VI §III.6): the agency's case files by keeper unit and year — in each state,
// outside the plan, their documents, pages and accesses — and the most-read files; for the office and
// the head of the agency. The server counts only the official's own agency.

const COUNTS = ['files', 'open', 'closed', 'deposited', 'destroyed', 'unplanned', 'documents', 'pages', 'accesses'] as const;

export function RecordStatisticsPage() {
  const { t } = useTranslation();
  const units = useUnits();
  const [year, setYear] = useState<number | undefined>(undefined);
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  const stats = useRecordStatistics(year, unitId);
  const tableRef = useRef<HTMLDivElement>(null);
  useKeyboardScroll(tableRef, t('common.tableRegion', { name: t('records.stats.pageTitle') }));
  const countColumns = COUNTS.map((k) => ({ title: t(`records.stats.${k}`), dataIndex: k, key: k, width: 90, align: 'right' as const }));
  const columns: ColumnsType<RecordStatisticsRow & { key: string }> = [
    { title: t('records.stats.unit'), key: 'unit', render: (_, r) => r.unit?.name ?? t('records.stats.noUnit') },
    { title: t('records.plan.year'), dataIndex: 'year', width: 70 },
    ...countColumns,
  ];
  const data = stats.data;
  const rows = (data?.rows ?? []).map((r) => ({ ...r, key: `${r.unit?.id ?? '-'}-${r.year}` }));
  return (
    <div data-testid="record-statistics-page">
      <Typography.Title level={1} data-testid="page-title">{t('records.stats.pageTitle')}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <InputNumber min={2000} max={2100} value={year} placeholder={t('records.stats.allYears')} onChange={(v) => setYear(v ?? undefined)} aria-label={t('records.plan.year')} data-testid="stats-year" style={{ width: 140 }} />
        <Select allowClear style={{ width: 260 }} value={unitId} placeholder={t('records.stats.allUnits')} onChange={(v) => setUnitId(v)} aria-label={t('records.stats.unit')} data-testid="stats-unit"
          options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))} />
        <Button icon={<FileExcelOutlined />} href={buildUrl('/api/records/statistics/xlsx', { year, unitId })} download data-testid="stats-xlsx">{t('records.stats.xlsx')}</Button>
      </Space>
      <ErrorAlert error={stats.error} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <div ref={tableRef}>
          <Table<RecordStatisticsRow & { key: string }> rowKey="key" size="small" loading={stats.isPending} dataSource={rows} columns={columns} pagination={false}
            scroll={{ x: 1040 }} data-testid="stats-table" locale={{ emptyText: t('records.stats.empty') }}
            summary={() => data && rows.length > 0 && (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={2}><strong>{t('records.stats.total')}</strong></Table.Summary.Cell>
                {COUNTS.map((k, i) => <Table.Summary.Cell key={k} index={i + 2} align="right"><strong data-testid={`stats-total-${k}`}>{(data.totals as RecordStatisticsCounts)[k]}</strong></Table.Summary.Cell>)}
              </Table.Summary.Row>
            )} />
        </div>
      </Card>
      <Card size="small" title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('records.stats.byFile')}</Typography.Title>}>
        <Table<FileAccessCount> rowKey="id" size="small" loading={stats.isPending} dataSource={data?.accessesByFile ?? []} pagination={false} scroll={{ x: 1040 }}
          data-testid="stats-by-file" locale={{ emptyText: t('records.stats.noAccess') }} columns={[
            { title: t('records.file.code'), dataIndex: 'code', width: 200 },
            { title: t('records.plan.title'), dataIndex: 'title', width: 260, render: (v: string, f) => <Link to={`/records/files/${f.id}`}>{v}</Link> },
            { title: t('records.stats.unit'), dataIndex: 'unit', width: 180 },
            { title: t('records.file.state'), dataIndex: 'status', width: 110, render: (v: string) => <Tag>{t(`records.status.${v}`)}</Tag> },
            { title: t('records.stats.accesses'), dataIndex: 'accesses', width: 90, align: 'right' },
            { title: t('records.stats.readers'), dataIndex: 'readers', width: 90, align: 'right' },
            { title: t('records.stats.lastAccess'), dataIndex: 'lastAccessAt', width: 150, render: (v: string | null) => formatDateTime(v) },
          ]} />
      </Card>
    </div>
  );
}
