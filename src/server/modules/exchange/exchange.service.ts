import type { Readable } from 'node:stream';
import type { DocumentType } from '../../../shared/enums.js';
import {
  DELIVERY_STATUS_CODES, type DeliveryState, type ExchangeDocumentRef, type ExchangeFile, RECALL_STATUS_CODES, type RecallState, type ReceivedItem,
  type ReceivedItemDetail, type ReceiverState, type RejectReason, type SentDocumentExchange, type SentListItem,
} from '../../../shared/exchange.js';
import type { Db, Executor } from '../../db/database.js';
import { conflict, forbidden, notFound } from '../../http/errors.js';
import type { Clock } from '../../time.js';
import type { ActionContext } from '../auth/current-user.js';
import { stamp } from '../assignments/assignments.context.js';
import { reference } from '../documents/documents.presenters.js';
import { appendEvent } from '../events/events.repository.js';
import { type FileStore, openStoredFile } from '../files/file-store.js';
import { checkRegistration, insertRegistered } from '../incoming/incoming.service.js';
import { createOutgoingRepository } from '../outgoing/outgoing.repository.js';
import type { PdfVerificationReport } from '../signatures/pdf-verify.js';
import { verifyStored } from '../signatures/verification.service.js';
import { recordStatus } from './exchange.delivery.js';
import { canRecall, canReceive, isWaiting, receiverActions } from './exchange.policies.js';
import { createExchangeRepository } from './exchange.repository.js';
import type { AcceptBody, QueueQuery, RecallAnswerBody, RejectBody } from './exchange.schemas.js';

// The use cases of the exchange inside one deployment: the receiving clerk's queue, accepting
// (registered through the incoming module's own registration), rejecting, answering a recall; the
// sender's view of its receivers, its tracking list and its recall. Each change and the status
// package its other side sees are written in one transaction.

export interface ExchangeDeps { db: Db; files: FileStore; clock: Clock }

type QueueRow = Awaited<ReturnType<ReturnType<typeof createExchangeRepository>['queue']>>['items'][number];

function presentItem(row: QueueRow): ReceivedItem {
  return {
    id: row.id, senderAgency: row.sender_name, reference: reference(row.number, row.notation), number: row.number, notation: row.notation,
    issuedOn: row.issued_on, documentType: row.document_type, summary: row.summary, signer: row.signer_name, urgency: row.urgency,
    business: row.business, state: row.status, recall: row.recall_status, sentAt: row.sent_at.toISOString(),
    imported: row.imported_at !== null, envelopeSignature: row.envelope_signature,
  };
}

/** The receiving clerk's queue ("Văn bản điện tử đến"). */
export async function queue(deps: ExchangeDeps, ctx: ActionContext, query: QueueQuery) {
  if (!canReceive(ctx.user)) throw forbidden('ONLY_CLERK_RECEIVES');
  const { items, total, totalCapped } = await createExchangeRepository(deps.db).queue(ctx.user, query);
  return { items: items.map(presentItem), total, totalCapped, page: query.page, pageSize: query.pageSize };
}

/** A delivery of the clerk's agency (404 for any other: its existence does not leak). */
async function receivedOrThrow(deps: ExchangeDeps, ctx: ActionContext, id: string) {
  if (!canReceive(ctx.user)) {
    // Officials of another agency learn nothing; the receiving agency's others are told who may.
    const own = await deps.db.selectFrom('exchange_deliveries').select('id').where('id', '=', id).where('receiver_agency_id', '=', ctx.user.agencyId).executeTakeFirst();
    throw own ? forbidden('ONLY_CLERK_RECEIVES') : notFound('DELIVERY_NOT_FOUND');
  }
  const row = await createExchangeRepository(deps.db).received(ctx.user, id);
  if (!row) throw notFound('DELIVERY_NOT_FOUND');
  return row;
}

/** `db`: the caller's transaction when there is one (on the embedded database a second connection would wait for it). */
async function filesOf(deps: ExchangeDeps, documentId: string, db: Executor = deps.db): Promise<ExchangeFile[]> {
  const files = await createExchangeRepository(db).sentFiles(documentId);
  // A converted PDF's size is the stored file's.
  return Promise.all(files.map(async (f) => (f.size >= 0 ? f : { ...f, size: (await deps.files.stat(f.sha256))?.size ?? 0 })));
}

async function documentRef(db: Executor, id: string | null): Promise<ExchangeDocumentRef | null> {
  if (!id) return null;
  const d = await db.selectFrom('documents').select(['id', 'number', 'notation', 'summary', 'issued_on']).where('id', '=', id).executeTakeFirst();
  return d ? { id: d.id, reference: reference(d.number, d.notation), summary: d.summary, issuedOn: d.issued_on } : null;
}

