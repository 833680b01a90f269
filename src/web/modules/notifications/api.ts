import { type QueryClient, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { type NotificationPage, type NotificationView, type PushedCounts, subjectPath } from '../../../shared/notifications';
import { api } from '../../api/client';
import { keys } from '../../api/queries';
import type { ExchangeChange } from '../../../shared/exchange';
import { applyExchangeChange, exchangeKeys } from '../exchange/api';
import { outgoingKeys } from '../outgoing/api';

export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread'] as const,
  latest: ['notifications', 'latest'] as const,
  list: (unreadOnly: boolean) => ['notifications', 'list', unreadOnly] as const,
  preferences: ['notifications', 'preferences'] as const,
};

export function useUnreadCount() {
  return useQuery({ queryKey: notificationKeys.unread, queryFn: async () => (await api<{ unread: number }>('/api/notifications/unread-count')).unread });
}

export function useLatestNotifications(enabled: boolean) {
  return useQuery({ queryKey: notificationKeys.latest, queryFn: () => api<NotificationPage>('/api/notifications', { query: { limit: 8 } }), enabled });
}

/** What the menu counts come from, refetched whenever the live stream (re)connects or says so. */
function refetchPushed(client: QueryClient) {
  void client.invalidateQueries({ queryKey: keys.counts });
  void client.invalidateQueries({ queryKey: outgoingKeys.counts });
  void client.invalidateQueries({ queryKey: notificationKeys.all });
  void client.invalidateQueries({ queryKey: exchangeKeys.all });
  void client.invalidateQueries({ queryKey: ['messages'] });
}

/**
 * The live stream (GET /api/notifications/stream): the menu counts and the bell follow without
 * polling. The browser's EventSource reconnects by itself after a drop; once it is back, everything
 * it may have missed is fetched again. Returns whether the stream is connected.
 */
export function useNotificationStream(client: QueryClient, onNotice?: (notice: NotificationView) => void): boolean {
  const [connected, setConnected] = useState(true);
  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let dropped = false;
    const connect = () => {
      const current = new EventSource('/api/notifications/stream');
      source = current;
      current.addEventListener('open', () => {
        setConnected(true);
        if (dropped) refetchPushed(client);
        dropped = false;
      });
      current.addEventListener('error', () => {
        dropped = true;
        setConnected(current.readyState === EventSource.OPEN);
        // The browser retries a dropped stream itself, but not one refused outright (503 when the
        // server is busy, 401): try again a little later, at a random moment so browsers spread out.
        if (current.readyState === EventSource.CLOSED) retry = setTimeout(connect, 5_000 + Math.random() * 10_000);
      });
      current.addEventListener('counts', (event) => {
        const counts = JSON.parse((event as MessageEvent<string>).data) as PushedCounts;
        client.setQueryData(keys.counts, counts.inbox);
        client.setQueryData(outgoingKeys.counts, counts.outgoing);
        client.setQueryData(notificationKeys.unread, counts.unread);
      });
      current.addEventListener('unread', (event) => {
        client.setQueryData(notificationKeys.unread, (JSON.parse((event as MessageEvent<string>).data) as { unread: number }).unread);
      });
      current.addEventListener('notification', (event) => {
        const notice = JSON.parse((event as MessageEvent<string>).data) as NotificationView;
        void client.invalidateQueries({ queryKey: notificationKeys.latest });
        void client.invalidateQueries({ queryKey: ['notifications', 'list'] });
        // The inbox lists behind the counts change too.
        void client.invalidateQueries({ queryKey: keys.inbox });
        onNotice?.(notice);
      });
      current.addEventListener('exchange', (event) => applyExchangeChange(client, JSON.parse((event as MessageEvent<string>).data) as ExchangeChange));
      current.addEventListener('resync', () => refetchPushed(client));
      // A conversation I am a member of changed (messages/api.ts messageKeys.all): its screens and the menu badge refetch.
      current.addEventListener('message', () => { void client.invalidateQueries({ queryKey: ['messages'] }); });
    };
    connect();
    return () => {
      clearTimeout(retry);
      source?.close();
    };
    // onNotice is read once: the stream is not reopened for a new callback.
  }, [client]);
  return connected;
}

export async function markRead(client: QueryClient, ids: string[] | 'all'): Promise<void> {
  const result = ids === 'all'
    ? await api<{ unread: number }>('/api/notifications/read-all', { method: 'POST' })
    : await api<{ unread: number }>('/api/notifications/read', { method: 'POST', body: { ids } });
  client.setQueryData(notificationKeys.unread, result.unread);
  await client.invalidateQueries({ queryKey: notificationKeys.all });
}

/** Where a notice leads: the document's page, else its subject's (a meeting, a task...). */
export function noticeLink(notice: Pick<NotificationView, 'documentId' | 'documentDirection' | 'subject'>): string | null {
  if (!notice.documentId) return notice.subject ? subjectPath(notice.subject) : null;
  return notice.documentDirection === 'incoming' ? `/incoming/${notice.documentId}` : `/outgoing/${notice.documentId}`;
}
