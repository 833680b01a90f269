import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TaskPriority, TaskStatus } from '../../../shared/tasks';

const PRIORITY_COLORS: Record<TaskPriority, string | undefined> = { low: 'default', normal: undefined, high: 'orange', urgent: 'red' };
const STATUS_COLORS: Record<TaskStatus, string> = { in_progress: 'processing', completed: 'gold', accepted: 'success' };

export function PriorityTag({ priority }: { priority: TaskPriority }) {
  const { t } = useTranslation();
  if (priority === 'normal') return null;
  return <Tag color={PRIORITY_COLORS[priority]} data-testid="task-priority">{t(`tasks.priority.${priority}`)}</Tag>;
}

export function TaskStatusTag({ status }: { status: TaskStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]} data-testid="task-status">{t(`tasks.statusName.${status}`)}</Tag>;
}
