import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
// The ES module build: the CommonJS one (lib/) reaches the bundle as an object, not a component (React error 130).
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useTranslation } from 'react-i18next';
import type { DashboardCharts as Charts } from '../../../shared/reports';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/labels';

// Only the chart types and parts the dashboard draws, so this lazily loaded chunk stays small.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const shortDate = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;

export function DashboardCharts() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['dashboard-charts'], queryFn: () => api<Charts>('/api/dashboard/charts') });
  if (!query.data) return <ErrorAlert error={query.error} />;
  const c = query.data;
  const opts = { renderer: 'svg' as const };
  const perWeek = {
    tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 40, right: 16, top: 32, bottom: 24 },
    xAxis: { type: 'category', data: c.weeks.map((w) => shortDate(w.weekStart)) }, yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('dashboard.charts.incoming'), type: 'bar', data: c.weeks.map((w) => w.incoming), color: '#1d4f91' },
      { name: t('dashboard.charts.outgoing'), type: 'bar', data: c.weeks.map((w) => w.outgoing), color: '#52a35f' },
    ],
  };
  const units = c.onTimeByUnit.filter((u) => u.onTime + u.late + u.overdue > 0);
  const rate = (u: (typeof units)[number]) => Math.round((u.onTime * 1000) / (u.onTime + u.late + u.overdue)) / 10;
  const onTime = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` }, grid: { left: 160, right: 24, top: 8, bottom: 24 },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: units.map((u) => u.name ?? t('dashboard.charts.unassigned')) },
    series: [{ name: t('dashboard.charts.onTimeRate'), type: 'bar', data: units.map(rate), color: '#52a35f' }],
  };
  const backlog = {
    tooltip: { trigger: 'axis' }, grid: { left: 40, right: 16, top: 8, bottom: 24 },
    xAxis: { type: 'category', data: c.backlogByAge.map((b) => t(`dashboard.charts.age.${b.bucket}`)) }, yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: t('dashboard.charts.backlog'), type: 'bar', data: c.backlogByAge.map((b) => b.count), color: '#d4380d' }],
  };
  return (
    <Row gutter={[12, 12]} data-testid="dashboard-charts">
      <Col xs={24} xl={12}><Card size="small" title={t('dashboard.charts.perWeek')}><ReactEChartsCore echarts={echarts} option={perWeek} opts={opts} style={{ height: 260 }} /></Card></Col>
      <Col xs={24} xl={12}><Card size="small" title={t('dashboard.charts.onTimeByUnit')}><ReactEChartsCore echarts={echarts} option={onTime} opts={opts} style={{ height: 260 }} /></Card></Col>
      <Col xs={24} xl={12}><Card size="small" title={t('dashboard.charts.backlogByAge')}><ReactEChartsCore echarts={echarts} option={backlog} opts={opts} style={{ height: 260 }} /></Card></Col>
    </Row>
  );
}
