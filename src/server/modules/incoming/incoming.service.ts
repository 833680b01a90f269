import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { InboxBox } from '../../../shared/enums.js';
import type { Executor } from '../../db/database.js';
import { badRequest, conflict, forbidden, notFound, ValidationError } from '../../http/errors.js';
import { type ActionContext, actingId, hasRole } from '../auth/current-user.js';
import { appendEvent } from '../events/events.repository.js';
import { notifySubmitted } from '../notifications/notifications.service.js';
import { openStoredFile } from '../files/file-store.js';
import { requestTextExtraction } from '../files/file-texts.js';
import { repliesTo } from '../outgoing/outgoing.repository.js';
import type { ReceivedUpload } from '../files/uploads.js';
import { createOrgRepository } from '../org/org.repository.js';
import { requireActiveEntry } from '../directory/directory.service.js';
import { takeNextNumber } from '../registers/registers.service.js';
import { type DocumentRow, stamp, today } from '../assignments/assignments.context.js';
import { type IncomingDeps, withDocument } from './incoming.context.js';
import { canOpenFiles, canRegister, documentActions, isCorrectable } from './incoming.policies.js';
import { assignmentViewer } from '../assignments/assignments.presenters.js';
import { assignmentsOf } from '../assignments/assignments.repository.js';
import { markSeen, recordView, viewsOf } from '../documents/documents.views.js';
import { presentDocumentDetail, presentListItem, presentRegisterColumns } from './incoming.presenters.js';
import { createIncomingRepository } from './incoming.repository.js';
import type { EditBody, ListQuery, RegisterMetadata } from './incoming.schemas.js';
import { requireDecider } from './incoming.workflow.js';
import { receivedThrough } from '../exchange/exchange.repository.js';

// Use cases of an incoming document as the clerk and its readers meet it: registering, correcting,
// submitting, the register and the inboxes, the document page and its files. The assignment
// workflow is in incoming.workflow.ts.

/** The files of a request, with the step that puts them into the store just before rows name them. */
export type Upload = Pick<ReceivedUpload, 'files' | 'commit'>;

function requireCorrectable(ctx: ActionContext, doc: { status: string }) {
  if (!hasRole(ctx.user, 'clerk')) throw forbidden('ONLY_CLERK_EDITS');
  if (!isCorrectable(doc)) throw conflict('EDIT_AFTER_ASSIGNMENT');
}

async function requireLeader(db: Executor, agencyId: string, leaderId: string, field: string) {
  const { users } = await createOrgRepository(db).activeMembers(agencyId, [leaderId], []);
  const leader = users[0];
  if (!leader || !leader.roles.includes('leader')) {
    throw ValidationError.single(field, 'phải là lãnh đạo đang hoạt động của cơ quan', 'must be an active leader of the agency');
  }
  return leader;
}

/** A document is dated no later than it arrives, and cannot be due before it arrives. */
function dateErrors(issuedOn: string | undefined, dueDate: string | null | undefined, receivedOn: string | null): ValidationError['fields'] {
  const fields: ValidationError['fields'] = [];
  if (!receivedOn) return fields;
  if (issuedOn && issuedOn > receivedOn) fields.push({ field: 'issuedOn', code: 'in_future', message: { vi: 'Ngày văn bản: không được sau ngày đến', en: 'Document date: cannot be after the arrival date' } });
  if (dueDate && dueDate < receivedOn) fields.push({ field: 'dueDate', code: 'before_arrival', message: { vi: `Hạn xử lý: không được trước ngày đến (${receivedOn})`, en: `Due date: cannot be before the arrival date (${receivedOn})` } });
  return fields;
}

/** The registered details of a document row, in the API's field names. */
function toFields(doc: DocumentRow) {
  return {
    issuer: doc.issuer, issuerId: doc.issuer_id, number: doc.number ?? undefined, notation: doc.notation ?? undefined, issuedOn: doc.issued_on ?? undefined,
    documentType: doc.document_type as EditBody['documentType'], summary: doc.summary, signer: doc.signer ?? undefined,
    urgency: doc.urgency as EditBody['urgency'], secrecy: doc.secrecy as EditBody['secrecy'], pageCount: doc.page_count, dueDate: doc.due_date,
  };
}

/** Only the clerk registers, so only the clerk may ask: for anyone else it would reveal documents they cannot see. */
export async function duplicates(deps: IncomingDeps, ctx: ActionContext, issuer: string, number?: string, notation?: string) {
  if (!canRegister(ctx.user)) throw forbidden('ONLY_CLERK_REGISTERS');
  return (await createIncomingRepository(deps.db).duplicates(ctx.user.agencyId, issuer, number, notation)).map(presentListItem);
}

