import type { QueryClient } from '@tanstack/react-query';
import type { DeliveryState, RecallState } from '../../../shared/exchange';

// Query keys of the exchange screens, and how fresh they stay. Until the notifications stream
// reaches main, the two live screens (the receiving clerk's queue, the sender's receivers) refetch
// when the window regains focus and every few seconds while open.

export const exchangeKeys = {
  all: ['exchange'] as const,
  received: (box: string, page: number) => ['exchange', 'received', box, page] as const,
  item: (id: string) => ['exchange', 'item', id] as const,
  sent: (page: number) => ['exchange', 'sent', page] as const,
  sentDocument: (documentId: string) => ['exchange', 'sent-document', documentId] as const,
};

export const LIVE_REFRESH = { refetchOnWindowFocus: true, refetchInterval: 5_000 } as const;

export async function refreshExchange(client: QueryClient) {
  await client.invalidateQueries({ queryKey: exchangeKeys.all });
}

/** Tag colours by state: never colour alone, each tag also has its text. */
export const STATE_COLORS: Record<DeliveryState | 'not_sent', string> = {
  not_sent: 'default', arrived: 'blue', rejected: 'error', registered: 'cyan', assigned: 'geekblue', in_progress: 'processing', completed: 'success',
};
export const RECALL_COLORS: Record<RecallState, string> = { requested: 'orange', agreed: 'default', refused: 'warning' };
