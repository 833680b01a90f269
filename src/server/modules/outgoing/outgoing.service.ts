import { Readable } from 'node:stream';
import type { Selectable } from 'kysely';
import { DOCUMENT_TYPE_ABBREVIATIONS, type DocumentType, type SigningForm } from '../../../shared/enums.js';
import type { Db, Executor } from '../../db/database.js';
import type { ApprovalStepsTable } from '../../db/schema.js';
import { DomainError, ValidationError, conflict, forbidden, notFound } from '../../http/errors.js';
import { type Clock, vietnamDate } from '../../time.js';
import type { ActionContext } from '../auth/current-user.js';
import { appendEvent } from '../events/events.repository.js';
import { type FileStore, type StagedFile, openStoredFile } from '../files/file-store.js';
import type { ReceivedUpload, UploadedFile } from '../files/uploads.js';
import { renderTemplate, type TemplateInput } from './outgoing.template.js';
import { requestTextExtraction } from '../files/file-texts.js';
import { enqueue } from '../jobs/jobs.js';
import { CONVERT_DOCX_JOB } from './outgoing.conversion.js';
import { createIncomingRepository } from '../incoming/incoming.repository.js';
import { assignmentViewer, presentAssignments } from '../assignments/assignments.presenters.js';
import { assignmentsOf } from '../assignments/assignments.repository.js';
import { type DocumentRow, stamp, withVisibleDocument } from '../assignments/assignments.context.js';
import { markSeen, recordView } from '../documents/documents.views.js';
import { peekNextNumber, takeNextNumber } from '../registers/registers.service.js';
import { resolveChain } from './outgoing.chains.js';
import { blockingConsultationOpen, consultationsOf } from './outgoing.consultations.js';
import { canIssue, holdsStep, isDrafter, isEditable, maySign } from './outgoing.policies.js';
import { presentOutgoing, presentOutgoingListItem } from './outgoing.presenters.js';
import { createOutgoingRepository } from './outgoing.repository.js';
import type { KeyVault } from '../signatures/keys.js';
import { type AgencySealing, attachmentSignaturesOf, prepareAgencySealing, sealAtIssuance, signaturesOf, type UnsignedReason } from '../signatures/signing.service.js';
import { type DraftEdit, type DraftMetadata, lacksVv, type OutgoingBox, type RecipientInput, type RegisterQuery } from './outgoing.schemas.js';

export interface OutgoingDeps {
  db: Db;
  files: FileStore;
  clock: Clock;
  /** The server's key vault, to add the agency's signature when a signed document is issued. */
  vault?: Promise<KeyVault> | undefined;
}

type StepRow = Selectable<ApprovalStepsTable>;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const MAIN_FILE_TYPES = new Set(['application/pdf', DOCX]);

/** As the shared `withVisibleDocument`, for an outgoing document (any other is "not found" here). */
function withOutgoing<T>(deps: OutgoingDeps, ctx: ActionContext, id: string, action: (tx: Executor, doc: DocumentRow) => Promise<T>): Promise<T> {
  return withVisibleDocument(deps, ctx, id, (tx, doc) => {
    if (doc.direction !== 'outgoing') throw notFound('DOCUMENT_NOT_FOUND');
    return action(tx, doc);
  });
}

/** The first file of a draft's upload is its main document (DOCX or PDF); the others are attachments. */
function splitFiles(files: UploadedFile[], required: boolean): { main: UploadedFile | undefined; rest: UploadedFile[] } {
  const [main, ...rest] = files;
  if (!main) {
    if (required) throw new ValidationError([{ field: 'files', code: 'required', message: { vi: 'Tệp đính kèm: cần tải lên tệp dự thảo (DOCX hoặc PDF)', en: 'Attachments: upload the draft file (DOCX or PDF)' } }]);
    return { main: undefined, rest };
  }
  if (!MAIN_FILE_TYPES.has(main.mimeType)) throw new DomainError('MAIN_FILE_TYPE', 400);
  return { main, rest };
}

/** The drafting unit, the intended signer and the recipients must be live members of this agency (or other agencies). */
async function checkDetails(db: Executor, ctx: ActionContext, input: { draftingUnitId?: string | undefined; signerId?: string | null | undefined; recipients?: RecipientInput[] | undefined }) {
  if (input.draftingUnitId) {
    const unit = await db.selectFrom('units').select('id').where('id', '=', input.draftingUnitId).where('agency_id', '=', ctx.user.agencyId).where('active', '=', true).executeTakeFirst();
    if (!unit) throw ValidationError.single('draftingUnitId', 'không phải đơn vị đang hoạt động của cơ quan', 'is not an active unit of the agency');
  }
  if (input.signerId) {
    const signer = await db.selectFrom('users').select('roles').where('id', '=', input.signerId).where('agency_id', '=', ctx.user.agencyId).where('active', '=', true).executeTakeFirst();
    if (!signer || !maySign(signer.roles)) throw ValidationError.single('signerId', 'phải là lãnh đạo cơ quan hoặc lãnh đạo đơn vị đang hoạt động', 'must be an active leader or unit head of the agency');
  }
  if (input.recipients) await checkRecipients(db, ctx.user.agencyId, input.recipients);
}