/** A file already in the store, as a registration names it. */
export type RegisteredFile = Pick<ReceivedUpload['files'][number], 'hash' | 'fileName' | 'mimeType' | 'size'>;

/**
 * What registering checks before anything is stored: the clerk, the dates, the leader to submit
 * to, the issuer's directory entry and the duplicate warning. `db` may be the caller's transaction.
 */
export async function checkRegistration(db: Executor, deps: Pick<IncomingDeps, 'clock'>, ctx: ActionContext, input: RegisterMetadata, files: readonly RegisteredFile[]) {
  if (!canRegister(ctx.user)) throw forbidden('ONLY_CLERK_REGISTERS');
  const receivedOn = today(deps);
  const fields = dateErrors(input.issuedOn, input.dueDate, receivedOn);
  if (!files.length) fields.push({ field: 'files', code: 'required', message: { vi: 'Tệp đính kèm: cần ít nhất một tệp (PDF, ảnh hoặc DOCX)', en: 'Attachments: attach at least one file (PDF, image or DOCX)' } });
  if (fields.length) throw new ValidationError(fields);
  if (input.submitTo) await requireLeader(db, ctx.user.agencyId, input.submitTo, 'submitTo');
  if (input.issuerId) await requireActiveEntry(db, input.issuerId, 'issuerId');

  if (!input.confirmDuplicate) {
    const found = await createIncomingRepository(db).duplicates(ctx.user.agencyId, input.issuer, input.number, input.notation);
    if (found.length) throw conflict('DUPLICATE_DOCUMENT', { duplicates: found.map(presentListItem) });
  }
  return receivedOn;
}

/**
 * Writes a checked registration in the caller's transaction: the next arrival number, the row, its
 * files (rows naming stored content), the history, and the submission if asked. The exchange
 * registers an accepted electronic document through here too (`sentDocumentId` links the sender's).
 */
export async function insertRegistered(tx: Executor, ctx: ActionContext, input: RegisterMetadata, receivedOn: string, files: readonly RegisteredFile[], link: { sentDocumentId?: string } = {}) {
  const { registerId, number } = await takeNextNumber(tx, ctx.user.agencyId, 'incoming', Number(receivedOn.slice(0, 4)));
  const doc = await tx
    .insertInto('documents')
    .values({
      agency_id: ctx.user.agencyId,
      direction: 'incoming',
      register_id: registerId,
      arrival_number: number,
      received_on: receivedOn,
      issuer: input.issuer,
      issuer_id: input.issuerId ?? null,
      number: input.number ?? null,
      notation: input.notation ?? null,
      issued_on: input.issuedOn,
      document_type: input.documentType,
      summary: input.summary,
      signer: input.signer ?? null,
      urgency: input.urgency,
      secrecy: input.secrecy,
      page_count: input.pageCount ?? null,
      due_date: input.dueDate ?? null,
      status: input.submitTo ? 'submitted' : 'registered',
      submitted_to: input.submitTo ?? null,
      submitted_at: input.submitTo ? stamp(ctx) : null,
      sent_document_id: link.sentDocumentId ?? null,
      created_by: ctx.user.id,
      created_at: stamp(ctx),
      updated_at: stamp(ctx),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('attachments')
    .values(files.map((f) => ({ document_id: doc.id, file_hash: f.hash, file_name: f.fileName, mime_type: f.mimeType, size_bytes: f.size, created_by: ctx.user.id })))
    .execute();
  await requestTextExtraction(tx, [...files]);
  await appendEvent(tx, ctx, {
    agencyId: ctx.user.agencyId,
    documentId: doc.id,
    action: 'registered',
    payload: { arrivalNumber: number, receivedOn, files: files.map((f) => f.fileName), duplicateConfirmed: Boolean(input.confirmDuplicate), ...(link.sentDocumentId && { viaExchange: true }) },
  });
  if (input.submitTo) {
    const names = await createIncomingRepository(tx).userNames([input.submitTo]);
    await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, documentId: doc.id, action: 'submitted', payload: { leaderId: input.submitTo, leaderName: names.get(input.submitTo) } });
    await notifySubmitted(tx, ctx, doc.id, input.submitTo);
  }
  return doc;
}

