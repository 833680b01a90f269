import type { EventAction } from '../../../shared/enums.js';
import { DELIVERY_STATES, DELIVERY_STATE_RANK, DELIVERY_STATUS_CODES, type DeliveryState } from '../../../shared/exchange.js';
import type { Executor } from '../../db/database.js';
import type { ActionContext } from '../auth/current-user.js';
import { appendEvent } from '../events/events.repository.js';
import { enqueue } from '../jobs/jobs.js';
import { publish } from '../notifications/notifications.bus.js';

/** Sends a status row (and the document or recall it stands for) to a peer deployment: peers.transfer.ts. */
export const TRANSMIT_JOB = 'exchange.transmit';
declare module '../jobs/jobs.js' {
  interface JobPayloads { 'exchange.transmit': { statusId: string } }
}

/** Queues the sending of those of these status rows the database marked for a peer (migration 0023), in the caller's transaction. */
async function queueTransmissions(tx: Executor, statusIds: string[]) {
  if (!statusIds.length) return;
  const crossing = await tx.selectFrom('exchange_statuses').select('id').where('id', 'in', statusIds).where('peer_id', 'is not', null).execute();
  for (const s of crossing) await enqueue(tx, TRANSMIT_JOB, { statusId: String(s.id) });
}

// How a document travels and how its receivers' states change: the delivery made at issuance, the
// status packages (edXML codes) written with every change, and the one hook that follows the
// receiver's incoming workflow. Everything here runs inside its caller's transaction.

/** One status package of a delivery (sent by `fromAgencyId`'s system), appended to its log. */
export async function recordStatus(tx: Executor, ctx: ActionContext | null, deliveryId: string, code: string, fromAgencyId: string, description: string | null, at: Date) {
  const row = await tx.insertInto('exchange_statuses').values({ delivery_id: deliveryId, code, from_agency_id: fromAgencyId, actor_id: ctx?.user.id ?? null, description, created_at: at }).returning('id').executeTakeFirstOrThrow();
  await queueTransmissions(tx, [String(row.id)]);
  // The open screens of both sides refetch (delivered at commit on PostgreSQL, never for a rollback).
  await publish(tx, { t: 'x', ids: [deliveryId] });
}

/**
 * At issuance: every other agency of the deployment named among the recipients gets a delivery
 * (status 01, arrived) in its electronic-incoming queue. The SQL itself leaves out a secret
 * document (state secrets never leave through the exchange), whatever its recipients say.
 */
export async function deliverToAgencies(tx: Executor, ctx: ActionContext, doc: { id: string; agency_id: string }, now: Date): Promise<number> {
  const made = await tx
    .insertInto('exchange_deliveries')
    .columns(['document_id', 'sender_agency_id', 'recipient_id', 'receiver_agency_id', 'business', 'status', 'sent_at', 'updated_at'])
    .expression((eb) => eb
      .selectFrom('document_recipients as r')
      .innerJoin('documents as d', 'd.id', 'r.document_id')
      .select((s) => [
        'r.document_id', 'd.agency_id as sender_agency_id', 'r.id as recipient_id', 'r.agency_id as receiver_agency_id',
        s.case().when('d.replaces_id', 'is', null).then('new').else('replacement').end().as('business'),
        s.val('arrived').as('status'), s.val(now).as('sent_at'), s.val(now).as('updated_at'),
      ])
      .where('r.document_id', '=', doc.id)
      .where('r.kind', '=', 'agency')
      .where('r.agency_id', '<>', doc.agency_id)
      .where('d.secrecy', '=', 'none')
      .where('d.status', '=', 'issued'))
    .returning(['id', 'recipient_id'])
    .execute();
  if (!made.length) return 0;
  const statuses = await tx.insertInto('exchange_statuses')
    .values(made.map((m) => ({ delivery_id: m.id, code: DELIVERY_STATUS_CODES.arrived, from_agency_id: doc.agency_id, actor_id: ctx.user.id, description: null, created_at: now })))
    .returning('id').execute();
  await queueTransmissions(tx, statuses.map((s) => String(s.id)));
  await publish(tx, { t: 'x', ids: made.map((m) => m.id) });
  await tx.updateTable('document_recipients').set({ delivered_at: now }).where('id', 'in', made.map((m) => m.recipient_id)).execute();
  await appendEvent(tx, ctx, { agencyId: doc.agency_id, documentId: doc.id, action: 'exchange_sent', payload: { agencies: made.length } });
  return made.length;
}

/** The receiver's workflow events that move its sender's view forward (edXML 04, 05, 06). */
const FOLLOWED: Partial<Record<EventAction, DeliveryState>> = {
  assigned: 'assigned',
  forwarded: 'in_progress',
  progress_noted: 'in_progress',
  completion_proposed: 'in_progress',
  completed: 'in_progress',
  completion_confirmed: 'in_progress',
  document_completed: 'completed',
};

/** Registered states before `state`: a state only moves forward, and never out of a rejection. */
const statesBefore = (state: DeliveryState) =>
  DELIVERY_STATES.filter((s) => s !== 'rejected' && DELIVERY_STATE_RANK[s] >= DELIVERY_STATE_RANK.registered && DELIVERY_STATE_RANK[s] < DELIVERY_STATE_RANK[state]);

/**
 * The one hook into the incoming workflow (called by appendEvent, in the same transaction as the
 * event): when an incoming document received through the exchange is assigned, worked on or
 * completed, its delivery takes the matching state and a status package is logged for the sender.
 */
export async function followReceiverWork(tx: Executor, ctx: ActionContext | null, event: { agencyId: string; documentId: string; action: EventAction }) {
  const state = FOLLOWED[event.action];
  if (!state) return;
  const at = ctx?.at ?? new Date();
  const moved = await tx.updateTable('exchange_deliveries').set({ status: state, updated_at: at })
    .where('incoming_document_id', '=', event.documentId)
    .where('status', 'in', statesBefore(state))
    .returning('id')
    .executeTakeFirst();
  if (moved) await recordStatus(tx, ctx, moved.id, DELIVERY_STATUS_CODES[state], event.agencyId, null, at);
}