async function checkRecipients(db: Executor, agencyId: string, recipients: RecipientInput[]) {
  const errors: ValidationError['fields'] = [];
  const unitIds = recipients.flatMap((r) => (r.kind === 'unit' && r.unitId ? [r.unitId] : []));
  const userIds = recipients.flatMap((r) => (r.kind === 'user' && r.userId ? [r.userId] : []));
  const agencyIds = recipients.flatMap((r) => (r.kind === 'agency' && r.agencyId ? [r.agencyId] : []));
  const [units, users, agencies] = await Promise.all([
    unitIds.length ? db.selectFrom('units').select('id').where('agency_id', '=', agencyId).where('active', '=', true).where('id', 'in', unitIds).execute() : [],
    userIds.length ? db.selectFrom('users').select('id').where('agency_id', '=', agencyId).where('active', '=', true).where('id', 'in', userIds).execute() : [],
    agencyIds.length ? db.selectFrom('agencies').select('id').where('id', 'in', agencyIds).where('id', '<>', agencyId).execute() : [],
  ]);
  const known = new Set([...units, ...users, ...agencies].map((r) => r.id));
  recipients.forEach((r, i) => {
    const id = r.unitId ?? r.userId ?? r.agencyId;
    if (r.kind !== 'external' && (!id || !known.has(id))) {
      errors.push({ field: `recipients.${i}`, code: 'unknown_recipient', message: { vi: 'Nơi nhận: không có đơn vị, cán bộ hoặc cơ quan này (hoặc đã ngừng hoạt động)', en: 'Recipients: no such unit, official or agency (or it is no longer active)' } });
    }
    if (r.purpose === 'handle' && (r.kind === 'agency' || r.kind === 'external')) {
      errors.push({ field: `recipients.${i}.purpose`, code: 'invalid', message: { vi: 'Nơi nhận: chỉ đơn vị, cán bộ trong cơ quan mới được giao xử lý', en: 'Recipients: only units and officials of this agency can be asked to handle it' } });
    }
  });
  if (errors.length) throw new ValidationError(errors);
}

/** A specialist (or any official) starts a draft: its details, recipients, main file and attachments. */
export async function createDraft(deps: OutgoingDeps, ctx: ActionContext, input: DraftMetadata, upload: ReceivedUpload) {
  const generated = input.fromTemplate && !upload.files.length ? await stageTemplate(deps, ctx, input) : null;
  try {
    return await createDraftWith(deps, ctx, input, upload, generated);
  } finally {
    await generated?.discard();
  }
}

async function createDraftWith(deps: OutgoingDeps, ctx: ActionContext, input: DraftMetadata, upload: ReceivedUpload, generated: (StagedFile & { fileName: string }) | null) {
  const { main, rest } = generated
    ? { main: { hash: generated.hash, fileName: generated.fileName, mimeType: DOCX, size: generated.size }, rest: upload.files }
    : splitFiles(upload.files, true);
  const unitId = input.draftingUnitId ?? ctx.user.unitId;
  const org = await deps.db.selectFrom('agencies').select(['name']).where('id', '=', ctx.user.agencyId).executeTakeFirstOrThrow();
  if (input.replyToId && !(await createIncomingRepository(deps.db).findVisible(ctx.user, input.replyToId))) {
    throw ValidationError.single('replyToId', 'không có văn bản đến này hoặc bạn không được xem', 'no such incoming document, or you may not see it');
  }
  await checkDetails(deps.db, ctx, input);

  await generated?.commit();
  await upload.commit();
  return deps.db.transaction().execute(async (tx) => {
    const doc = await tx
      .insertInto('documents')
      .values({
        agency_id: ctx.user.agencyId,
        direction: 'outgoing',
        issuer: org.name,
        document_type: input.documentType,
        summary: input.summary,
        urgency: input.urgency,
        secrecy: input.secrecy,
        status: 'draft',
        drafting_unit_id: unitId,
        signer_id: input.signerId ?? null,
        signing_form: input.signingForm,
        reply_to_id: input.replyToId ?? null,
        created_by: ctx.user.id,
        created_at: stamp(ctx),
        updated_at: stamp(ctx),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await insertVersion(tx, ctx, doc.id, 1, main!, input.note);
    await insertAttachments(tx, ctx, doc.id, rest);
    await insertRecipients(tx, doc.id, input.recipients);
    await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, documentId: doc.id, action: 'draft_created', payload: { version: 1, file: main!.fileName, replyToId: input.replyToId ?? null } });
    return { id: doc.id };
  });
}

async function insertRecipients(tx: Executor, documentId: string, recipients: RecipientInput[]) {
  if (!recipients.length) return;
  await tx
    .insertInto('document_recipients')
    .values(recipients.map((r, i) => ({
      document_id: documentId, kind: r.kind, unit_id: r.kind === 'unit' ? r.unitId! : null, user_id: r.kind === 'user' ? r.userId! : null,
      agency_id: r.kind === 'agency' ? r.agencyId! : null, name: r.name ?? null, purpose: r.purpose, due_date: r.dueDate ?? null, sort_order: i,
    })))
    .execute();
}

const EDITABLE_COLUMNS = {
  documentType: 'document_type', summary: 'summary', urgency: 'urgency', secrecy: 'secrecy', draftingUnitId: 'drafting_unit_id', signerId: 'signer_id', signingForm: 'signing_form',
} as const;

/**
 * The drafter corrects a saved draft while it is with them (before submitting, or once returned):
 * its details and its recipients. The history keeps each field's old and new value.
 */
