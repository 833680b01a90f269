import { useQuery } from '@tanstack/react-query';
import { Card, Col, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { URGENCIES } from '../../../shared/enums';
import type { DashboardSummary, NamedCount } from '../../../shared/reports';
import { api } from '../../api/client';
import { useMe } from '../../api/queries';
import { ErrorAlert } from '../../components/labels';
import { PageLoading } from '../../components/PageLoading';

// The charts (ECharts) are a chunk of their own, fetched only when the dashboard is opened.
const DashboardCharts = lazy(() => import('./DashboardCharts').then((m) => ({ default: m.DashboardCharts })));

const URGENCY_COLORS: Record<string, string> = { normal: 'default', urgent: 'orange', very_urgent: 'volcano', flash: 'red' };

function Figure({ title, value, to, testId, danger }: { title: string; value: number; to: string; testId: string; danger?: boolean }) {
  return (
    <Card size="small" style={{ height: '100%' }}>
      {/* Its name is what it shows (title and number): an aria-label of other words fails WCAG 2.5.3. */}
      <Link to={to} data-testid={testId}>
        <Statistic title={title} value={value} styles={{ content: danger && value ? { color: '#cf1322' } : undefined }} />
      </Link>
    </Card>
  );
}

/** `unnamed`: what a row without a name stands for (work not yet given to a unit, or to a person). */
function Breakdown({ title, rows, link, empty, unnamed, testId }: { title: string; rows: NamedCount[]; link: (row: NamedCount) => string; empty: string; unnamed: string; testId: string }) {
  return (
    <Card size="small" title={title} style={{ height: '100%' }}>
      <List
        size="small"
        data-testid={testId}
        dataSource={rows}
        locale={{ emptyText: empty }}
        renderItem={(row) => (
          <List.Item extra={<Link to={link(row)}>{row.count}</Link>}>
            <Link to={link(row)}>{row.name ?? unnamed}</Link>
          </List.Item>
        )}
      />
    </Card>
  );
}

export function DashboardPage() {
  const { t } = useTranslation();
  const me = useMe().data!;
  useEffect(() => { document.title = `${t('dashboard.title')} — VanPhong`; }, [t]);
  const query = useQuery({ queryKey: ['dashboard'], queryFn: () => api<DashboardSummary>('/api/dashboard'), refetchInterval: 60_000 });
  if (query.isPending) return <PageLoading />;
  if (!query.data) return <ErrorAlert error={query.error} />;
  const d = query.data;
  const receivedTotal = URGENCIES.reduce((sum, u) => sum + d.receivedToday[u], 0);
  const today = `from=${d.today}&to=${d.today}`;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={1} className="vp-page-title" data-testid="page-title">{t('dashboard.title')}</Typography.Title>
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12} xl={8}>
          <Card size="small" style={{ height: '100%' }}>
            <Link to={`/incoming?${today}`} data-testid="dashboard-received">
              <Statistic title={t('dashboard.receivedToday')} value={receivedTotal} />
            </Link>
            <Space wrap style={{ marginTop: 8 }}>
              {URGENCIES.map((u) => (
                <Link key={u} to={`/incoming?${today}&urgency=${u}`} data-testid={`dashboard-received-${u}`}>
                  <Tag color={URGENCY_COLORS[u]}>{t(`enums.urgency.${u}`)}: {d.receivedToday[u]}</Tag>
                </Link>
              ))}
            </Space>
          </Card>
        </Col>
        <Col xs={12} md={6} xl={4}><Figure testId="dashboard-direction" title={t('dashboard.waitingDirection')} value={d.waitingDirection} to={`/incoming?status=submitted&submittedTo=${me.id}`} /></Col>
        <Col xs={12} md={6} xl={4}><Figure testId="dashboard-approval" title={t('dashboard.waitingApproval')} value={d.waitingApproval} to="/outgoing/box/review" /></Col>
        <Col xs={12} md={6} xl={4}><Figure testId="dashboard-signature" title={t('dashboard.waitingSignature')} value={d.waitingSignature} to="/outgoing/box/to_sign" /></Col>
        <Col xs={12} md={6} xl={4}><Figure testId="dashboard-due-soon" title={t('dashboard.dueSoon', { date: d.dueSoonUntil.split('-').reverse().join('/') })} value={d.dueSoon} to={`/tracking?state=in_progress&dueFrom=${d.today}&dueTo=${d.dueSoonUntil}`} /></Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} md={8}><Figure testId="dashboard-overdue" danger title={t('dashboard.overdue')} value={d.overdue.total} to="/tracking?state=overdue" /></Col>
        <Col xs={24} md={8}>
          <Breakdown testId="dashboard-overdue-units" title={t('dashboard.overdueByUnit')} rows={d.overdue.byUnit} empty={t('dashboard.noOverdue')} unnamed={t('dashboard.noUnit')}
            link={(r) => (r.id ? `/tracking?state=overdue&unitId=${r.id}` : '/tracking?state=overdue')} />
        </Col>
        <Col xs={24} md={8}>
          <Breakdown testId="dashboard-overdue-people" title={t('dashboard.overdueByPerson')} rows={d.overdue.byPerson} empty={t('dashboard.noOverdue')} unnamed={t('dashboard.noPerson')}
            link={(r) => (r.id ? `/tracking?state=overdue&userId=${r.id}` : '/tracking?state=overdue')} />
        </Col>
      </Row>
      <Suspense fallback={<PageLoading />}>
        <DashboardCharts />
      </Suspense>
    </Space>
  );
}