/** One item for the receiving clerk: the sender's metadata, its files, what it replaces, what may be done. */
export async function receivedItem(deps: ExchangeDeps, ctx: ActionContext, id: string): Promise<ReceivedItemDetail> {
  const row = await receivedOrThrow(deps, ctx, id);
  const replacedRef = await documentRef(deps.db, row.replaces_id);
  // Where this agency registered the replaced document, if it received and accepted it.
  const replacedHere = row.replaces_id
    ? await deps.db.selectFrom('exchange_deliveries').select('incoming_document_id').where('document_id', '=', row.replaces_id).where('receiver_agency_id', '=', ctx.user.agencyId).executeTakeFirst()
    : undefined;
  return {
    ...presentItem(row),
    files: await filesOf(deps, row.document_id),
    rejectReason: row.reject_reason, rejectNote: row.reject_note, recallReason: row.recall_reason, recallNote: row.recall_note,
    incomingDocumentId: row.incoming_document_id, arrivalNumber: row.arrival_number,
    replaces: replacedRef && { ...replacedRef, incomingDocumentId: replacedHere?.incoming_document_id ?? null },
    actions: receiverActions(ctx.user, row),
  };
}

async function fileOfItem(deps: ExchangeDeps, ctx: ActionContext, id: string, fileId: string) {
  const row = await receivedOrThrow(deps, ctx, id);
  const file = (await filesOf(deps, row.document_id)).find((f) => f.id === fileId);
  if (!file) throw notFound();
  return file;
}

/** A file of a delivery, read from the sender's stored content (the receiver gets no copy to change). */
export async function openFile(deps: ExchangeDeps, ctx: ActionContext, id: string, fileId: string): Promise<{ stream: Readable; mimeType: string; fileName: string; size: number }> {
  const file = await fileOfItem(deps, ctx, id, fileId);
  return { stream: await openStoredFile(deps.files, file.sha256, file.fileName), mimeType: file.mimeType, fileName: file.fileName, size: file.size };
}

/** The digital signatures of a delivered PDF, checked against the receiving agency's trusted roots. */
export async function verifyFile(deps: ExchangeDeps, ctx: ActionContext, id: string, fileId: string): Promise<PdfVerificationReport> {
  const file = await fileOfItem(deps, ctx, id, fileId);
  return verifyStored(deps, ctx, file.sha256, file.fileName, file.size);
}

/** The receiving clerk answers under the delivery's lock: only an arrived item, not taken back. */
async function lockWaiting(tx: Executor, ctx: ActionContext, id: string) {
  if (!canReceive(ctx.user)) throw forbidden('ONLY_CLERK_RECEIVES');
  const delivery = await createExchangeRepository(tx).lockReceived(ctx.user, id);
  if (!delivery) throw notFound('DELIVERY_NOT_FOUND');
  if (delivery.recall_status === 'agreed') throw conflict('DELIVERY_RECALLED');
  if (delivery.recall_status === 'requested') throw conflict('RECALL_PENDING');
  if (!isWaiting(delivery)) throw conflict('DELIVERY_ALREADY_ANSWERED');
  return delivery;
}

/**
 * The clerk accepts: the document is registered in the incoming register with this agency's next
 * arrival number through the incoming module's registration (the sender's metadata as sent, its
 * stored files named, not copied), linked to the sender's document; the sender sees 03 at once.
 */
export async function accept(deps: ExchangeDeps, ctx: ActionContext, id: string, body: AcceptBody) {
  await receivedOrThrow(deps, ctx, id);
  return deps.db.transaction().execute(async (tx) => {
    const delivery = await lockWaiting(tx, ctx, id);
    const sent = await tx.selectFrom('documents').selectAll().where('id', '=', delivery.document_id).executeTakeFirstOrThrow();
    // A document from another deployment names its signer only as text (no account here).
    const signerId = sent.approved_by ?? sent.signer_id;
    const signer = signerId ? await tx.selectFrom('users').select('full_name').where('id', '=', signerId).executeTakeFirst() : sent.signer ? { full_name: sent.signer } : undefined;
    const files = (await filesOf(deps, sent.id, tx)).map((f) => ({ hash: f.sha256, fileName: f.fileName, mimeType: f.mimeType, size: f.size }));
    const input = {
      issuer: sent.issuer, number: sent.number ?? undefined, notation: sent.notation ?? undefined, issuedOn: sent.issued_on!,
      documentType: sent.document_type as DocumentType, summary: sent.summary, signer: signer?.full_name.slice(0, 100),
      urgency: sent.urgency as 'normal', secrecy: 'none' as const, ...body,
    };
    const receivedOn = await checkRegistration(tx, deps, ctx, input, files);
    const doc = await insertRegistered(tx, ctx, input, receivedOn, files, { sentDocumentId: sent.id });
    const now = stamp(ctx);
    await tx.updateTable('exchange_deliveries').set({ status: 'registered', incoming_document_id: doc.id, answered_by: ctx.user.id, answered_at: now, updated_at: now })
      .where('id', '=', id).execute();
    await recordStatus(tx, ctx, id, DELIVERY_STATUS_CODES.registered, ctx.user.agencyId, `${doc.arrival_number}`, now);
    return { incomingDocumentId: doc.id, arrivalNumber: doc.arrival_number };
  });
}

