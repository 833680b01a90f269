import { useQuery } from '@tanstack/react-query';
import type { ConversationDetail, ConversationSummary, MessagePage, MessageSearchHit, MessageView } from '../../../shared/chat';
import { api } from '../../api/client';

// The messages module's API calls (src/shared/chat.ts). The live stream's `message` event
// invalidates messageKeys.all (notifications/api.ts), so every screen here refetches at once.

export const messageKeys = {
  all: ['messages'] as const,
  list: ['messages', 'list'] as const,
  unread: ['messages', 'unread'] as const,
  conversation: (id: string) => ['messages', 'conversation', id] as const,
  page: (id: string) => ['messages', 'page', id] as const,
  search: (q: string) => ['messages', 'search', q] as const,
};

export const useConversations = () =>
  useQuery({ queryKey: messageKeys.list, queryFn: () => api<{ items: ConversationSummary[]; unread: number }>('/api/conversations') });

export const useUnreadMessages = () =>
  useQuery({ queryKey: messageKeys.unread, queryFn: async () => (await api<{ unread: number }>('/api/conversations/unread-count')).unread });

export const useConversation = (id: string) =>
  useQuery({ queryKey: messageKeys.conversation(id), queryFn: () => api<ConversationDetail>(`/api/conversations/${id}`), enabled: Boolean(id), retry: false });

export const useMessages = (id: string) =>
  useQuery({ queryKey: messageKeys.page(id), queryFn: () => api<MessagePage>(`/api/conversations/${id}/messages`, { query: { limit: 100 } }), enabled: Boolean(id), retry: false });

export const useMessageSearch = (q: string) =>
  useQuery({ queryKey: messageKeys.search(q), queryFn: () => api<{ items: MessageSearchHit[] }>('/api/conversations/search', { query: { q } }), enabled: q.trim().length > 0 });

export const sendText = (id: string, body: { text: string; link?: { kind: 'document' | 'task'; id: string } | null }) =>
  api<MessageView>(`/api/conversations/${id}/messages`, { method: 'POST', body });

export function sendFiles(id: string, files: File[], text: string) {
  const form = new FormData();
  form.set('text', text);
  for (const file of files) form.append('files', file, file.name);
  return api<MessageView>(`/api/conversations/${id}/files`, { method: 'POST', form });
}

export const markRead = (id: string, seq: number) => api<{ unread: number }>(`/api/conversations/${id}/read`, { method: 'POST', body: { seq } });
