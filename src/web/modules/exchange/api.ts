import type { QueryClient } from '@tanstack/react-query';
import type { DeliveryState, ExchangeChange, RecallState } from '../../../shared/exchange';

// Query keys of the exchange screens, and how fresh they stay: no polling. Every change of a
// delivery (arrival, acceptance, rejection, assignment, recall…) is pushed by the server over the
// notifications stream as an `exchange` event, and the screens of that side refetch
// (applyExchangeChange, called by useNotificationStream); after a dropped stream everything is refetched.

export const exchangeKeys = {
  all: ['exchange'] as const,
  received: (box: string, page: number) => ['exchange', 'received', box, page] as const,
  item: (id: string) => ['exchange', 'item', id] as const,
  sent: (page: number) => ['exchange', 'sent', page] as const,
  sentDocument: (documentId: string) => ['exchange', 'sent-document', documentId] as const,
};

/** The exchange screens follow the pushed changes; they also refetch when the window regains focus. */
export const LIVE_REFRESH = { refetchOnWindowFocus: true } as const;

/** A pushed change: the receiving clerk's queue and item, or the sender's receivers and tracking list, refetch. */
export function applyExchangeChange(client: QueryClient, change: ExchangeChange) {
  if (change.side === 'received') {
    void client.invalidateQueries({ queryKey: ['exchange', 'received'] });
    void client.invalidateQueries({ queryKey: exchangeKeys.item(change.deliveryId) });
  } else {
    void client.invalidateQueries({ queryKey: ['exchange', 'sent'] });
    void client.invalidateQueries({ queryKey: exchangeKeys.sentDocument(change.documentId) });
  }
}

export async function refreshExchange(client: QueryClient) {
  await client.invalidateQueries({ queryKey: exchangeKeys.all });
}

/** Tag colours by state: never colour alone, each tag also has its text. */
export const STATE_COLORS: Record<DeliveryState | 'not_sent', string> = {
  not_sent: 'default', arrived: 'blue', rejected: 'error', registered: 'cyan', assigned: 'geekblue', in_progress: 'processing', completed: 'success',
};
export const RECALL_COLORS: Record<RecallState, string> = { requested: 'orange', agreed: 'default', refused: 'warning' };
