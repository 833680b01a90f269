import type { Readable } from 'node:stream';
import { ValidationError, conflict, forbidden, notFound } from '../../http/errors.js';
import type { Executor } from '../../db/database.js';
import { vietnamDate } from '../../time.js';
import { type ActionContext, hasRole } from '../auth/current-user.js';
import { appendEvent } from '../events/events.repository.js';
import { openStoredFile } from '../files/file-store.js';
import type { ReceivedUpload } from '../files/uploads.js';
import { createOutgoingRepository } from './outgoing.repository.js';
import type { AnswerMetadata, ConsultBody } from './outgoing.schemas.js';
import type { OutgoingDeps } from './outgoing.service.js';

// Lấy ý kiến (consultation) on a draft: the drafter or a reviewer asks units or officials of the
// agency by a date; each answers once. It holds the chain back only when the asker said so.

/**
 * The drafter, or anyone who holds or held a review step of the draft. Read inside the caller's
 * transaction: on PGlite a query on another connection waits for that transaction to end (deadlock).
 */
async function mayAsk(db: Executor, ctx: ActionContext, doc: { id: string; created_by: string }) {
  if (doc.created_by === ctx.user.id) return true;
  const step = await db.selectFrom('approval_steps').select('id').where('document_id', '=', doc.id).where('holder_id', '=', ctx.user.id).executeTakeFirst();
  return Boolean(step);
}

export async function ask(deps: OutgoingDeps, ctx: ActionContext, documentId: string, input: ConsultBody) {
  const today = vietnamDate(deps.clock.now());
  if (input.dueDate < today) throw ValidationError.single('dueDate', 'không được trước ngày hôm nay', 'cannot be before today');
  return deps.db.transaction().execute(async (tx) => {
    const doc = await createOutgoingRepository(tx).findVisible(ctx.user, documentId);
    if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
    await tx.selectFrom('documents').select('id').where('id', '=', documentId).forNoKeyUpdate().execute();
    if (doc.status === 'issued') throw conflict('ISSUED_IS_FROZEN');
    if (!(await mayAsk(tx, ctx, doc))) throw forbidden('NOT_DRAFTER_OR_REVIEWER');
    const userIds = input.recipients.flatMap((r) => (r.userId ? [r.userId] : []));
    const unitIds = input.recipients.flatMap((r) => (r.unitId ? [r.unitId] : []));
    if (userIds.includes(ctx.user.id)) throw ValidationError.single('recipients', 'không gửi xin ý kiến chính mình', 'cannot include yourself');
    const [users, units] = await Promise.all([
      userIds.length ? tx.selectFrom('users').select(['id', 'full_name']).where('agency_id', '=', doc.agency_id).where('active', '=', true).where('id', 'in', userIds).execute() : [],
      unitIds.length ? tx.selectFrom('units').select(['id', 'name']).where('agency_id', '=', doc.agency_id).where('active', '=', true).where('id', 'in', unitIds).execute() : [],
    ]);
    if (users.length !== new Set(userIds).size || units.length !== new Set(unitIds).size) {
      throw ValidationError.single('recipients', 'chỉ gồm đơn vị, cán bộ đang hoạt động của cơ quan', 'must be active units or officials of the agency');
    }
    const version = Number((await tx.selectFrom('document_versions').select((eb) => eb.fn.max('version').as('v')).where('document_id', '=', documentId).executeTakeFirstOrThrow()).v ?? 1);
    const consultation = await tx
      .insertInto('consultations')
      .values({ document_id: documentId, agency_id: doc.agency_id, asked_by: ctx.user.id, question: input.question, due_date: input.dueDate, blocking: input.blocking, version })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('consultation_answers')
      .values([
        ...[...new Set(userIds)].map((id) => ({ consultation_id: consultation.id, document_id: documentId, user_id: id as string | null, unit_id: null as string | null })),
        ...[...new Set(unitIds)].map((id) => ({ consultation_id: consultation.id, document_id: documentId, user_id: null as string | null, unit_id: id as string | null })),
      ])
      .execute();
    await appendEvent(tx, ctx, {
      agencyId: doc.agency_id, documentId, action: 'consultation_requested',
      payload: { question: input.question, dueDate: input.dueDate, blocking: input.blocking, version, asked: [...users.map((u) => u.full_name), ...units.map((u) => u.name)] },
    });
    return { id: consultation.id };
  });
}

