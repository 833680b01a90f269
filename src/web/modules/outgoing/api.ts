import { type QueryClient, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { keys } from '../../api/queries';
import type { OutgoingCounts, OutgoingDetail, VersionComparison } from './types';

// Query keys and fetchers of the outgoing module, kept here so the shared queries.ts stays untouched.

export const outgoingKeys = {
  all: ['outgoing'] as const,
  counts: ['outgoing', 'counts'] as const,
  list: ['outgoing', 'list'] as const,
  detail: (id: string) => ['outgoing', 'detail', id] as const,
  compare: (id: string, from: number, to: number) => ['outgoing', 'compare', id, from, to] as const,
};

export function useOutgoingCounts(enabled = true) {
  return useQuery({
    queryKey: outgoingKeys.counts,
    queryFn: () => api<OutgoingCounts>('/api/outgoing-documents/counts'),
    // No polling: the notification stream pushes new counts (modules/notifications/api.ts).
    enabled,
  });
}

export function useOutgoing(id: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: outgoingKeys.detail(id),
    queryFn: () => api<OutgoingDetail>(`/api/outgoing-documents/${id}`),
    // While a DOCX version is being turned into PDF the page asks again until it is done.
    refetchInterval: (query) => {
      const latest = query.state.data?.versions.at(-1);
      return latest && (latest.pdf.status === 'pending' || latest.pdf.status === 'converting') ? 3_000 : false;
    },
  });
}

/** After an action: the document, the outgoing lists, the menu counts, and the incoming document it answers. */
export async function refreshOutgoing(client: QueryClient, id?: string, replyToId?: string | null): Promise<void> {
  await Promise.all([
    client.invalidateQueries({ queryKey: outgoingKeys.all }),
    ...(id ? [client.invalidateQueries({ queryKey: outgoingKeys.detail(id) })] : []),
    ...(replyToId ? [client.invalidateQueries({ queryKey: keys.document(replyToId) })] : []),
  ]);
}

export const versionUrl = (id: string, version: number) => `/api/outgoing-documents/${id}/versions/${version}`;
export const versionPdfUrl = (id: string, version: number) => `${versionUrl(id, version)}/pdf`;

/** The words changed between two versions; a version never changes, so the answer is kept while the page is open. */
export function useVersionComparison(id: string, from: number, to: number, enabled: boolean) {
  return useQuery({
    queryKey: outgoingKeys.compare(id, from, to),
    queryFn: ({ signal }) => api<VersionComparison>(`/api/outgoing-documents/${id}/versions/compare`, { query: { from, to }, signal }),
    enabled: enabled && from !== to,
    staleTime: Infinity,
  });
}
