import { Readable } from 'node:stream';
import type { Db } from '../../db/database.js';
import { conflict, DomainError, forbidden } from '../../http/errors.js';
import { URGENCIES, type DocumentType } from '../../../shared/enums.js';
import { DELIVERY_STATE_RANK, DELIVERY_STATUS_CODES, RECALL_STATUS_CODES, type DeliveryState } from '../../../shared/exchange.js';
import type { Clock } from '../../time.js';
import type { ActionContext } from '../auth/current-user.js';
import type { FileStore, StagedFile } from '../files/file-store.js';
import { defineJob, type JobContext } from '../jobs/jobs.js';
import { TYPE_TITLES } from '../outgoing/outgoing.template.js';
import { buildStatusEdxml } from './edxml.build.js';
import { documentPackage } from './edxml.export.js';
import { readPackage } from './edxml.inspect.js';
import type { EdxmlDocument, EdxmlStatus } from './edxml.types.js';
import type { EnvelopeSignatureCheck } from '../../../shared/exchange.js';
import { deliverToAgencies, recordStatus, TRANSMIT_JOB } from './exchange.delivery.js';
import { peerAgencyAccount, peerHeaders, peerSecret } from './peers.service.js';

// Documents and status packages crossing to and from peer deployments. Outbound: every status row
// the database marks for a peer (trigger exchange_status_peer, migration 0023) gets a job that sends
// the matching package — the document itself for 01, a recall for 13, a status package for the
// receiver's codes — retried with backoff until the peer takes it. Inbound: what a peer sends is
// checked, then becomes what an agency of this deployment would have made: the sender agency's
// issued document with its files, delivered to each of our agencies it names.


async function packageFor(db: Db, files: FileStore, statusId: string, now: Date): Promise<{ xml: string; peer: { base_url: string; outbound_key: string; secret: string } } | null> {
  const s = await db.selectFrom('exchange_statuses as s').innerJoin('exchange_deliveries as d', 'd.id', 's.delivery_id').innerJoin('exchange_peers as p', 'p.id', 's.peer_id')
    .select(['s.code', 's.description', 's.from_agency_id', 's.actor_id', 's.created_at', 's.transmitted_at', 'd.document_id', 'd.sender_agency_id', 'd.receiver_agency_id', 'd.business', 'p.base_url', 'p.outbound_key', 'p.secret', 'p.secret_sealed'])
    .where('s.id', '=', statusId).executeTakeFirst();
  if (!s || s.transmitted_at) return null;
  const peer = { base_url: s.base_url, outbound_key: s.outbound_key, secret: await peerSecret(db, s) };
  const doc = await db.selectFrom('documents').selectAll().where('id', '=', s.document_id).executeTakeFirstOrThrow();
  if (s.from_agency_id === s.sender_agency_id) {
    // Ours is the sender: the document itself (01), or its recall (13), for the peer's agency.
    const receiver = await db.selectFrom('agencies').select(['organ_id', 'name']).where('id', '=', s.receiver_agency_id).executeTakeFirstOrThrow();
    const to = [{ organId: receiver.organ_id!, organName: receiver.name }];
    const replaced = doc.replaces_id ? await db.selectFrom('documents').select('edxml_document_id').where('id', '=', doc.replaces_id).executeTakeFirst() : undefined;
    const business = s.code === RECALL_STATUS_CODES.requested ? { docType: 'recall' as const, reason: s.description ?? undefined }
      : s.business === 'replacement' && replaced?.edxml_document_id ? { docType: 'replacement' as const, replaces: { documentId: replaced.edxml_document_id, organIds: [receiver.organ_id!] } }
      : undefined;
    const { xml } = await documentPackage(db, files, doc, { to, staffId: s.actor_id ?? doc.issued_by ?? doc.created_by, now, business });
    return { xml, peer };
  }
  // Ours is the receiver: a status package answering the peer agency's document.
  const [from, sender, staff] = await Promise.all([
    db.selectFrom('agencies').select(['organ_id', 'name']).where('id', '=', s.from_agency_id).executeTakeFirstOrThrow(),
    db.selectFrom('agencies').select(['organ_id']).where('id', '=', s.sender_agency_id).executeTakeFirstOrThrow(),
    s.actor_id ? db.selectFrom('users as u').leftJoin('units as n', 'n.id', 'u.unit_id').select(['u.full_name', 'n.name as unitName']).where('u.id', '=', s.actor_id).executeTakeFirst() : undefined,
  ]);
  const status: EdxmlStatus = {
    from: { organId: from.organ_id ?? '', organName: from.name },
    responseFor: { organId: sender.organ_id!, code: [doc.number, doc.notation].filter(Boolean).join('/'), promulgationDate: doc.issued_on ?? undefined, documentId: doc.edxml_document_id ?? '' },
    statusCode: s.code as EdxmlStatus['statusCode'],
    description: s.description ?? undefined,
    timestamp: s.created_at,
    staff: staff ? { staff: staff.full_name, department: staff.unitName ?? undefined } : undefined,
  };
  if (!status.from.organId) throw new DomainError('EDXML_NO_ORGAN_ID', 409);
  return { xml: buildStatusEdxml(status), peer };
}