/** The one asked (the official, or the head of the unit asked) answers, once, with text and files. */
export async function answer(deps: OutgoingDeps, ctx: ActionContext, answerId: string, input: AnswerMetadata, upload: ReceivedUpload) {
  const found = await deps.db.selectFrom('consultation_answers').select(['document_id']).where('id', '=', answerId).executeTakeFirst();
  if (!found || !(await createOutgoingRepository(deps.db).findVisible(ctx.user, found.document_id))) throw notFound();
  await upload.commit();
  return deps.db.transaction().execute(async (tx) => {
    const doc = await tx.selectFrom('documents').select(['id', 'agency_id', 'status']).where('id', '=', found.document_id).forNoKeyUpdate().executeTakeFirstOrThrow();
    const row = await tx.selectFrom('consultation_answers').selectAll().where('id', '=', answerId).forUpdate().executeTakeFirstOrThrow();
    const mine = row.user_id ? row.user_id === ctx.user.id : row.unit_id === ctx.user.unitId && hasRole(ctx.user, 'unit_head');
    if (!mine) throw forbidden('NOT_CONSULTED');
    if (row.answered_at) throw conflict('ALREADY_ANSWERED');
    if (doc.status === 'issued') throw conflict('ISSUED_IS_FROZEN');
    if (input.opinion !== 'agree' && !input.comment) throw ValidationError.single('comment', 'cần ghi rõ ý kiến khi góp ý hoặc không đồng ý', 'is required when you comment or disagree');
    const now = ctx.at ?? new Date();
    await tx.updateTable('consultation_answers').set({ opinion: input.opinion, comment: input.comment ?? null, answered_by: ctx.user.id, answered_at: now }).where('id', '=', answerId).execute();
    if (upload.files.length) {
      await tx.insertInto('consultation_files').values(upload.files.map((f) => ({ answer_id: answerId, file_hash: f.hash, file_name: f.fileName, mime_type: f.mimeType, size_bytes: f.size }))).execute();
    }
    await appendEvent(tx, ctx, { agencyId: doc.agency_id, documentId: doc.id, action: 'consultation_answered', payload: { opinion: input.opinion, comment: input.comment ?? null, files: upload.files.map((f) => f.fileName) } });
  });
}

/** A blocking consultation with answers still missing holds approval back. */
export async function blockingConsultationOpen(db: Executor, documentId: string): Promise<boolean> {
  const open = await db
    .selectFrom('consultation_answers as a')
    .innerJoin('consultations as c', 'c.id', 'a.consultation_id')
    .select('a.id')
    .where('a.document_id', '=', documentId)
    .where('c.blocking', '=', true)
    .where('a.answered_at', 'is', null)
    .executeTakeFirst();
  return Boolean(open);
}

/** The consultations of a draft: each answer or its absence, and who is late. */
export async function consultationsOf(deps: OutgoingDeps, documentId: string) {
  const today = vietnamDate(deps.clock.now());
  const [consultations, answers, files] = await Promise.all([
    deps.db.selectFrom('consultations as c').innerJoin('users', 'users.id', 'c.asked_by').select(['c.id', 'c.question', 'c.due_date', 'c.blocking', 'c.version', 'c.created_at', 'users.full_name as askedBy']).where('c.document_id', '=', documentId).orderBy('c.created_at').execute(),
    deps.db.selectFrom('consultation_answers as a')
      .leftJoin('users as u', 'u.id', 'a.user_id').leftJoin('units as n', 'n.id', 'a.unit_id').leftJoin('users as by', 'by.id', 'a.answered_by')
      .select(['a.id', 'a.consultation_id', 'a.user_id', 'a.unit_id', 'a.opinion', 'a.comment', 'a.answered_at', 'u.full_name as userName', 'n.name as unitName', 'by.full_name as answeredBy'])
      .where('a.document_id', '=', documentId).execute(),
    deps.db.selectFrom('consultation_files as f').innerJoin('consultation_answers as a', 'a.id', 'f.answer_id').select(['f.id', 'f.answer_id', 'f.file_name', 'f.mime_type', 'f.size_bytes']).where('a.document_id', '=', documentId).execute(),
  ]);
  return consultations.map((c) => ({
    id: c.id, question: c.question, dueDate: c.due_date, blocking: c.blocking, version: c.version, askedBy: c.askedBy, askedAt: c.created_at.toISOString(),
    answers: answers.filter((a) => a.consultation_id === c.id).map((a) => ({
      id: a.id, kind: a.user_id ? 'user' : 'unit', name: a.userName ?? a.unitName, opinion: a.opinion, comment: a.comment, answeredBy: a.answeredBy, answeredAt: a.answered_at?.toISOString() ?? null,
      late: !a.answered_at && c.due_date < today,
      files: files.filter((f) => f.answer_id === a.id).map((f) => ({ id: f.id, fileName: f.file_name, mimeType: f.mime_type, size: Number(f.size_bytes) })),
    })),
  }));
}

export async function openConsultationFile(deps: OutgoingDeps, ctx: ActionContext, documentId: string, fileId: string): Promise<{ stream: Readable; mimeType: string; fileName: string; size: number }> {
  if (!(await createOutgoingRepository(deps.db).findVisible(ctx.user, documentId))) throw notFound('DOCUMENT_NOT_FOUND');
  const file = await deps.db.selectFrom('consultation_files as f').innerJoin('consultation_answers as a', 'a.id', 'f.answer_id').selectAll('f').where('f.id', '=', fileId).where('a.document_id', '=', documentId).executeTakeFirst();
  if (!file) throw notFound();
  const stream = await openStoredFile(deps.files, file.file_hash, file.file_name);
  return { stream, mimeType: file.mime_type, fileName: file.file_name, size: Number(file.size_bytes) };
}