/** The clerk returns it through the system with a reason (Decree 30, Điều 21): the sender sees 02 at once. */
export async function reject(deps: ExchangeDeps, ctx: ActionContext, id: string, body: RejectBody) {
  await receivedOrThrow(deps, ctx, id);
  await deps.db.transaction().execute(async (tx) => {
    const delivery = await lockWaiting(tx, ctx, id);
    const now = stamp(ctx);
    await tx.updateTable('exchange_deliveries').set({ status: 'rejected', reject_reason: body.reason, reject_note: body.note ?? null, answered_by: ctx.user.id, answered_at: now, updated_at: now })
      .where('id', '=', id).execute();
    await recordStatus(tx, ctx, id, DELIVERY_STATUS_CODES.rejected, ctx.user.agencyId, describeRejection(body.reason, body.note), now);
    await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, action: 'exchange_rejected', payload: { deliveryId: id, documentId: delivery.document_id, reason: body.reason, note: body.note ?? null } });
  });
}

const describeRejection = (reason: RejectReason, note: string | undefined) => (note ? `${reason}: ${note}` : reason);

/**
 * The sender (its clerk or a leader) recalls an issued document with a reason (status 13 to each
 * receiver still holding it: not those that rejected it or already answered a recall).
 */
export async function recall(deps: ExchangeDeps, ctx: ActionContext, documentId: string, reason: string) {
  if (!canRecall(ctx.user)) throw forbidden('ONLY_CLERK_OR_LEADER_RECALLS');
  const seen = await createOutgoingRepository(deps.db).findVisible(ctx.user, documentId);
  if (!seen || seen.status !== 'issued') throw notFound('DOCUMENT_NOT_FOUND');
  await deps.db.transaction().execute(async (tx) => {
    await tx.selectFrom('documents').select('id').where('id', '=', documentId).forNoKeyUpdate().executeTakeFirstOrThrow();
    const now = stamp(ctx);
    const asked = await tx.updateTable('exchange_deliveries')
      .set({ recall_status: 'requested', recall_reason: reason, recall_requested_by: ctx.user.id, recall_requested_at: now, recall_note: null, recall_answered_by: null, recall_answered_at: null, updated_at: now })
      .where('document_id', '=', documentId).where('status', '<>', 'rejected').where('recall_status', 'is', null)
      .returning('id').execute();
    if (!asked.length) throw conflict('NOTHING_TO_RECALL');
    for (const d of asked) await recordStatus(tx, ctx, d.id, RECALL_STATUS_CODES.requested, ctx.user.agencyId, reason, now);
    await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, documentId, action: 'recall_requested', payload: { reason, agencies: asked.length } });
  });
}

/**
 * The receiving clerk answers a recall: agreeing (15) withdraws the document — a registered one is
 * taken out of its workflow (open work closed) and frozen as recalled, its history kept; an item
 * still in the queue leaves it. Refusing (16) needs a reason. The sender sees the answer at once.
 */