async function transmit(statusId: string, ctx: JobContext, clock: Clock) {
  const now = clock.now();
  const made = await packageFor(ctx.db, ctx.files, statusId, now);
  if (!made) return;
  const body = Buffer.from(made.xml, 'utf8');
  let failure: string | null = null;
  try {
    const response = await fetch(`${made.peer.base_url}/api/exchange/peer-inbox`, {
      method: 'POST', headers: peerHeaders(made.peer, body, now), body, signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(120_000)]),
    });
    // 409: the peer already holds it (an earlier try reached it but its answer was lost).
    if (!response.ok && response.status !== 409) failure = `HTTP ${response.status}: ${(await response.text()).slice(0, 500)}`;
  } catch (error) {
    failure = (error as Error).message;
  }
  if (failure) {
    await ctx.db.updateTable('exchange_statuses').set((eb) => ({ transmit_attempts: eb('transmit_attempts', '+', 1), transmit_error: failure })).where('id', '=', statusId).execute();
    throw new Error(`The peer did not take status ${statusId}: ${failure}`);
  }
  await ctx.db.updateTable('exchange_statuses').set((eb) => ({ transmitted_at: now, transmit_attempts: eb('transmit_attempts', '+', 1), transmit_error: null })).where('id', '=', statusId).execute();
}

export const transmitJob = (clock: Clock = { now: () => new Date() }) => defineJob(TRANSMIT_JOB, ({ statusId }, ctx) => transmit(statusId, ctx, clock), {
  // A peer down for a day is still reached: doubling from 10 s, at most an hour apart, for about two days.
  retryLimit: 60, retryDelaySeconds: 10, retryDelayMaxSeconds: 3600, expireInSeconds: 300, concurrency: 2,
});

// ---------------------------------------------------------------- inbound

export interface InboxDeps {
  db: Db;
  files: FileStore;
  clock: Clock;
  maxBytes: number;
}

const RANKED: DeliveryState[] = ['registered', 'assigned', 'in_progress', 'completed'];

/** The document type from its TypeName ("Công văn" → official_letter); a công văn when not recognised. */
function documentTypeOf(name: string): DocumentType {
  const upper = name.trim().toLocaleUpperCase('vi');
  return (Object.entries(TYPE_TITLES).find(([, title]) => title === upper)?.[0] ?? 'official_letter') as DocumentType;
}

function peerContext(account: { id: string; agency_id: string; unit_id: string | null; username: string; full_name: string; position: string }, at: Date): ActionContext {
  return { user: { id: account.id, agencyId: account.agency_id, unitId: account.unit_id, username: account.username, fullName: account.full_name, position: account.position, roles: [] }, ip: 'peer', userAgent: null, at };
}

async function stageAll(files: FileStore, doc: EdxmlDocument, maxBytes: number): Promise<StagedFile[]> {
  const staged: StagedFile[] = [];
  try {
    for (const a of doc.attachments) {
      const s = await files.stage(Readable.from([a.content]), maxBytes);
      if (s.truncated) throw new DomainError('UPLOAD_TOO_LARGE', 413);
      staged.push(s);
    }
    return staged;
  } catch (error) {
    await Promise.all(staged.map((s) => s.discard()));
    throw error;
  }
}

async function receiveDocument(deps: InboxDeps, peerId: string, doc: EdxmlDocument) {
  const sender = await deps.db.selectFrom('agencies').select(['id', 'name']).where('organ_id', '=', doc.from.organId).where('peer_id', '=', peerId).executeTakeFirst();
  if (!sender) throw forbidden('PEER_AGENCY_UNKNOWN');
  const locals = await deps.db.selectFrom('agencies').select(['id']).where('organ_id', 'in', doc.to.map((t) => t.organId)).where('peer_id', 'is', null).execute();
  if (!locals.length) throw new DomainError('PEER_NO_LOCAL_ADDRESSEE', 422);
  return storeReceivedDocument(deps, sender, doc, locals.map((l) => l.id), { duplicate: 'PEER_DUPLICATE_PACKAGE' });
}

export interface ReceivedOrigin {
  /** The code of the 409 for a document received before (same sender, same DocumentId). */
  duplicate: 'PEER_DUPLICATE_PACKAGE' | 'EDXML_ALREADY_RECEIVED';
  /** A package the receiving clerk imported by hand: who, and the check of its envelope's signature. */
  imported?: { by: string; signature: EnvelopeSignatureCheck };
}

