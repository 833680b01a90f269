import { FileExcelOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Space, Statistic, Table, Tabs, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { STATISTICS_DIMENSIONS, type Statistics, type StatisticsDimension, type StatisticsRow } from '../../../shared/reports';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/labels';
import { PeriodPicker, queryOf, usePeriod } from './period';
import { countColumns } from './ReportsPage';

/** Counts of incoming documents by period, type, issuer, unit, person, urgency and state, with their rates. */
export function StatisticsPage() {
  const { t } = useTranslation();
  const { from, to, set } = usePeriod();
  useEffect(() => { document.title = `${t('statistics.title')} — VanPhong`; }, [t]);
  const query = useQuery({ queryKey: ['statistics', from, to], queryFn: () => api<Statistics>('/api/statistics', { query: { from, to } }) });
  const label = (d: StatisticsDimension, row: StatisticsRow): string => {
    if (row.key === null) return t('reports.unassigned');
    if (d === 'type') return t(`enums.documentType.${row.key}`);
    if (d === 'urgency') return t(`enums.urgency.${row.key}`);
    if (d === 'state') return t(`tracking.state.${row.key}`);
    if (d === 'month') return `${row.key.slice(5, 7)}/${row.key.slice(0, 4)}`;
    return row.name ?? row.key;
  };
  const s = query.data;
  return (
    <Card>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Title level={1} className="vp-page-title" style={{ marginBottom: 0 }} data-testid="page-title">{t('statistics.title')}</Typography.Title>
          <Space wrap>
            <PeriodPicker from={from} to={to} onChange={set} />
            <Button icon={<FileExcelOutlined />} href={`/api/statistics/xlsx?${queryOf({ from, to })}`} download data-testid="statistics-xlsx">{t('reports.xlsx')}</Button>
          </Space>
        </Space>
        <ErrorAlert error={query.error} />
        {s && (
          <>
            <Row gutter={[12, 12]}>
              {(['received', 'onTime', 'late', 'inProgress', 'overdue'] as const).map((k) => (
                <Col key={k} xs={12} md={8} xl={4}><Card size="small"><Statistic title={t(`statistics.totals.${k}`)} value={s.totals[k]} /></Card></Col>
              ))}
            </Row>
            <Tabs
              items={STATISTICS_DIMENSIONS.map((d) => ({
                key: d,
                label: t(`statistics.by.${d}`),
                children: (
                  <Table<StatisticsRow> size="small" bordered pagination={{ pageSize: 20, hideOnSinglePage: true }} rowKey={(row) => row.key ?? 'none'}
                    columns={countColumns<StatisticsRow>(t, t(`statistics.by.${d}`), (row) => label(d, row))}
                    dataSource={s.rows[d]} />
                ),
              }))}
            />
          </>
        )}
      </Space>
    </Card>
  );
}