export async function answerRecall(deps: ExchangeDeps, ctx: ActionContext, id: string, body: RecallAnswerBody) {
  const row = await receivedOrThrow(deps, ctx, id);
  await deps.db.transaction().execute(async (tx) => {
    // The incoming document first, then the delivery: the order the workflow hook takes them in.
    const incoming = row.incoming_document_id
      ? await tx.selectFrom('documents').select(['id', 'agency_id']).where('id', '=', row.incoming_document_id).forNoKeyUpdate().executeTakeFirst()
      : undefined;
    const delivery = await createExchangeRepository(tx).lockReceived(ctx.user, id);
    if (!delivery) throw notFound('DELIVERY_NOT_FOUND');
    if (delivery.recall_status !== 'requested') throw conflict('NO_RECALL_PENDING');
    const now = stamp(ctx);
    const answer: RecallState = body.agree ? 'agreed' : 'refused';
    await tx.updateTable('exchange_deliveries').set({ recall_status: answer, recall_note: body.note ?? null, recall_answered_by: ctx.user.id, recall_answered_at: now, updated_at: now })
      .where('id', '=', id).execute();
    await recordStatus(tx, ctx, id, RECALL_STATUS_CODES[answer], ctx.user.agencyId, body.note ?? null, now);
    if (incoming) {
      if (body.agree) {
        await tx.updateTable('assignments').set({ status: 'closed', updated_at: now }).where('document_id', '=', incoming.id).where('status', 'in', ['pending', 'in_progress', 'awaiting_confirmation']).execute();
        await tx.updateTable('documents').set({ status: 'recalled', submitted_to: null, updated_at: now }).where('id', '=', incoming.id).execute();
      }
      await appendEvent(tx, ctx, { agencyId: incoming.agency_id, documentId: incoming.id, action: body.agree ? 'recall_agreed' : 'recall_refused', payload: { reason: delivery.recall_reason, note: body.note ?? null } });
    } else {
      await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, action: body.agree ? 'recall_agreed' : 'recall_refused', payload: { deliveryId: id, reason: delivery.recall_reason, note: body.note ?? null } });
    }
  });
}

/** How a status package to another deployment's agency went: sent, or still being tried (with the last error). */
function transmissionOf(s: { peer_id: string | null; transmitted_at: Date | null; transmit_attempts: number; transmit_error: string | null }) {
  if (!s.peer_id) return null;
  const state = s.transmitted_at ? 'sent' as const : s.transmit_error ? 'failing' as const : 'pending' as const;
  return { state, attempts: s.transmit_attempts, error: s.transmit_error, at: s.transmitted_at?.toISOString() ?? null };
}

/** Every receiver of a sent document and where each stands, for whoever may see the document. */
export async function sentDocument(deps: ExchangeDeps, ctx: ActionContext, documentId: string): Promise<SentDocumentExchange> {
  const doc = await createOutgoingRepository(deps.db).findVisible(ctx.user, documentId);
  if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
  const repo = createExchangeRepository(deps.db);
  const rows = await repo.deliveriesOf(documentId);
  const statuses = await repo.statusesOf(rows.flatMap((r) => (r.id ? [r.id] : [])));
  const receivers: ReceiverState[] = rows.map((r) => ({
    deliveryId: r.id, agencyId: r.agency_id!, agency: r.agency_name,
    state: (r.status ?? 'not_sent') as DeliveryState | 'not_sent', code: r.status ? DELIVERY_STATUS_CODES[r.status] : null,
    arrivalNumber: r.arrival_number, rejectReason: r.reject_reason, rejectNote: r.reject_note,
    recall: r.recall_status, recallReason: r.recall_reason, recallNote: r.recall_note,
    sentAt: r.sent_at?.toISOString() ?? null, updatedAt: r.updated_at?.toISOString() ?? null,
    history: statuses.filter((s) => s.delivery_id === r.id).map((s) => ({ code: s.code, description: s.description, at: s.created_at.toISOString(), agency: s.agency_name, actor: s.actor_name, transmission: transmissionOf(s) })),
  }));
  const replacedBy = await deps.db.selectFrom('documents').select('id').where('replaces_id', '=', documentId).where('status', '=', 'issued').where('agency_id', '=', doc.agency_id).execute();
  return {
    documentId,
    receivers,
    replaces: await documentRef(deps.db, doc.replaces_id),
    replacedBy: (await Promise.all(replacedBy.map((r) => documentRef(deps.db, r.id)))).filter((r): r is ExchangeDocumentRef => Boolean(r)),
    canRecall: doc.status === 'issued' && canRecall(ctx.user) && receivers.some((r) => r.deliveryId && r.state !== 'rejected' && !r.recall),
  };
}

/** "Theo dõi văn bản đã gửi": the agency's sent documents and their receivers' progress at a glance. */
export async function sentList(deps: ExchangeDeps, ctx: ActionContext, page: number, pageSize: number) {
  const { items, total, totalCapped } = await createExchangeRepository(deps.db).sent(ctx.user, page, pageSize);
  return {
    items: items.map((d): SentListItem => {
      const counts: SentListItem['counts'] = {};
      const recall: SentListItem['recall'] = {};
      for (const s of d.states ?? []) {
        counts[s.status as DeliveryState] = (counts[s.status as DeliveryState] ?? 0) + 1;
        if (s.recall_status) recall[s.recall_status as RecallState] = (recall[s.recall_status as RecallState] ?? 0) + 1;
      }
      return { id: d.id, reference: reference(d.number, d.notation), summary: d.summary, issuedOn: d.issued_on, receivers: d.states?.length ?? 0, counts, recall };
    }),
    total, totalCapped, page, pageSize,
  };
}
