import { Button, Card, Grid, Progress, Select, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { TaskListQuery, TaskStatus, TaskSummary, TaskView } from '../../../shared/tasks';
import { hasRole, useMe, useUnits } from '../../api/queries';
import { DueDate, ErrorAlert } from '../../components/labels';
import { useTasks } from './api';
import { PriorityTag, TaskStatusTag } from './labels';

// Giao việc: the tasks I gave, I have, my unit's (unit heads) and, for leaders, every task of the
// agency with filters. Overdue ones come first and are marked red.

export function TasksPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const views: TaskView[] = ['mine', 'given', ...(hasRole(me, 'unit_head') ? ['unit' as const] : []), ...(hasRole(me, 'leader') ? ['all' as const] : [])];
  const view = (views.includes(params.get('view') as TaskView) ? params.get('view') : 'mine') as TaskView;
  const status = (params.get('status') ?? 'open') as TaskStatus | 'open' | 'any';
  const overdue = params.get('overdue') === 'true' ? true : undefined;
  const unitId = params.get('unitId') ?? undefined;
  const query: TaskListQuery = { view, status: status === 'any' ? undefined : status, overdue, unitId: view === 'all' ? unitId : undefined };
  const tasks = useTasks(query, Boolean(me));
  // On a phone the status and progress sit under the title: the table keeps two columns.
  const narrow = !Grid.useBreakpoint().sm;
  const units = useUnits();
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined) next.delete(key); else next.set(key, value);
    setParams(next, { replace: true });
  };
  const columns: ColumnsType<TaskSummary> = [
    {
      title: t('tasks.title'), key: 'title',
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Link to={`/tasks/${r.id}`} data-testid="task-link">{r.title}</Link>
          <Space size={4} wrap>
            <PriorityTag priority={r.priority} />
            {r.overdue && <Tag color="red" data-testid="task-overdue">{t('tasks.overdue')}</Tag>}
            {r.parentTaskId && <Tag>{t('tasks.subtaskTag')}</Tag>}
            {narrow && <TaskStatusTag status={r.status} />}
            {narrow && <Typography.Text type="secondary">{r.progress}%</Typography.Text>}
          </Space>
        </Space>
      ),
    },
    { title: t('tasks.lead'), dataIndex: 'lead', width: 190, responsive: ['md'] },
    { title: t('tasks.assigner'), key: 'assigner', width: 170, responsive: ['lg'], render: (_, r) => r.assigner.fullName },
    { title: t('tasks.dueDate'), key: 'due', width: 110, render: (_, r) => <DueDate value={r.dueDate} overdue={r.overdue} /> },
    { title: t('tasks.progress'), key: 'progress', width: 130, responsive: ['sm'], render: (_, r) => <Progress percent={r.progress} size="small" status={r.overdue ? 'exception' : r.status === 'accepted' ? 'success' : 'active'} aria-label={t('tasks.progress')} /> },
    { title: t('tasks.status'), key: 'status', width: 130, responsive: ['sm'], render: (_, r) => <TaskStatusTag status={r.status} /> },
  ];
  return (
    <div data-testid="tasks-page">
      <Card size="small">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Title level={1} style={{ margin: 0 }} data-testid="page-title">{t('tasks.pageTitle')}</Typography.Title>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/tasks/new')} data-testid="task-new">{t('tasks.new')}</Button>
        </Space>
        <Tabs activeKey={view} onChange={(key) => set('view', key)} items={views.map((v) => ({ key: v, label: <span data-testid={`tasks-tab-${v}`}>{t(`tasks.view.${v}`)}</span> }))} />
        <Space wrap style={{ marginBottom: 12 }}>
          <Select value={status} onChange={(v) => set('status', v)} style={{ width: 190 }} aria-label={t('tasks.status')} data-testid="tasks-status"
            options={(['open', 'in_progress', 'completed', 'accepted', 'any'] as const).map((s) => ({ value: s, label: t(`tasks.filter.${s}`) }))} />
          {view === 'all' && (
            <Select allowClear value={unitId} onChange={(v?: string) => set('unitId', v)} placeholder={t('tasks.filter.unit')} style={{ width: 260 }} aria-label={t('tasks.filter.unit')}
              options={(units.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))} data-testid="tasks-unit" />
          )}
          <Space>
            <Switch checked={Boolean(overdue)} onChange={(on) => set('overdue', on ? 'true' : undefined)} aria-label={t('tasks.filter.overdue')} data-testid="tasks-overdue-only" />
            <span>{t('tasks.filter.overdue')}</span>
          </Space>
        </Space>
        <ErrorAlert error={tasks.error} />
        <Table<TaskSummary> rowKey="id" size="small" columns={columns} dataSource={tasks.data ?? []} loading={tasks.isPending} pagination={{ pageSize: 20, hideOnSinglePage: true }}
          rowClassName={(r) => (r.overdue ? 'task-row-overdue' : '')} onRow={(r) => ({ 'data-overdue': r.overdue ? 'true' : undefined } as React.HTMLAttributes<HTMLElement>)}
          locale={{ emptyText: t('tasks.empty') }} data-testid="tasks-table" />
      </Card>
    </div>
  );
}