/**
 * A document of another deployment's agency (`sender`, a peer agency here) becomes that agency's
 * issued document with its files, delivered to the queues of `receiverIds` (01) — or, for a recall,
 * each of our receivers is asked to answer. All or nothing: a refused package leaves no row.
 */
export async function storeReceivedDocument(deps: InboxDeps, sender: { id: string; name: string }, doc: EdxmlDocument, receiverIds: string[], origin: ReceivedOrigin) {
  const now = deps.clock.now();
  const ctx = peerContext(await peerAgencyAccount(deps.db, sender.id), now);
  if (doc.business.docType === 'recall') return recallFromPeer(deps.db, ctx, sender.id, doc.business.documentId || doc.documentId, doc.business.reason ?? null);
  if (doc.business.docType === 'update') throw new DomainError('PEER_UPDATE_UNSUPPORTED', 422);
  if (doc.attachments.length === 0) throw new DomainError('PEER_NO_FILES', 422);
  const replaced = doc.business.docType === 'replacement' && doc.business.replacements[0]
    ? await deps.db.selectFrom('documents').select('id').where('agency_id', '=', sender.id).where('edxml_document_id', '=', doc.business.replacements[0].documentId).executeTakeFirst()
    : undefined;
  const known = await deps.db.selectFrom('documents').select('id').where('agency_id', '=', sender.id).where('edxml_document_id', '=', doc.documentId).executeTakeFirst();
  if (known) throw conflict(origin.duplicate);
  // Files are in the store before the rows that name them commit; a refused package leaves none named.
  const staged = await stageAll(deps.files, doc, deps.maxBytes);
  try {
    for (const s of staged) await s.commit();
    return await deps.db.transaction().execute(async (tx) => {
      const duplicate = await tx.selectFrom('documents').select('id').where('agency_id', '=', sender.id).where('edxml_document_id', '=', doc.documentId).executeTakeFirst();
      if (duplicate) throw conflict(origin.duplicate);
      const row = await tx.insertInto('documents').values({
        agency_id: sender.id, direction: 'outgoing', issuer: doc.from.organName || sender.name, number: doc.code.number, notation: doc.code.notation,
        issued_on: doc.promulgation.date, document_type: documentTypeOf(doc.documentType.typeName), summary: doc.subject, signer: doc.signer.fullName ?? null,
        urgency: URGENCIES[Math.min(doc.otherInfo.priority, 3)]!, secrecy: 'none', page_count: doc.otherInfo.pageAmount ?? null, due_date: doc.dueDate ?? null,
        status: 'issued', created_by: ctx.user.id, issued_by: ctx.user.id, issued_at: now, approved_version: 1, copies: doc.otherInfo.promulgationAmount ?? null,
        replaces_id: replaced?.id ?? null, edxml_document_id: doc.documentId, updated_at: now,
      }).returning('id').executeTakeFirstOrThrow();
      const [main, ...rest] = doc.attachments.map((a, i) => ({ a, s: staged[i]! }));
      await tx.insertInto('document_versions').values({ document_id: row.id, version: 1, file_hash: main!.s.hash, file_name: main!.a.name, mime_type: main!.a.contentType, size_bytes: main!.s.size, note: null, created_by: ctx.user.id, pdf_hash: null, pdf_error: null, pdf_attempted_at: null }).execute();
      if (rest.length) await tx.insertInto('attachments').values(rest.map(({ a, s }) => ({ document_id: row.id, file_hash: s.hash, file_name: a.name, mime_type: a.contentType, size_bytes: s.size, created_by: ctx.user.id }))).execute();
      await tx.insertInto('document_recipients').values(receiverIds.map((id, i) => ({ document_id: row.id, kind: 'agency' as const, agency_id: id, purpose: 'info' as const, sort_order: i }))).execute();
      const delivered = await deliverToAgencies(tx, ctx, { id: row.id, agency_id: sender.id }, now);
      if (origin.imported) {
        await tx.updateTable('exchange_deliveries').set({ imported_by: origin.imported.by, imported_at: now, envelope_signature: JSON.stringify(origin.imported.signature) })
          .where('document_id', '=', row.id).execute();
      }
      const deliveries = await tx.selectFrom('exchange_deliveries').select('id').where('document_id', '=', row.id).orderBy('id').execute();
      return { documentId: doc.documentId, delivered, deliveryIds: deliveries.map((d) => d.id) };
    });
  } finally {
    await Promise.all(staged.map((s) => s.discard()));
  }
}

