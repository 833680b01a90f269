import { type QueryClient, useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import type { Role } from '../../shared/enums';
import { ApiError, api } from './client';
import type { Agency, InboxCounts, Me, Unit, User } from './types';

export const keys = {
  me: ['me'] as const,
  agency: ['agency'] as const,
  counts: ['inbox-counts'] as const,
  inbox: ['inbox'] as const,
  register: ['incoming-list'] as const,
  document: (id: string) => ['document', id] as const,
  units: ['units'] as const,
  users: (includeInactive: boolean) => ['users', includeInactive] as const,
};

/** The signed-in official, or null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: async () => {
      try {
        return (await api<{ user: Me }>('/api/auth/me')).user;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function hasRole(user: Pick<Me, 'roles'> | null | undefined, role: Role): boolean {
  return Boolean(user?.roles.includes(role));
}

export function useAgency(enabled = true) {
  return useQuery({ queryKey: keys.agency, queryFn: () => api<Agency>('/api/org/agency'), staleTime: 10 * 60_000, enabled });
}

export function useCounts(enabled = true) {
  return useQuery({
    queryKey: keys.counts,
    queryFn: () => api<InboxCounts>('/api/inbox/counts'),
    // No polling: the notification stream pushes new counts (modules/notifications/api.ts).
    enabled,
  });
}

export function useUnits() {
  return useQuery({ queryKey: keys.units, queryFn: async () => (await api<{ items: Unit[] }>('/api/org/units')).items, staleTime: 60_000 });
}

export function useUsers(includeInactive = false) {
  return useQuery({
    queryKey: keys.users(includeInactive),
    queryFn: async () => (await api<{ items: User[] }>('/api/org/users', { query: { includeInactive: includeInactive ? 'true' : undefined } })).items,
    staleTime: 60_000,
  });
}

const vietnamDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * Now by the server's clock (a PC's clock may be wrong, or in another zone): the server's time is
 * fetched once and the PC's clock only measures how much time has passed since.
 */
export function useServerNow(): Date {
  const query = useQuery({
    queryKey: ['server-time'],
    queryFn: async () => {
      const time = await api<{ now: string; today: string }>('/api/time');
      return { offset: Date.parse(time.now) - Date.now() };
    },
    staleTime: 60 * 60_000,
  });
  return new Date(Date.now() + (query.data?.offset ?? 0));
}

/** Today in Vietnam by the server's clock. */
export function useToday(): Dayjs {
  return dayjs(vietnamDay.format(useServerNow()));
}

/** After any workflow action: the document, the lists and the menu counts change. */
export async function refreshAfterAction(client: QueryClient, documentId?: string): Promise<void> {
  await Promise.all([
    client.invalidateQueries({ queryKey: keys.counts }),
    client.invalidateQueries({ queryKey: keys.inbox }),
    client.invalidateQueries({ queryKey: keys.register }),
    ...(documentId ? [client.invalidateQueries({ queryKey: keys.document(documentId) })] : []),
  ]);
}