/** The clerk registers a document in the incoming register: the next arrival number, its files, optionally submitted at once. */
export async function register(deps: IncomingDeps, ctx: ActionContext, input: RegisterMetadata, upload: Upload) {
  const receivedOn = await checkRegistration(deps.db, deps, ctx, input, upload.files);
  await upload.commit();
  return deps.db.transaction().execute(async (tx) => presentListItem(await insertRegistered(tx, ctx, input, receivedOn, upload.files)));
}

export async function list(deps: IncomingDeps, ctx: ActionContext, query: ListQuery) {
  const { items, total, totalCapped } = await createIncomingRepository(deps.db).list(ctx.user, query);
  return { items: items.map((row) => ({ ...presentListItem(row), ...presentRegisterColumns(row) })), total, totalCapped, page: query.page, pageSize: query.pageSize };
}

export async function inbox(deps: IncomingDeps, ctx: ActionContext, box: InboxBox, page: number, pageSize: number) {
  const now = today(deps);
  const { items, total, totalCapped } = await createIncomingRepository(deps.db).inbox(ctx.user, box, now, page, pageSize);
  return {
    items: items.map((row) => ({
      ...presentListItem(row),
      myDueDate: row.my_due_date,
      overdue: Boolean(row.my_due_date && row.my_due_date < now && row.status !== 'completed'),
      /** The work came back to this official (returned to them, or their result refused). */
      returned: row.returned,
      /** A result waits for this official's confirmation. */
      toConfirm: row.to_confirm,
      /** A delegate acted on it in this official's name. */
      byDelegate: row.by_delegate,
    })),
    total,
    totalCapped,
    page,
    pageSize,
  };
}

export const counts = (deps: IncomingDeps, ctx: ActionContext) => createIncomingRepository(deps.db).inboxCounts(ctx.user, today(deps));

/**
 * The document page. Opening it is a view in the access log, and for a for-information recipient
 * it is what "seen" means: their assignment turns from "Chưa xem" to "Đã xem".
 */
export async function detail(deps: IncomingDeps, ctx: ActionContext, id: string, options: { recordView?: boolean } = {}) {
  const repo = createIncomingRepository(deps.db);
  const doc = await repo.findVisible(ctx.user, id);
  if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
  if (options.recordView) await markSeen(deps.db, ctx, doc.agency_id, id);
  const [attachments, assignments, events, views, replies] = await Promise.all([repo.attachments(id), assignmentsOf(deps.db, id), repo.events(id), viewsOf(deps.db, id), repliesTo(deps.db, ctx.user, id)]);
  const userNames = await repo.userNames([doc.created_by, ...(doc.submitted_to ? [doc.submitted_to] : []), ...(doc.returned_by ? [doc.returned_by] : [])]);
  const detail = presentDocumentDetail({
    doc,
    attachments,
    assignments,
    events,
    views,
    userNames,
    canOpenFiles: canOpenFiles(ctx.user, doc, assignments),
    documentActions: documentActions(ctx.user, doc),
    work: assignmentViewer(ctx.user, assignments, today(deps)),
  });
  // The outgoing documents answering it, those this user may see, with their state; and, for an
  // electronic document from another agency, where it came from (its link to the sender's).
  return { ...detail, replies, receivedThrough: doc.sent_document_id ? await receivedThrough(deps.db, id) : null };
}

/**
 * A file of a visible document (secret documents' files only for those the policy allows).
 * Readers do not lock the document: the view goes to the access log with one INSERT, and only
 * once the file is known to be there, so a view that cannot happen is not recorded.
 */
export async function openAttachment(deps: IncomingDeps, ctx: ActionContext, documentId: string, attachmentId: string): Promise<{ stream: Readable; mimeType: string; fileName: string; size: number }> {
  const repo = createIncomingRepository(deps.db);
  const doc = await repo.findVisible(ctx.user, documentId);
  if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
  const [attachment, assignments] = await Promise.all([repo.attachment(documentId, attachmentId), assignmentsOf(deps.db, documentId)]);
  if (!attachment) throw notFound();
  if (!canOpenFiles(ctx.user, doc, assignments)) throw forbidden('SECRET_FILE');
  const stream = await openStoredFile(deps.files, attachment.file_hash, attachment.file_name);
  try {
    await recordView(deps.db, ctx, doc.agency_id, documentId, attachmentId);
  } catch (error) {
    stream.destroy();
    throw error;
  }
  return { stream, mimeType: attachment.mime_type, fileName: attachment.file_name, size: attachment.size_bytes };
}

