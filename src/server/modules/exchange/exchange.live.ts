import type { ExchangeChange } from '../../../shared/exchange.js';
import type { Executor } from '../../db/database.js';
import type { CurrentUser } from '../auth/current-user.js';
import { outgoingVisibleTo } from '../outgoing/outgoing.repository.js';
import { canReceive } from './exchange.policies.js';

// Who of the officials with an open browser is told that some deliveries changed (the bus's `x`
// event, written with every status row): the receiving agency's clerks, and on the sender's side
// those who may see the sent document — the same rules as the lists, so an event never tells
// anyone of a document they could not open.

export async function exchangeAudience(db: Executor, deliveryIds: string[], online: CurrentUser[]): Promise<Map<string, ExchangeChange[]>> {
  const told = new Map<string, ExchangeChange[]>();
  if (!deliveryIds.length || !online.length) return told;
  const deliveries = await db.selectFrom('exchange_deliveries').select(['id', 'document_id', 'sender_agency_id', 'receiver_agency_id']).where('id', 'in', deliveryIds).execute();
  const tell = (userId: string, change: ExchangeChange) => told.set(userId, [...(told.get(userId) ?? []), change]);
  for (const user of online) {
    for (const d of deliveries) if (d.receiver_agency_id === user.agencyId && canReceive(user)) tell(user.id, { side: 'received', deliveryId: d.id });
    const sent = deliveries.filter((d) => d.sender_agency_id === user.agencyId);
    if (!sent.length) continue;
    const visible = await db.selectFrom('documents').select('documents.id').where('documents.id', 'in', [...new Set(sent.map((d) => d.document_id))]).where(outgoingVisibleTo(user)).execute();
    const seen = new Set(visible.map((v) => v.id));
    for (const d of sent) if (seen.has(d.document_id)) tell(user.id, { side: 'sent', deliveryId: d.id, documentId: d.document_id });
  }
  return told;
}
