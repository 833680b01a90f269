import { useQuery } from '@tanstack/react-query';
import type { WorkSchedule, WorkScheduleEntryInput, WorkScheduleSummary } from '../../../shared/work-schedule';
import { api } from '../../api/client';

export const scheduleKeys = {
  all: ['work-schedule'] as const,
  week: (week: string) => ['work-schedule', 'week', week] as const,
  one: (id: string) => ['work-schedule', 'one', id] as const,
};

export const useWeekSchedules = (week: string) =>
  useQuery({ queryKey: scheduleKeys.week(week), queryFn: () => api<WorkScheduleSummary[]>('/api/work-schedules', { query: { week } }) });
export const useSchedule = (id: string | null) =>
  useQuery({ queryKey: scheduleKeys.one(id ?? ''), queryFn: () => api<WorkSchedule>(`/api/work-schedules/${id}`), enabled: Boolean(id) });

export const createSchedule = (weekStart: string) => api<WorkSchedule>('/api/work-schedules', { method: 'POST', body: { weekStart } });
export const saveEntry = (scheduleId: string, entryId: string | null, body: WorkScheduleEntryInput) =>
  api<WorkSchedule>(entryId ? `/api/work-schedules/${scheduleId}/entries/${entryId}` : `/api/work-schedules/${scheduleId}/entries`, { method: entryId ? 'PUT' : 'POST', body });
export const removeEntry = (scheduleId: string, entryId: string) => api<WorkSchedule>(`/api/work-schedules/${scheduleId}/entries/${entryId}`, { method: 'DELETE' });
export const scheduleAction = (scheduleId: string, action: 'approve' | 'publish') => api<WorkSchedule>(`/api/work-schedules/${scheduleId}/${action}`, { method: 'POST' });