/** The clerk corrects the registered details; the history keeps what each field was before. */
export const edit = (deps: IncomingDeps, ctx: ActionContext, id: string, input: EditBody) =>
  withDocument(deps, ctx, id, async (tx, doc) => {
    requireCorrectable(ctx, doc);
    const next = { ...toFields(doc), ...input };
    const fields = dateErrors(next.issuedOn, next.dueDate, doc.received_on);
    if (fields.length) throw new ValidationError(fields);
    const before = toFields(doc);
    const changes = Object.fromEntries(
      (Object.keys(input) as (keyof EditBody)[])
        .filter((key) => (input[key] ?? null) !== (before[key as keyof typeof before] ?? null))
        .map((key) => [key, { from: before[key as keyof typeof before] ?? null, to: input[key] ?? null }]),
    );
    if (!Object.keys(changes).length) return;
    if (input.issuerId) await requireActiveEntry(tx, input.issuerId, 'issuerId');
    await tx.updateTable('documents').set({
      issuer: next.issuer, issuer_id: next.issuerId ?? null, number: next.number ?? null, notation: next.notation ?? null, issued_on: next.issuedOn,
      document_type: next.documentType, summary: next.summary, signer: next.signer ?? null, urgency: next.urgency,
      secrecy: next.secrecy, page_count: next.pageCount ?? null, due_date: next.dueDate ?? null, updated_at: stamp(ctx),
    }).where('id', '=', id).execute();
    await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, documentId: id, action: 'edited', payload: { changes } });
  });

/** More scanned pages or annexes, added by the clerk before the document is assigned. */
export const addFiles = (deps: IncomingDeps, ctx: ActionContext, id: string, upload: Upload, maxFiles: number) =>
  withDocument(deps, ctx, id, async (tx, doc) => {
    const uploads = upload.files;
    requireCorrectable(ctx, doc);
    // The files of an electronic document are its sender's signed originals: nothing is added to them.
    if (doc.sent_document_id) throw conflict('EXCHANGED_FILES_ARE_SENDERS');
    if (!uploads.length) throw ValidationError.single('files', 'cần ít nhất một tệp', 'attach at least one file', 'required');
    const existing = await tx.selectFrom('attachments').select(sql<number>`count(*)::int`.as('n')).where('document_id', '=', id).executeTakeFirstOrThrow();
    if (existing.n + uploads.length > maxFiles) throw badRequest('TOO_MANY_FILES', { max: maxFiles });
    await upload.commit();
    await tx
      .insertInto('attachments')
      .values(uploads.map((f) => ({ document_id: id, file_hash: f.hash, file_name: f.fileName, mime_type: f.mimeType, size_bytes: f.size, created_by: ctx.user.id, created_at: stamp(ctx) })))
      .execute();
    await requestTextExtraction(tx, uploads);
    await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, documentId: id, action: 'files_added', payload: { files: uploads.map((f) => f.fileName) } });
  });

/** The clerk submits a registered (or returned) document to a leader. */
export const submit = (deps: IncomingDeps, ctx: ActionContext, id: string, leaderId: string, note?: string) =>
  withDocument(deps, ctx, id, async (tx, doc) => {
    if (!hasRole(ctx.user, 'clerk')) throw forbidden('ONLY_CLERK_SUBMITS');
    if (doc.status !== 'registered' && doc.status !== 'returned') throw conflict('INVALID_STATE');
    const leader = await requireLeader(tx, ctx.user.agencyId, leaderId, 'leaderId');
    await tx.updateTable('documents').set({ status: 'submitted', submitted_to: leaderId, submitted_at: stamp(ctx), return_reason: null, returned_by: null, returned_at: null, updated_at: stamp(ctx) }).where('id', '=', id).execute();
    await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, documentId: id, action: 'submitted', payload: { leaderId, leaderName: leader.full_name, note } });
    await notifySubmitted(tx, ctx, id, leaderId);
  });

/** The leader it was submitted to sends it back to the clerk, with the reason. */
export const returnToClerk = (deps: IncomingDeps, ctx: ActionContext, id: string, reason: string) =>
  withDocument(deps, ctx, id, async (tx, doc) => {
    const acting = requireDecider(ctx, doc);
    await tx.updateTable('documents').set({ status: 'returned', return_reason: reason, returned_by: actingId(acting), returned_at: stamp(ctx), updated_at: stamp(ctx) }).where('id', '=', id).execute();
    await appendEvent(tx, acting, { agencyId: ctx.user.agencyId, documentId: id, action: 'returned_to_clerk', payload: { reason } });
  });