export async function editDraft(deps: OutgoingDeps, ctx: ActionContext, id: string, input: DraftEdit) {
  if (!(await createOutgoingRepository(deps.db).findVisible(ctx.user, id))) throw notFound('DOCUMENT_NOT_FOUND');
  await checkDetails(deps.db, ctx, input);
  return withOutgoing(deps, ctx, id, async (tx, doc) => {
    requireEditableByDrafter(ctx, doc);
    if (lacksVv(input.documentType ?? doc.document_type, input.summary ?? doc.summary)) {
      throw ValidationError.single('summary', 'Trích yếu của công văn phải bắt đầu bằng "V/v "', 'The summary of a công văn must start with "V/v "');
    }
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const set: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(EDITABLE_COLUMNS) as [keyof typeof EDITABLE_COLUMNS, (typeof EDITABLE_COLUMNS)[keyof typeof EDITABLE_COLUMNS]][]) {
      const value = input[field];
      if (value === undefined || value === doc[column]) continue;
      changes[field] = { from: doc[column], to: value };
      set[column] = value;
    }
    if (input.recipients) {
      await tx.deleteFrom('document_recipients').where('document_id', '=', id).execute();
      await insertRecipients(tx, id, input.recipients);
      changes.recipients = { from: null, to: input.recipients.length };
    }
    if (!Object.keys(changes).length) return;
    await tx.updateTable('documents').set({ ...set, updated_at: stamp(ctx) }).where('id', '=', id).execute();
    await appendEvent(tx, ctx, { agencyId: doc.agency_id, documentId: id, action: 'draft_edited', payload: { changes } });
  });
}

/** The drafter takes an attachment off a draft that is with them; the stored file goes when nothing names it. */
export const removeAttachment = (deps: OutgoingDeps, ctx: ActionContext, id: string, attachmentId: string) =>
  withOutgoing(deps, ctx, id, async (tx, doc) => {
    requireEditableByDrafter(ctx, doc);
    const removed = await tx.updateTable('attachments').set({ removed_at: stamp(ctx), removed_by: ctx.user.id })
      .where('id', '=', attachmentId).where('document_id', '=', id).where('removed_at', 'is', null).returning(['file_name']).executeTakeFirst();
    if (!removed) throw notFound();
    await tx.updateTable('documents').set({ updated_at: stamp(ctx) }).where('id', '=', id).execute();
    await appendEvent(tx, ctx, { agencyId: doc.agency_id, documentId: id, action: 'attachment_removed', payload: { file: removed.file_name } });
  });

