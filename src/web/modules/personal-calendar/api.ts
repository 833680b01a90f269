import { useQuery } from '@tanstack/react-query';
import type { CalendarItem } from '../../../shared/calendar-items';
import type { CalendarFeedInfo, PersonalEvent, PersonalEventInput } from '../../../shared/personal-calendar';
import { api } from '../../api/client';

export const calendarKeys = {
  all: ['personal-calendar'] as const,
  items: (from: string, to: string) => ['personal-calendar', 'items', from, to] as const,
  feed: ['personal-calendar', 'feed'] as const,
};

export const useCalendarItems = (range: { from: string; to: string } | null) =>
  useQuery({
    queryKey: calendarKeys.items(range?.from ?? '', range?.to ?? ''),
    queryFn: () => api<CalendarItem[]>('/api/personal-calendar/items', { query: { from: range!.from, to: range!.to } }),
    enabled: Boolean(range),
    placeholderData: (previous) => previous,
  });

export const useFeedInfo = () => useQuery({ queryKey: calendarKeys.feed, queryFn: () => api<CalendarFeedInfo>('/api/personal-calendar/feed') });

export const getEvent = (id: string) => api<PersonalEvent>(`/api/personal-calendar/events/${id}`);
export const saveEvent = (id: string | null, body: PersonalEventInput) =>
  api<PersonalEvent>(id ? `/api/personal-calendar/events/${id}` : '/api/personal-calendar/events', { method: id ? 'PUT' : 'POST', body });
export const deleteEvent = (id: string) => api(`/api/personal-calendar/events/${id}`, { method: 'DELETE' });
export const renewFeed = () => api<CalendarFeedInfo>('/api/personal-calendar/feed', { method: 'POST' });
