import { ReloadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobCounts, JobsOverview, JobState, JobView } from '../../../../shared/jobs';
import { api, post } from '../../../api/client';
import { ErrorAlert, formatDateTime } from '../../../components/labels';
import { ListState, useKeyboardScroll } from '../../../components/ListStates';

// Quản trị → Tác vụ nền: the background-job queue of the whole deployment (conversions, text
// extraction…): how many of each kind wait, run, failed or finished today, the failed ones with
// their error, and a button to run a failed one again.

const STATE_COLORS: Record<JobState, string> = { created: 'default', retry: 'orange', active: 'blue', completed: 'green', cancelled: 'default', failed: 'red' };
const jobsKey = ['admin', 'jobs'] as const;

function JobName({ name }: { name: string }) {
  const { t } = useTranslation();
  return (
    <div>
      <div>{t(`jobs.names.${name}`, { defaultValue: name })}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{name}</Typography.Text>
    </div>
  );
}

export function JobsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [retrying, setRetrying] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  // The queue moves on its own: the page follows it every few seconds.
  const jobs = useQuery({ queryKey: jobsKey, queryFn: () => api<JobsOverview>('/api/admin/jobs'), refetchInterval: 5000 });
  const tableRef = useRef<HTMLDivElement>(null);
  useKeyboardScroll(tableRef, t('common.tableRegion', { name: t('jobs.title') }));

  useEffect(() => {
    document.title = `${t('jobs.title')} — VanPhong`;
  }, [t]);

  async function retry(job: JobView) {
    setRetrying(job.id);
    setError(null);
    try {
      await post(`/api/admin/jobs/${job.id}/retry`);
      void message.success(t('jobs.retried'));
      await queryClient.invalidateQueries({ queryKey: jobsKey });
    } catch (e) {
      setError(e);
    } finally {
      setRetrying(null);
    }
  }

  const columns = (kind: 'waiting' | 'running' | 'failed' | 'completed') => [
    { title: t('jobs.name'), dataIndex: 'name', width: 240, render: (name: string) => <JobName name={name} /> },
    { title: t('jobs.state'), dataIndex: 'state', width: 130, render: (state: JobState) => <Tag color={STATE_COLORS[state]}>{t(`jobs.states.${state}`)}</Tag> },
    { title: t('jobs.tries'), key: 'tries', width: 90, render: (_: unknown, job: JobView) => `${job.retryCount + (job.state === 'created' ? 0 : 1)}/${job.retryLimit + 1}` },
    {
      title: kind === 'waiting' ? t('jobs.startAfter') : kind === 'running' ? t('jobs.startedAt') : t('jobs.completedAt'),
      key: 'when',
      width: 160,
      render: (_: unknown, job: JobView) => formatDateTime(kind === 'waiting' ? job.startAfter : kind === 'running' ? job.startedAt : job.completedAt),
    },
    { title: t('jobs.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
    ...(kind === 'failed' || kind === 'waiting'
      ? [{ title: t('jobs.error'), dataIndex: 'error', render: (v: string | null) => (v ? <Typography.Text type="danger" data-testid="job-error">{v}</Typography.Text> : '—') }]
      : []),
    ...(kind === 'failed'
      ? [{
        title: t('jobs.actions'),
        key: 'actions',
        width: 130,
        render: (_: unknown, job: JobView) => (
          <Button icon={<ReloadOutlined />} loading={retrying === job.id} onClick={() => void retry(job)} data-testid="job-retry" aria-label={`${t('jobs.retry')}: ${t(`jobs.names.${job.name}`, { defaultValue: job.name })}`}>
            {t('jobs.retry')}
          </Button>
        ),
      }]
      : []),
  ];

  const list = (kind: 'waiting' | 'running' | 'failed' | 'completed') => (
    <Table<JobView>
      rowKey="id"
      size="middle"
      data-testid={`jobs-${kind}`}
      loading={jobs.isPending}
      dataSource={jobs.data?.[kind] ?? []}
      locale={{ emptyText: <ListState error={jobs.error} onRetry={() => void jobs.refetch()} empty={t(`jobs.empty.${kind}`)} /> }}
      pagination={{ pageSize: kind === 'completed' ? 10 : 20, hideOnSinglePage: true }}
      scroll={{ x: 900 }}
      columns={columns(kind)}
    />
  );

  const total = (key: 'waiting' | 'running' | 'failed' | 'completed') => (jobs.data?.counts ?? []).reduce((sum, c) => sum + c[key], 0);

  return (
    <Card>
      <Typography.Title level={1} className="vp-page-title" data-testid="page-title">{t('jobs.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('jobs.intro')}</Typography.Paragraph>
      <ErrorAlert error={error ?? (jobs.data ? jobs.error : null)} style={{ marginBottom: 12 }} />
      <Table<JobCounts>
        rowKey="name"
        size="small"
        data-testid="jobs-counts"
        style={{ marginBottom: 16 }}
        loading={jobs.isPending}
        dataSource={jobs.data?.counts ?? []}
        pagination={false}
        locale={{ emptyText: <ListState error={jobs.error} onRetry={() => void jobs.refetch()} empty={t('jobs.empty.counts')} /> }}
        columns={[
          { title: t('jobs.name'), dataIndex: 'name', render: (name: string) => <JobName name={name} /> },
          { title: t('jobs.tabs.waiting'), dataIndex: 'waiting', width: 110, align: 'right' },
          { title: t('jobs.tabs.running'), dataIndex: 'running', width: 110, align: 'right' },
          { title: t('jobs.tabs.failed'), dataIndex: 'failed', width: 110, align: 'right', render: (n: number) => (n ? <Typography.Text type="danger" strong>{n}</Typography.Text> : n) },
          { title: t('jobs.tabs.completed'), dataIndex: 'completed', width: 150, align: 'right' },
        ]}
      />
      {/* Failed first: what needs the admin. Plain sections, not tabs: a phone shows them one under another. */}
      <div ref={tableRef}>
        {(['failed', 'running', 'waiting', 'completed'] as const).map((kind) => (
          <section key={kind} aria-labelledby={`jobs-${kind}-title`} style={{ marginTop: 16 }}>
            <Typography.Title level={2} id={`jobs-${kind}-title`} style={{ fontSize: 18 }}>
              <Space size={8}><span>{t(`jobs.tabs.${kind}`)}</span><Tag>{total(kind)}</Tag></Space>
            </Typography.Title>
            {list(kind)}
          </section>
        ))}
      </div>
    </Card>
  );
}