/** A version, with its background work in the same transaction: its text read, and a DOCX converted to PDF. */
async function insertVersion(tx: Executor, ctx: ActionContext, documentId: string, version: number, file: UploadedFile, note: string | undefined) {
  const { id } = await tx
    .insertInto('document_versions')
    .values({
      document_id: documentId, version, file_hash: file.hash, file_name: file.fileName, mime_type: file.mimeType, size_bytes: file.size, note: note ?? null,
      created_by: ctx.user.id, created_at: stamp(ctx), pdf_status: file.mimeType === DOCX ? 'pending' : 'none',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (file.mimeType === DOCX) await enqueue(tx, CONVERT_DOCX_JOB, { versionId: id });
  await requestTextExtraction(tx, [file]);
}

async function insertAttachments(tx: Executor, ctx: ActionContext, documentId: string, files: UploadedFile[]) {
  if (!files.length) return;
  await tx
    .insertInto('attachments')
    .values(files.map((f) => ({ document_id: documentId, file_hash: f.hash, file_name: f.fileName, mime_type: f.mimeType, size_bytes: f.size, created_by: ctx.user.id })))
    .execute();
  await requestTextExtraction(tx, files);
}

/** The drafter uploads a revised main file (and possibly more attachments): the next version. */
export async function addVersion(deps: OutgoingDeps, ctx: ActionContext, id: string, upload: ReceivedUpload, note: string | undefined) {
  const { main, rest } = splitFiles(upload.files, true);
  // Refuse a document the user may not see before its files reach the store.
  if (!(await createOutgoingRepository(deps.db).findVisible(ctx.user, id))) throw notFound('DOCUMENT_NOT_FOUND');
  await upload.commit();
  return withOutgoing(deps, ctx, id, async (tx, doc) => {
    const afterApproval = doc.status === 'approved';
    if (!afterApproval) requireEditableByDrafter(ctx, doc);
    else if (!isDrafter(ctx.user, doc)) throw forbidden('NOT_DRAFTER');
    const last = await tx.selectFrom('document_versions').select((eb) => eb.fn.max('version').as('v')).where('document_id', '=', id).executeTakeFirstOrThrow();
    const version = Number(last.v ?? 0) + 1;
    await insertVersion(tx, ctx, id, version, main!, note);
    await insertAttachments(tx, ctx, id, rest);
    await tx.updateTable('documents').set({ updated_at: stamp(ctx) }).where('id', '=', id).execute();
    if (afterApproval) await backToSigner(tx, ctx, doc);
    await appendEvent(tx, ctx, { agencyId: doc.agency_id, documentId: id, action: 'version_added', payload: { version, file: main!.fileName, note: note ?? null, afterApproval } });
    return { version };
  });
}

/**
 * A change after approval goes back to the one who approved it for signing (Decree 30, Điều 10:
 * "changes after approval go back to the signer"): a new round with that single step.
 */
async function backToSigner(tx: Executor, ctx: ActionContext, doc: DocumentRow) {
  const signer = doc.approved_by!;
  const last = await tx.selectFrom('approval_steps').select((eb) => eb.fn.max('round').as('r')).where('document_id', '=', doc.id).executeTakeFirstOrThrow();
  const now = stamp(ctx);
  await tx
    .insertInto('approval_steps')
    .values({ document_id: doc.id, agency_id: doc.agency_id, round: Number(last.r ?? 0) + 1, position: 0, kind: 'signer', holder_id: signer, status: 'current', became_current_at: now })
    .execute();
  await tx
    .updateTable('documents')
    .set({ status: 'in_review', submitted_to: signer, submitted_at: now, approved_by: null, approved_at: null, approved_version: null, updated_at: now })
    .where('id', '=', doc.id)
    .execute();
}

function requireEditableByDrafter(ctx: ActionContext, doc: DocumentRow) {
  if (doc.status === 'issued') throw conflict('ISSUED_IS_FROZEN');
  if (!isDrafter(ctx.user, doc)) throw forbidden('NOT_DRAFTER');
  if (!isEditable(doc)) throw conflict('DRAFT_LOCKED');
}

async function latestVersion(tx: Executor, documentId: string): Promise<number> {
  const row = await tx.selectFrom('document_versions').select((eb) => eb.fn.max('version').as('v')).where('document_id', '=', documentId).executeTakeFirstOrThrow();
  return Number(row.v ?? 1);
}

/**
 * The drafter submits (trình) the draft: the chain is resolved to people now. After a return, the
 * new round starts again from the step that returned it (the steps before it already agreed).
 */
export const submit = (deps: OutgoingDeps, ctx: ActionContext, id: string, comment: string | undefined) =>
  withOutgoing(deps, ctx, id, async (tx, doc) => {
    requireEditableByDrafter(ctx, doc);
    const chain = await resolveChain(tx, {
      agencyId: doc.agency_id, documentType: doc.document_type as DocumentType, drafterId: doc.created_by, unitId: doc.drafting_unit_id, signerId: doc.signer_id,
    });
    const previous = await tx.selectFrom('approval_steps').select(['round', 'holder_id', 'status']).where('document_id', '=', id).orderBy('seq', 'desc').execute();
    const round = (previous[0]?.round ?? 0) + 1;
    const returnedBy = previous.find((s) => s.status === 'returned')?.holder_id;
    const from = returnedBy ? Math.max(0, chain.findIndex((s) => s.holderId === returnedBy)) : 0;
    const steps = chain.slice(from);
    if (!steps.length) throw conflict('NO_REVIEWERS');
    const now = stamp(ctx);
    await tx
      .insertInto('approval_steps')
      .values(steps.map((s, i) => ({
        document_id: id, agency_id: doc.agency_id, round, position: from + i, kind: s.kind, holder_id: s.holderId,
        status: i === 0 ? ('current' as const) : ('waiting' as const), became_current_at: i === 0 ? now : null,
      })))
      .execute();
    await tx.updateTable('documents').set({ status: 'in_review', submitted_to: steps[0]!.holderId, submitted_at: now, updated_at: now }).where('id', '=', id).execute();
    const names = await createOutgoingRepository(tx).names(steps.map((s) => s.holderId), [], []);
    await appendEvent(tx, ctx, {
      agencyId: doc.agency_id, documentId: id, action: 'draft_submitted',
      payload: { round, version: await latestVersion(tx, id), comment: comment ?? null, chain: steps.map((s) => ({ kind: s.kind, holderId: s.holderId, name: names.user.get(s.holderId)?.fullName })) },
    });
  });

/** The current step, held by this user, of a document under review. */
async function heldStep(tx: Executor, ctx: ActionContext, doc: DocumentRow): Promise<StepRow> {
  if (doc.status === 'issued') throw conflict('ISSUED_IS_FROZEN');
  const step = await createOutgoingRepository(tx).currentStep(doc.id);
  if (doc.status !== 'in_review' || !step) throw conflict('INVALID_STATE');
  if (!holdsStep(ctx.user, step)) throw forbidden('NOT_CURRENT_REVIEWER');
  return step;
}

/** The holder approves: the draft moves to the next step, or, at the last one, is approved for signing (duyệt ký). */
export const approve = (deps: OutgoingDeps, ctx: ActionContext, id: string, comment: string | undefined) =>
  withOutgoing(deps, ctx, id, async (tx, doc) => {
    const step = await heldStep(tx, ctx, doc);
    if (await blockingConsultationOpen(tx, id)) throw conflict('CONSULTATION_OPEN');
    const version = await latestVersion(tx, id);
    const now = stamp(ctx);
    await tx.updateTable('approval_steps').set({ status: 'approved', comment: comment ?? null, version, acted_at: now }).where('id', '=', step.id).execute();
    const next = await tx
      .selectFrom('approval_steps').select(['id', 'holder_id']).where('document_id', '=', id).where('round', '=', step.round).where('status', '=', 'waiting')
      .orderBy('position').orderBy('seq').limit(1).executeTakeFirst();
    if (next) {
      await tx.updateTable('approval_steps').set({ status: 'current', became_current_at: now }).where('id', '=', next.id).execute();
      await tx.updateTable('documents').set({ submitted_to: next.holder_id, submitted_at: now, updated_at: now }).where('id', '=', id).execute();
      await appendEvent(tx, ctx, { agencyId: doc.agency_id, documentId: id, action: 'step_approved', payload: { version, comment: comment ?? null, nextHolderId: next.holder_id } });
      return { status: 'in_review' as const };
    }
    await tx.updateTable('documents').set({ status: 'approved', submitted_to: null, approved_by: ctx.user.id, approved_at: now, approved_version: version, updated_at: now }).where('id', '=', id).execute();
    await appendEvent(tx, ctx, { agencyId: doc.agency_id, documentId: id, action: 'draft_approved', payload: { version, comment: comment ?? null } });
    return { status: 'approved' as const };
  });

/** The holder returns the draft to its drafter with comments; the rest of the round is cancelled. */
export const returnDraft = (deps: OutgoingDeps, ctx: ActionContext, id: string, comment: string) =>
  withOutgoing(deps, ctx, id, async (tx, doc) => {
    const step = await heldStep(tx, ctx, doc);
    const version = await latestVersion(tx, id);
    const now = stamp(ctx);
    await tx.updateTable('approval_steps').set({ status: 'returned', comment, version, acted_at: now }).where('id', '=', step.id).execute();
    await tx.updateTable('approval_steps').set({ status: 'cancelled' }).where('document_id', '=', id).where('round', '=', step.round).where('status', '=', 'waiting').execute();
    await tx.updateTable('documents').set({ status: 'returned', submitted_to: null, return_reason: comment, returned_by: ctx.user.id, returned_at: now, updated_at: now }).where('id', '=', id).execute();
    await appendEvent(tx, ctx, { agencyId: doc.agency_id, documentId: id, action: 'draft_returned', payload: { version, comment } });
  });

/** The holder passes the review to another leader outside the chain; the chain goes on after them. */
export const forward = (deps: OutgoingDeps, ctx: ActionContext, id: string, userId: string, comment: string | undefined) =>
  withOutgoing(deps, ctx, id, async (tx, doc) => {
    const step = await heldStep(tx, ctx, doc);
    if (userId === ctx.user.id) throw new DomainError('FORWARD_TO_SELF', 400);
    const target = await tx.selectFrom('users').select(['id', 'roles', 'full_name']).where('id', '=', userId).where('agency_id', '=', doc.agency_id).where('active', '=', true).executeTakeFirst();
    if (!target || !maySign(target.roles)) throw ValidationError.single('userId', 'phải là lãnh đạo cơ quan hoặc lãnh đạo đơn vị đang hoạt động', 'must be an active leader or unit head of the agency');
    const now = stamp(ctx);
    await tx.updateTable('approval_steps').set({ status: 'forwarded', comment: comment ?? null, version: await latestVersion(tx, id), acted_at: now }).where('id', '=', step.id).execute();
    await tx
      .insertInto('approval_steps')
      .values({ document_id: id, agency_id: doc.agency_id, round: step.round, position: step.position, kind: step.kind, holder_id: userId, status: 'current', forwarded_from: step.id, became_current_at: now })
      .execute();
    await tx.updateTable('documents').set({ submitted_to: userId, submitted_at: now, updated_at: now }).where('id', '=', id).execute();
    await appendEvent(tx, ctx, { agencyId: doc.agency_id, documentId: id, action: 'step_forwarded', payload: { toId: userId, toName: target.full_name, comment: comment ?? null } });
  });

/** `{n}/{TYPE}-{AGENCY}`, or `{n}/{AGENCY}-{UNIT}` for a công văn (Decree 30, PL I §II.3); numbers below 10 zero-padded. */
export function referenceOf(documentType: DocumentType, number: number, agencyShort: string, unitShort: string | null) {
  const padded = String(number).padStart(2, '0');
  const abbreviation = DOCUMENT_TYPE_ABBREVIATIONS[documentType];
  const notation = abbreviation ? `${abbreviation}-${agencyShort}` : unitShort ? `${agencyShort}-${unitShort}` : agencyShort;
  return { number: padded, notation, reference: `${padded}/${notation}` };
}

async function referenceParts(tx: Executor, doc: DocumentRow) {
  const agency = await tx.selectFrom('agencies').select('short_name').where('id', '=', doc.agency_id).executeTakeFirstOrThrow();
  const unit = doc.drafting_unit_id ? await tx.selectFrom('units').select('short_name').where('id', '=', doc.drafting_unit_id).executeTakeFirst() : undefined;
  return { agencyShort: agency.short_name, unitShort: unit?.short_name ?? null };
}

/** Secret documents are numbered in their own register (Decree 30, Điều 15.2). */
const registerKind = (doc: DocumentRow): 'outgoing' | 'secret' => (doc.secrecy === 'none' ? 'outgoing' : 'secret');

/** What issuing now would take, for the clerk to see before confirming (another issuance may take it first). */
export async function previewNumber(deps: OutgoingDeps, ctx: ActionContext, id: string) {
  if (!canIssue(ctx.user)) throw forbidden('ONLY_CLERK_ISSUES');
  const doc = await createOutgoingRepository(deps.db).findVisible(ctx.user, id);
  if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
  const year = Number(vietnamDate(deps.clock.now()).slice(0, 4));
  const next = await peekNextNumber(deps.db, doc.agency_id, registerKind(doc), year);
  const parts = await referenceParts(deps.db, doc);
  return referenceOf(doc.document_type as DocumentType, next, parts.agencyShort, parts.unitShort);
}

/**
 * The clerk numbers and issues an approved document. The number is taken inside the transaction
 * that records the issuance, so a failure anywhere (a recipient deactivated since drafting, say)
 * gives the number back: numbers are never skipped or repeated. Recipients inside the agency get
 * the document at once, as an assignment to handle or for information.
 */
export async function issue(deps: OutgoingDeps, ctx: ActionContext, id: string, input: { issuedOn?: string | undefined; copies: number; agencyPassphrase?: string | undefined }) {
  if (!canIssue(ctx.user)) throw forbidden('ONLY_CLERK_ISSUES');
  const today = vietnamDate(deps.clock.now());
  if (input.issuedOn && input.issuedOn > today) throw ValidationError.single('issuedOn', 'không được sau ngày hôm nay', 'cannot be after today');
  // A digitally signed document also gets the agency's signature: its key is opened (and the
  // seal and the signed PDF read) before numbering, so a wrong passphrase takes no number.
  const seen = await createOutgoingRepository(deps.db).findVisible(ctx.user, id);
  const sealing = seen?.status === 'signed' && deps.vault ? await prepareAgencySealing({ ...deps, vault: deps.vault }, ctx, seen, input.agencyPassphrase) : null;
  return withOutgoing(deps, ctx, id, async (tx, doc) => {
    if (doc.status === 'issued') throw conflict('ISSUED_IS_FROZEN');
    if (doc.status !== 'approved' && doc.status !== 'signed') throw conflict('NOT_APPROVED');
    if (doc.status === 'signed' && !sealing) throw conflict('INVALID_STATE');
    const issuedOn = input.issuedOn ?? today;
    const { registerId, number } = await takeNextNumber(tx, doc.agency_id, registerKind(doc), Number(issuedOn.slice(0, 4)));
    const parts = await referenceParts(tx, doc);
    const ref = referenceOf(doc.document_type as DocumentType, number, parts.agencyShort, parts.unitShort);
    const now = stamp(ctx);
    const delivered = await deliverInside(tx, ctx, doc, now);
    await tx
      .updateTable('documents')
      .set({ status: 'issued', register_id: registerId, issue_number: number, number: ref.number, notation: ref.notation, issued_on: issuedOn, issued_by: ctx.user.id, issued_at: now, copies: input.copies, updated_at: now })
      .where('id', '=', id)
      .execute();
    await appendEvent(tx, ctx, { agencyId: doc.agency_id, documentId: id, action: 'document_issued', payload: { reference: ref.reference, issuedOn, copies: input.copies, delivered } });
    if (sealing) await sealAtIssuance({ ...deps, vault: deps.vault! }, tx, ctx, doc, sealing satisfies AgencySealing, { number: ref.number, reference: ref.reference, issuedOn });
    return { number: ref.number, notation: ref.notation, reference: ref.reference, issuedOn };
  });
}

/** Recipients of this agency get an assignment each (to handle with its due date, or for information). */
async function deliverInside(tx: Executor, ctx: ActionContext, doc: DocumentRow, now: Date): Promise<number> {
  const inside = await tx
    .selectFrom('document_recipients as r')
    .leftJoin('units', 'units.id', 'r.unit_id')
    .leftJoin('users', 'users.id', 'r.user_id')
    .select(['r.id', 'r.kind', 'r.unit_id', 'r.user_id', 'r.purpose', 'r.due_date', 'units.active as unitActive', 'units.name as unitName', 'users.active as userActive', 'users.full_name as userName'])
    .where('r.document_id', '=', doc.id)
    .where('r.kind', 'in', ['unit', 'user'])
    .execute();
  for (const r of inside) {
    const active = r.kind === 'unit' ? r.unitActive : r.userActive;
    if (!active) throw new DomainError('RECIPIENT_INACTIVE', 409, { name: (r.kind === 'unit' ? r.unitName : r.userName) ?? '' });
  }
  if (inside.length) {
    await tx
      .insertInto('assignments')
      .values(inside.map((r) => ({
        document_id: doc.id, agency_id: doc.agency_id, role: r.purpose === 'handle' ? ('lead' as const) : ('info' as const),
        assignee_user_id: r.user_id, assignee_unit_id: r.unit_id, assigned_by: ctx.user.id, due_date: r.purpose === 'handle' ? r.due_date : null,
        status: 'pending' as const, created_at: now, updated_at: now,
      })))
      .execute();
    await tx.updateTable('document_recipients').set({ delivered_at: now }).where('id', 'in', inside.map((r) => r.id)).execute();
  }
  return inside.length;
}

export async function list(deps: OutgoingDeps, ctx: ActionContext, box: OutgoingBox, page: number, pageSize: number) {
  if ((box === 'to_issue' || box === 'issued') && !canIssue(ctx.user) && !ctx.user.roles.includes('leader')) throw forbidden('ONLY_CLERK_ISSUES');
  const { items, total, totalCapped } = await createOutgoingRepository(deps.db).list(ctx.user, box, page, pageSize);
  return { items: items.map((d) => ({ ...presentOutgoingListItem(d), drafterName: d.drafter_name, waitingFor: d.current_holder_name })), total, totalCapped, page, pageSize };
}

/**
 * The outgoing register with the columns of Decree 30 (PL IV): number and notation, date, type
 * and summary, signer, recipients, the unit keeping the file copy, copies, date sent.
 */
export async function register(deps: OutgoingDeps, ctx: ActionContext, query: RegisterQuery) {
  const repo = createOutgoingRepository(deps.db);
  const { items, total, totalCapped } = await repo.register(ctx.user, query);
  const ids = items.map((d) => d.id);
  const [recipients, names] = await Promise.all([
    repo.recipientsOf(ids),
    repo.names([...new Set(items.flatMap((d) => [d.signer_id, d.approved_by].filter((v): v is string => Boolean(v))))], [...new Set(items.flatMap((d) => (d.drafting_unit_id ? [d.drafting_unit_id] : [])))], []),
  ]);
  return {
    items: items.map((d) => ({
      ...presentOutgoingListItem(d),
      signer: names.user.get(d.signer_id ?? d.approved_by ?? '')?.fullName ?? null,
      recipients: recipients.filter((r) => r.document_id === d.id).map((r) => r.unitName ?? r.userName ?? r.agencyName ?? r.name ?? ''),
      fileCopyUnit: d.drafting_unit_id ? names.unit.get(d.drafting_unit_id) ?? null : null,
      copies: d.copies,
      sentAt: d.issued_at?.toISOString() ?? null,
    })),
    total,
    totalCapped,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** The document page; `recordView` when it is opened (not in the answer to an action), as for incoming documents. */
export async function detail(deps: OutgoingDeps, ctx: ActionContext, id: string, options: { recordView?: boolean } = {}) {
  const repo = createOutgoingRepository(deps.db);
  const doc = await repo.findVisible(ctx.user, id);
  if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
  // Opening a delivered document is what "seen" means for a for-information recipient.
  if (options.recordView && doc.status === 'issued') await markSeen(deps.db, ctx, doc.agency_id, id);
  const [versions, attachments, recipients, steps, events, consultations, assignments] = await Promise.all([
    repo.versions(id), repo.attachments(id), repo.recipients(id), repo.steps(id), repo.events(id), consultationsOf(deps, id), assignmentsOf(deps.db, id),
  ]);
  const userIds = [doc.created_by, doc.signer_id, doc.approved_by, doc.issued_by, ...versions.map((v) => v.created_by), ...steps.map((s) => s.holder_id), ...recipients.map((r) => r.user_id), ...events.map((e) => e.actor_id)]
    .filter((v): v is string => Boolean(v));
  const names = await repo.names([...new Set(userIds)], [...new Set([doc.drafting_unit_id, ...recipients.map((r) => r.unit_id)].filter((v): v is string => Boolean(v)))], recipients.flatMap((r) => (r.agency_id ? [r.agency_id] : [])));
  // The answers waiting for this user, so the page can offer to answer them.
  const mine = await deps.db.selectFrom('consultation_answers').select('id').where('document_id', '=', id).where('answered_at', 'is', null)
    .where((eb) => (ctx.user.roles.includes('unit_head') && ctx.user.unitId ? eb.or([eb('user_id', '=', ctx.user.id), eb('unit_id', '=', ctx.user.unitId)]) : eb('user_id', '=', ctx.user.id))).execute();
  const waiting = doc.status === 'issued' ? [] : mine.map((m) => m.id);
  const work = presentAssignments(assignments, assignmentViewer(ctx.user, assignments, vietnamDate(deps.clock.now())));
  const [signatures, attachmentSignatures] = await Promise.all([signaturesOf(deps.db, id), attachmentSignaturesOf(deps.db, id)]);
  const presented = presentOutgoing(ctx.user, doc, { versions, attachments, recipients, steps, events, names, now: deps.clock.now(), assignments: work });
  const agencySigned = signatures.some((s) => s.kind === 'agency');
  // After issuance with the agency's signature, each attachment says whether it got it too, and why
  // not as the issuance recorded it (a document issued before attachments were signed claims nothing).
  const sealedEvent = events.find((e) => e.action === 'agency_signed')?.payload as { attachments?: { unsigned?: { file: string; reason: UnsignedReason }[] } } | undefined;
  const recorded = new Map((sealedEvent?.attachments?.unsigned ?? []).map((u) => [u.file, u.reason]));
  const attachmentsSigned = presented.attachments.map((a) => {
    const signed = attachmentSignatures.get(a.id);
    return {
      ...a,
      agencySignature: signed ? { signedAt: signed.signedAt, size: signed.size } : null,
      unsignedReason: agencySigned && !signed ? recorded.get(a.fileName) ?? (a.mimeType === 'application/pdf' ? null : 'not_pdf' as const) : null,
    };
  });
  return { ...presented, attachments: attachmentsSigned, consultations, answersWaitingForMe: waiting, signatures };
}

/** A version as PDF: the upload itself when it was a PDF, else its conversion once done (409 with the reason until then). */
export async function openVersionPdf(deps: OutgoingDeps, ctx: ActionContext, id: string, version: number): Promise<{ stream: Readable; fileName: string; size: number }> {
  const doc = await createOutgoingRepository(deps.db).findVisible(ctx.user, id);
  if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
  const row = await deps.db.selectFrom('document_versions').selectAll().where('document_id', '=', id).where('version', '=', version).executeTakeFirst();
  if (!row) throw notFound();
  const pdfName = row.file_name.replace(/\.[^.]+$/, '') + '.pdf';
  const hash = row.mime_type === 'application/pdf' ? row.file_hash : row.pdf_status === 'done' ? row.pdf_hash : null;
  if (!hash) throw new DomainError('PDF_NOT_READY', 409, { reason: row.pdf_error ?? '' });
  const stream = await openStoredFile(deps.files, hash, pdfName);
  const stat = await deps.files.stat(hash);
  await recordView(deps.db, ctx, doc.agency_id, id, null);
  return { stream, fileName: pdfName, size: stat?.size ?? 0 };
}

/** A version of the main file, for anyone who may see the draft. */
export async function openVersion(deps: OutgoingDeps, ctx: ActionContext, id: string, version: number): Promise<{ stream: Readable; mimeType: string; fileName: string; size: number }> {
  const repo = createOutgoingRepository(deps.db);
  const doc = await repo.findVisible(ctx.user, id);
  if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
  const row = await deps.db.selectFrom('document_versions').selectAll().where('document_id', '=', id).where('version', '=', version).executeTakeFirst();
  if (!row) throw notFound();
  const stream = await openStoredFile(deps.files, row.file_hash, row.file_name);
  await recordView(deps.db, ctx, doc.agency_id, id, null);
  return { stream, mimeType: row.mime_type, fileName: row.file_name, size: row.size_bytes };
}

/**
 * An attachment still on the document, for anyone who may see it; the access log names the file.
 * Once the agency has signed it at issuance, the signed PDF is served in its place (`original`
 * asks for the file as it was uploaded).
 */
export async function openAttachment(deps: OutgoingDeps, ctx: ActionContext, id: string, attachmentId: string, options: { original?: boolean | undefined } = {}): Promise<{ stream: Readable; mimeType: string; fileName: string; size: number }> {
  const doc = await createOutgoingRepository(deps.db).findVisible(ctx.user, id);
  if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
  const row = await deps.db.selectFrom('attachments as a').leftJoin('attachment_signatures as s', 's.attachment_id', 'a.id')
    .select(['a.file_hash', 'a.file_name', 'a.mime_type', 'a.size_bytes', 's.file_hash as signed_hash', 's.size_bytes as signed_size'])
    .where('a.id', '=', attachmentId).where('a.document_id', '=', id).where('a.removed_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound();
  const signed = !options.original && row.signed_hash !== null && row.signed_size !== null;
  const stream = await openStoredFile(deps.files, signed ? row.signed_hash! : row.file_hash, row.file_name);
  await recordView(deps.db, ctx, doc.agency_id, id, attachmentId);
  return { stream, mimeType: row.mime_type, fileName: row.file_name, size: signed ? row.signed_size! : row.size_bytes };
}

/** Titles printed under the signature (legal content of the document, not screen text). */
export const SIGNER_TITLES: Record<string, string> = {
  director: 'Giám đốc', deputy_director: 'Phó Giám đốc', chief_of_office: 'Chánh Văn phòng', deputy_chief_of_office: 'Phó Chánh Văn phòng',
  head_of_unit: 'Trưởng phòng', deputy_head_of_unit: 'Phó Trưởng phòng',
};

/** What the Decree 30 layout of a new draft is filled with: the agency, its parent, the unit, the signer, the recipients. */
export async function templateInput(db: Executor, ctx: ActionContext, input: Pick<DraftMetadata, 'documentType' | 'summary' | 'draftingUnitId' | 'signerId' | 'signingForm' | 'recipients'>, year: number): Promise<TemplateInput> {
  const agency = await db.selectFrom('agencies as a').leftJoin('agencies as p', 'p.id', 'a.parent_id').select(['a.name', 'a.short_name', 'a.place_name', 'p.name as parentName']).where('a.id', '=', ctx.user.agencyId).executeTakeFirstOrThrow();
  const unitId = input.draftingUnitId ?? ctx.user.unitId;
  const unit = unitId ? await db.selectFrom('units').select('short_name').where('id', '=', unitId).where('agency_id', '=', ctx.user.agencyId).executeTakeFirst() : undefined;
  const signer = input.signerId ? await db.selectFrom('users').select(['full_name', 'position']).where('id', '=', input.signerId).where('agency_id', '=', ctx.user.agencyId).executeTakeFirst() : undefined;
  const head = await db.selectFrom('users').select('position').where('agency_id', '=', ctx.user.agencyId).where('position', '=', 'director').executeTakeFirst();
  const names = await createOutgoingRepository(db).names(
    input.recipients.flatMap((r) => (r.kind === 'user' && r.userId ? [r.userId] : [])),
    input.recipients.flatMap((r) => (r.kind === 'unit' && r.unitId ? [r.unitId] : [])),
    input.recipients.flatMap((r) => (r.kind === 'agency' && r.agencyId ? [r.agencyId] : [])),
  );
  const recipientNames = input.recipients.map((r) =>
    (r.kind === 'unit' ? names.unit.get(r.unitId!) : r.kind === 'user' ? names.user.get(r.userId!)?.fullName : r.kind === 'agency' ? names.agency.get(r.agencyId!) : r.name) ?? '');
  return {
    documentType: input.documentType,
    summary: input.summary,
    parentAgency: agency.parentName,
    agency: agency.name,
    agencyShort: agency.short_name,
    unitShort: unit?.short_name ?? null,
    place: agency.place_name,
    year,
    signingForm: input.signingForm as SigningForm,
    headTitle: SIGNER_TITLES[head?.position ?? 'director'] ?? 'Giám đốc',
    signerTitle: signer ? SIGNER_TITLES[signer.position] ?? null : null,
    signerName: signer?.full_name ?? null,
    recipients: recipientNames.filter(Boolean),
  };
}

async function stageTemplate(deps: OutgoingDeps, ctx: ActionContext, input: DraftMetadata): Promise<StagedFile & { fileName: string }> {
  const year = Number(vietnamDate(deps.clock.now()).slice(0, 4));
  const bytes = await renderTemplate(await templateInput(deps.db, ctx, input, year));
  const staged = await deps.files.stage(Readable.from([bytes]), bytes.length + 1);
  if (staged.truncated) throw new Error('template larger than itself');
  return Object.assign(staged, { fileName: 'du-thao.docx' });
}