/** A peer's agency recalls what it sent (BussinessDocType 1, or status 13): each of our receivers is asked to answer. */
export async function recallFromPeer(db: Db, ctx: ActionContext, senderId: string, documentId: string, reason: string | null) {
  const doc = await db.selectFrom('documents').select('id').where('agency_id', '=', senderId).where('edxml_document_id', '=', documentId).executeTakeFirst();
  if (!doc) throw new DomainError('PEER_DOCUMENT_UNKNOWN', 404);
  const now = ctx.at ?? new Date();
  return db.transaction().execute(async (tx) => {
    const asked = await tx.updateTable('exchange_deliveries')
      .set({ recall_status: 'requested', recall_reason: reason ?? '', recall_requested_by: ctx.user.id, recall_requested_at: now, recall_note: null, recall_answered_by: null, recall_answered_at: null, updated_at: now })
      .where('document_id', '=', doc.id).where('status', '<>', 'rejected').where('recall_status', 'is', null).returning('id').execute();
    for (const d of asked) await recordStatus(tx, ctx, d.id, RECALL_STATUS_CODES.requested, senderId, reason, now);
    return { documentId, recalled: asked.length };
  });
}

/** A peer's agency tells one of ours what became of the document we sent it. */
async function receiveStatus(deps: InboxDeps, peerId: string, status: EdxmlStatus) {
  const receiver = await deps.db.selectFrom('agencies').select(['id']).where('organ_id', '=', status.from.organId).where('peer_id', '=', peerId).executeTakeFirst();
  if (!receiver) throw forbidden('PEER_AGENCY_UNKNOWN');
  return storeReceivedStatus(deps, receiver, status, null);
}

/**
 * A status package from a peer's agency (`receiver` of a document one of ours sent): the delivery
 * takes the state it names. `senderAgencyId`: when a clerk imports it by hand, only a document of
 * the clerk's own agency may be answered.
 */
export async function storeReceivedStatus(deps: InboxDeps, receiver: { id: string }, status: EdxmlStatus, senderAgencyId: string | null) {
  const now = deps.clock.now();
  const ctx = peerContext(await peerAgencyAccount(deps.db, receiver.id), now);
  if (status.statusCode === RECALL_STATUS_CODES.requested) {
    const sender = receiver; // 13 comes from the sender of the document it names
    return recallFromPeer(deps.db, ctx, sender.id, status.responseFor.documentId, status.description ?? null);
  }
  return deps.db.transaction().execute(async (tx) => {
    const delivery = await tx.selectFrom('exchange_deliveries as d').innerJoin('documents as doc', 'doc.id', 'd.document_id')
      .select(['d.id', 'd.status', 'd.recall_status'])
      .where('doc.edxml_document_id', '=', status.responseFor.documentId).where('d.receiver_agency_id', '=', receiver.id)
      .$if(senderAgencyId !== null, (q) => q.where('d.sender_agency_id', '=', senderAgencyId!))
      .forUpdate().executeTakeFirst();
    if (!delivery) throw new DomainError('PEER_DOCUMENT_UNKNOWN', 404);
    const code = status.statusCode;
    if (code === RECALL_STATUS_CODES.agreed || code === RECALL_STATUS_CODES.refused) {
      await tx.updateTable('exchange_deliveries').set({ recall_status: code === RECALL_STATUS_CODES.agreed ? 'agreed' : 'refused', recall_note: status.description ?? null, recall_answered_at: now, updated_at: now }).where('id', '=', delivery.id).execute();
    } else if (code === DELIVERY_STATUS_CODES.rejected) {
      if (delivery.status === 'arrived') await tx.updateTable('exchange_deliveries').set({ status: 'rejected', reject_reason: 'other', reject_note: status.description ?? null, answered_at: now, updated_at: now }).where('id', '=', delivery.id).execute();
    } else {
      const state = RANKED.find((s) => DELIVERY_STATUS_CODES[s] === code);
      // States only move forward; a late or repeated package changes nothing but the log.
      if (state && delivery.status !== 'rejected' && DELIVERY_STATE_RANK[state] > DELIVERY_STATE_RANK[delivery.status]) {
        await tx.updateTable('exchange_deliveries').set({ status: state, updated_at: now, ...(state === 'registered' && { answered_at: now }) }).where('id', '=', delivery.id).execute();
      }
    }
    await recordStatus(tx, ctx, delivery.id, code, receiver.id, status.description ?? null, now);
    return { documentId: status.responseFor.documentId, statusCode: code };
  });
}

/** What a signed peer request carries: a document (new, replacement, recall) or a status package. */
export async function receiveFromPeer(deps: InboxDeps, peerId: string, body: Buffer) {
  const { parsed } = readPackage(body, deps);
  return parsed.kind === 'document' ? receiveDocument(deps, peerId, parsed.document) : receiveStatus(deps, peerId, parsed.status);
}
