import type { ReceiverAction } from '../../../shared/exchange.js';
import { type CurrentUser, hasRole } from '../auth/current-user.js';

// Who may act in the exchange. Which deliveries a user may see at all is decided in SQL
// (exchange.repository.ts): the receiving agency's, or the sender's through the sent document.

/** Only the receiving agency's clerk takes an electronic document in, rejects it, or answers a recall. */
export const canReceive = (user: CurrentUser) => hasRole(user, 'clerk');

/** The clerk or a leader of the issuing agency recalls what it sent. */
export const canRecall = (user: CurrentUser) => hasRole(user, 'clerk') || hasRole(user, 'leader');

export interface DeliveryFacts { status: string; recall_status: string | null }

/** An item waits for the clerk while it has arrived and its sender has not taken it back. */
export const isWaiting = (d: DeliveryFacts) => d.status === 'arrived' && d.recall_status !== 'agreed';

export function receiverActions(user: CurrentUser, d: DeliveryFacts): ReceiverAction[] {
  if (!canReceive(user)) return [];
  if (d.recall_status === 'requested') return ['answer_recall'];
  return isWaiting(d) ? ['accept', 'reject'] : [];
}
