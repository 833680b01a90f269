import { useQuery } from '@tanstack/react-query';
import type { TaskDetail, TaskListQuery, TaskSummary } from '../../../shared/tasks';
import { api } from '../../api/client';

// The tasks module's API calls: the shapes come from src/shared/tasks.ts, as the server's.

export const taskKeys = {
  all: ['tasks'] as const,
  list: (query: TaskListQuery) => ['tasks', 'list', query] as const,
  task: (id: string) => ['tasks', 'task', id] as const,
};

export const useTasks = (query: TaskListQuery, enabled = true) =>
  useQuery({
    queryKey: taskKeys.list(query),
    queryFn: async () => (await api<{ items: TaskSummary[] }>('/api/tasks', {
      query: { view: query.view, status: query.status, overdue: query.overdue === undefined ? undefined : String(query.overdue), unitId: query.unitId },
    })).items,
    enabled,
  });

export const useTask = (id: string) => useQuery({ queryKey: taskKeys.task(id), queryFn: () => api<TaskDetail>(`/api/tasks/${id}`) });

/** "u:<id>" for a unit, "p:<id>" for an official (the pickers' values) as the API's reference. */
export function assigneeRef(value: string): { unitId: string } | { userId: string } {
  return value.startsWith('u:') ? { unitId: value.slice(2) } : { userId: value.slice(2) };
}
