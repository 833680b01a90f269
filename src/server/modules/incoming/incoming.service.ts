import type { Readable } from 'node:stream';
import type { InboxBox } from '../../../shared/enums.js';
import type { Db, Executor } from '../../db/database.js';
import { type Selectable, sql } from 'kysely';
import type { AssignmentsTable, DocumentsTable } from '../../db/schema.js';
import { badRequest, conflict, DomainError, forbidden, notFound, ValidationError } from '../../http/errors.js';
import { type Clock, vietnamDate } from '../../time.js';
import { type ActionContext, hasRole } from '../auth/current-user.js';
import { appendEvent } from '../events/events.repository.js';
import { FileMissingError, type FileStore } from '../files/file-store.js';
import type { ReceivedUpload } from '../files/uploads.js';
import { createOrgRepository } from '../org/org.repository.js';
import { takeNextNumber } from '../registers/registers.service.js';
import { assignmentActions, canOpenFiles, canRegister, documentActions, forwardProblem, holds, isCorrectable, isDecidedBy, isOpen } from './incoming.policies.js';
import { presentDocumentDetail, presentListItem } from './incoming.presenters.js';
import { createIncomingRepository } from './incoming.repository.js';
import type { AssignBody, EditBody, ListQuery, RegisterMetadata } from './incoming.schemas.js';

/** The files of a request, with the step that puts them into the store just before rows name them. */
export type Upload = Pick<ReceivedUpload, 'files' | 'commit'>;

type AssignmentRow = Selectable<AssignmentsTable>;

function requireCorrectable(ctx: ActionContext, doc: { status: string; secrecy: string }) {
  if (!hasRole(ctx.user, 'clerk')) throw forbidden('ONLY_CLERK_EDITS');
  if (!isCorrectable(doc)) throw conflict('EDIT_AFTER_ASSIGNMENT');
}

/** Only the leader a document was submitted to assigns it or returns it to the clerk. */
function requireDecider(ctx: ActionContext, doc: { status: string; secrecy: string; submitted_to: string | null }) {
  if (!hasRole(ctx.user, 'leader')) throw forbidden('ONLY_LEADER_ASSIGNS');
  if (doc.status !== 'submitted') throw conflict('INVALID_STATE');
  if (!isDecidedBy(ctx.user, doc)) throw forbidden('NOT_SUBMITTED_TO_YOU');
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
function toFields(doc: Selectable<DocumentsTable>) {
  return {
    issuer: doc.issuer, number: doc.number ?? undefined, notation: doc.notation ?? undefined, issuedOn: doc.issued_on ?? undefined,
    documentType: doc.document_type as EditBody['documentType'], summary: doc.summary, signer: doc.signer ?? undefined,
    urgency: doc.urgency as EditBody['urgency'], secrecy: doc.secrecy as EditBody['secrecy'], pageCount: doc.page_count, dueDate: doc.due_date,
  };
}

/** When an action happened: now, or the replayed time of demo history. */
const stamp = (ctx: ActionContext) => ctx.at ?? new Date();

export function createIncomingService(deps: { db: Db; files: FileStore; clock: Clock }) {
  const { db, clock } = deps;
  const repo = createIncomingRepository(db);
  const today = () => vietnamDate(clock.now());

  /** Runs an action on a document the user can see, holding its row lock for the whole transaction. */
  async function withDocument<T>(ctx: ActionContext, documentId: string, action: (tx: Executor, doc: Awaited<ReturnType<typeof lockDocument>>) => Promise<T>) {
    return db.transaction().execute(async (tx) => {
      const doc = await lockDocument(tx, ctx, documentId);
      return action(tx, doc);
    });
  }

  async function lockDocument(tx: Executor, ctx: ActionContext, documentId: string) {
    const visible = await createIncomingRepository(tx).findVisible(ctx.user, documentId);
    if (!visible) throw notFound('DOCUMENT_NOT_FOUND');
    return tx.selectFrom('documents').selectAll().where('id', '=', documentId).forUpdate().executeTakeFirstOrThrow();
  }

  /** Runs an action on an assignment; the document is locked first so the chain of events stays ordered. */
  async function withAssignment<T>(
    ctx: ActionContext,
    assignmentId: string,
    action: (tx: Executor, assignment: AssignmentRow, doc: Awaited<ReturnType<typeof lockDocument>>) => Promise<T>,
  ) {
    const found = await db.selectFrom('assignments').select('document_id').where('id', '=', assignmentId).where('agency_id', '=', ctx.user.agencyId).executeTakeFirst();
    if (!found) throw notFound();
    return withDocument(ctx, found.document_id, async (tx, doc) => {
      const assignment = await tx.selectFrom('assignments').selectAll().where('id', '=', assignmentId).executeTakeFirstOrThrow();
      if (!holds(ctx.user, assignment)) throw forbidden('NOT_ASSIGNMENT_HOLDER');
      if (!isOpen(assignment)) throw conflict('ASSIGNMENT_CLOSED');
      return action(tx, assignment, doc);
    });
  }

  async function requireLeader(tx: Executor, agencyId: string, leaderId: string, field: string) {
    const { users } = await createOrgRepository(tx).activeMembers(agencyId, [leaderId], []);
    const leader = users[0];
    if (!leader || !leader.roles.includes('leader')) {
      throw ValidationError.single(field, 'phải là lãnh đạo đang hoạt động của cơ quan', 'must be an active leader of the agency');
    }
    return leader;
  }

  /** Validates and writes one batch of assignments (a leader's direction, or a head passing work on). */
  async function createAssignments(tx: Executor, ctx: ActionContext, doc: { id: string; received_on: string | null; secrecy: string }, parent: AssignmentRow | null, body: AssignBody) {
    const leads = body.assignments.filter((a) => a.role === 'lead').length;
    if (!parent && leads !== 1) {
      throw ValidationError.single('assignments', 'cần đúng một đơn vị hoặc cán bộ chủ trì', 'needs exactly one lead unit or official');
    }
    if (parent && leads > 1) throw ValidationError.single('assignments', 'chỉ được một người chủ trì', 'at most one lead');

    const keys = body.assignments.map((a) => a.userId ?? `unit:${a.unitId}`);
    const repeated = keys.findIndex((key, i) => keys.indexOf(key) !== i);
    if (repeated >= 0) throw ValidationError.single(`assignments.${repeated}`, 'được chọn hai lần', 'is chosen twice');

    const userIds = body.assignments.flatMap((a) => (a.userId ? [a.userId] : []));
    const unitIds = body.assignments.flatMap((a) => (a.unitId ? [a.unitId] : []));
    const members = await createOrgRepository(tx).activeMembers(ctx.user.agencyId, userIds, unitIds);
    const names = new Map<string, string>([...members.users.map((u) => [u.id, u.full_name] as const), ...members.units.map((u) => [u.id, u.name] as const)]);
    const userUnits = new Map(members.users.map((u) => [u.id, u.unit_id]));
    const unitParents = parent ? new Map((await createOrgRepository(tx).units(ctx.user.agencyId)).map((u) => [u.id, u.parent_id])) : new Map<string, string | null>();

    const fields: ValidationError['fields'] = [];
    const now = today();
    body.assignments.forEach((a, i) => {
      const id = a.userId ?? a.unitId!;
      if (!names.has(id)) {
        const field = `assignments.${i}.${a.userId ? 'userId' : 'unitId'}`;
        fields.push({ field, code: 'not_member', message: { vi: `Phân công ${i + 1}: không thuộc cơ quan hoặc đã ngừng hoạt động`, en: `Assignment ${i + 1}: not an active member of this agency` } });
      }
      const problem = parent && names.has(id) ? forwardProblem(ctx.user, doc, { userId: a.userId, unitId: a.unitId, userUnitId: a.userId ? userUnits.get(a.userId) : null }, unitParents) : null;
      if (problem === 'self') {
        fields.push({ field: `assignments.${i}.userId`, code: 'self', message: { vi: `Phân công ${i + 1}: không thể chuyển cho chính mình`, en: `Assignment ${i + 1}: you cannot pass work to yourself` } });
      } else if (problem === 'secret_outside_unit') {
        fields.push({ field: `assignments.${i}.${a.userId ? 'userId' : 'unitId'}`, code: 'secret_outside_unit', message: { vi: `Phân công ${i + 1}: văn bản mật chỉ được chuyển trong đơn vị của mình`, en: `Assignment ${i + 1}: a secret document can only be passed on inside your own unit` } });
      }
      if (a.dueDate && doc.received_on && a.dueDate < doc.received_on) {
        fields.push({ field: `assignments.${i}.dueDate`, code: 'before_arrival', message: { vi: `Phân công ${i + 1}: hạn xử lý không được trước ngày đến (${doc.received_on})`, en: `Assignment ${i + 1}: the due date is before the arrival date (${doc.received_on})` } });
      }
      if (a.dueDate && a.dueDate < now && !(doc.received_on && a.dueDate < doc.received_on)) {
        fields.push({ field: `assignments.${i}.dueDate`, code: 'in_past', message: { vi: `Phân công ${i + 1}: hạn xử lý không được trước ngày hôm nay (${now})`, en: `Assignment ${i + 1}: the due date is before today (${now})` } });
      }
      if (a.dueDate && parent?.due_date && a.dueDate > parent.due_date) {
        fields.push({ field: `assignments.${i}.dueDate`, code: 'after_parent', message: { vi: `Phân công ${i + 1}: hạn xử lý không được sau hạn được giao (${parent.due_date})`, en: `Assignment ${i + 1}: the due date is after your own due date (${parent.due_date})` } });
      }
    });
    if (fields.length) throw new ValidationError(fields);

    const rows = await tx
      .insertInto('assignments')
      .values(body.assignments.map((a) => ({
        document_id: doc.id,
        agency_id: ctx.user.agencyId,
        parent_id: parent?.id ?? null,
        role: a.role,
        assignee_user_id: a.userId ?? null,
        assignee_unit_id: a.unitId ?? null,
        assigned_by: ctx.user.id,
        direction: body.direction,
        due_date: a.dueDate ?? parent?.due_date ?? null,
        updated_at: stamp(ctx),
      })))
      .returningAll()
      .execute();

    await appendEvent(tx, ctx, {
      agencyId: ctx.user.agencyId,
      documentId: doc.id,
      assignmentId: parent?.id ?? null,
      action: parent ? 'forwarded' : 'assigned',
      payload: {
        direction: body.direction,
        assignees: rows.map((r) => ({ assignmentId: r.id, role: r.role, kind: r.assignee_user_id ? 'user' : 'unit', name: names.get(r.assignee_user_id ?? r.assignee_unit_id!), dueDate: r.due_date })),
      },
    });
    return rows;
  }

  /** Completing a lead completes what it was passed on from, up to the document itself. */
  async function completeUpwards(tx: Executor, ctx: ActionContext, assignment: AssignmentRow, result: string) {
    let current: AssignmentRow | undefined = assignment;
    while (current) {
      const cascaded: boolean = current.id !== assignment.id;
      await tx.updateTable('assignments').set({ status: 'completed', result, completed_at: stamp(ctx), completed_by: ctx.user.id, updated_at: stamp(ctx) }).where('id', '=', current.id).execute();
      await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, documentId: current.document_id, assignmentId: current.id, action: 'completed', payload: { result, ...(cascaded && { cascadedFrom: assignment.id }) } });
      if (current.role !== 'lead') return;
      if (!current.parent_id) {
        await tx.updateTable('documents').set({ status: 'completed', completed_at: stamp(ctx), updated_at: stamp(ctx) }).where('id', '=', current.document_id).execute();
        await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, documentId: current.document_id, action: 'document_completed', payload: { result } });
        return;
      }
      const parent: AssignmentRow | undefined = await tx.selectFrom('assignments').selectAll().where('id', '=', current.parent_id).executeTakeFirst();
      current = parent && isOpen(parent) ? parent : undefined;
    }
  }

  return {
    today,

    /** Only the clerk registers, so only the clerk may ask: for anyone else it would reveal documents they cannot see. */
    async duplicates(ctx: ActionContext, issuer: string, number?: string, notation?: string) {
      if (!canRegister(ctx.user)) throw forbidden('ONLY_CLERK_REGISTERS');
      return (await repo.duplicates(ctx.user.agencyId, issuer, number, notation)).map(presentListItem);
    },

    async register(ctx: ActionContext, input: RegisterMetadata, upload: Upload) {
      const uploads = upload.files;
      if (!canRegister(ctx.user)) throw forbidden('ONLY_CLERK_REGISTERS');
      const receivedOn = today();
      const fields: ValidationError['fields'] = [];
      fields.push(...dateErrors(input.issuedOn, input.dueDate, receivedOn));
      if (!uploads.length) fields.push({ field: 'files', code: 'required', message: { vi: 'Tệp đính kèm: cần ít nhất một tệp (PDF, ảnh hoặc DOCX)', en: 'Attachments: attach at least one file (PDF, image or DOCX)' } });
      if (fields.length) throw new ValidationError(fields);
      if (input.submitTo) await requireLeader(db, ctx.user.agencyId, input.submitTo, 'submitTo');

      if (!input.confirmDuplicate) {
        const found = await repo.duplicates(ctx.user.agencyId, input.issuer, input.number, input.notation);
        if (found.length) throw conflict('DUPLICATE_DOCUMENT', { duplicates: found.map(presentListItem) });
      }

      await upload.commit();
      return db.transaction().execute(async (tx) => {
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
            created_by: ctx.user.id,
            created_at: stamp(ctx),
            updated_at: stamp(ctx),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await tx
          .insertInto('attachments')
          .values(uploads.map((f) => ({ document_id: doc.id, file_hash: f.hash, file_name: f.fileName, mime_type: f.mimeType, size_bytes: f.size, created_by: ctx.user.id })))
          .execute();
        await appendEvent(tx, ctx, {
          agencyId: ctx.user.agencyId,
          documentId: doc.id,
          action: 'registered',
          payload: { arrivalNumber: number, receivedOn, files: uploads.map((f) => f.fileName), duplicateConfirmed: Boolean(input.confirmDuplicate) },
        });
        if (input.submitTo) {
          const names = await createIncomingRepository(tx).userNames([input.submitTo]);
          await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, documentId: doc.id, action: 'submitted', payload: { leaderId: input.submitTo, leaderName: names.get(input.submitTo) } });
        }
        return presentListItem(doc);
      });
    },

    async list(ctx: ActionContext, query: ListQuery) {
      const { items, total } = await repo.list(ctx.user, query);
      return { items: items.map(presentListItem), total, page: query.page, pageSize: query.pageSize };
    },

    async inbox(ctx: ActionContext, box: InboxBox, page: number, pageSize: number) {
      const now = today();
      const { items, total } = await repo.inbox(ctx.user, box, now, page, pageSize);
      return {
        items: items.map((row) => ({ ...presentListItem(row), myDueDate: row.my_due_date, overdue: Boolean(row.my_due_date && row.my_due_date < now && row.status !== 'completed') })),
        total,
        page,
        pageSize,
      };
    },

    counts: (ctx: ActionContext) => repo.inboxCounts(ctx.user, today()),

    async detail(ctx: ActionContext, id: string) {
      const doc = await repo.findVisible(ctx.user, id);
      if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
      const [attachments, assignments, events, views] = await Promise.all([repo.attachments(id), repo.assignments(id), repo.events(id), repo.views(id)]);
      const userNames = await repo.userNames([doc.created_by, ...(doc.submitted_to ? [doc.submitted_to] : [])]);
      return presentDocumentDetail({
        doc,
        attachments,
        assignments,
        events,
        views,
        userNames,
        canOpenFiles: canOpenFiles(ctx.user, doc, assignments),
        documentActions: documentActions(ctx.user, doc),
        assignmentActions: (a) => assignmentActions(ctx.user, a),
        holds: (a) => holds(ctx.user, a),
        today: today(),
      });
    },

    /**
     * A file of a visible document (secret documents' files only for those the policy allows).
     * Readers do not lock the document: the view goes to the access log with one INSERT, and only
     * once the file is known to be there, so a view that cannot happen is not recorded.
     */
    async openAttachment(ctx: ActionContext, documentId: string, attachmentId: string): Promise<{ stream: Readable; mimeType: string; fileName: string; size: number }> {
      const doc = await repo.findVisible(ctx.user, documentId);
      if (!doc) throw notFound('DOCUMENT_NOT_FOUND');
      const [attachment, assignments] = await Promise.all([repo.attachment(documentId, attachmentId), repo.assignments(documentId)]);
      if (!attachment) throw notFound();
      if (!canOpenFiles(ctx.user, doc, assignments)) throw forbidden('SECRET_FILE');
      let stream: Readable;
      try {
        stream = await deps.files.get(attachment.file_hash);
      } catch (error) {
        if (error instanceof FileMissingError) throw new DomainError('FILE_MISSING', 500, { name: attachment.file_name });
        throw error;
      }
      try {
        await repo.recordView(ctx, doc.agency_id, documentId, attachmentId);
      } catch (error) {
        stream.destroy();
        throw error;
      }
      return { stream, mimeType: attachment.mime_type, fileName: attachment.file_name, size: attachment.size_bytes };
    },

    /** The clerk corrects the registered details; the history keeps what each field was before. */
    edit: (ctx: ActionContext, id: string, input: EditBody) =>
      withDocument(ctx, id, async (tx, doc) => {
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
        await tx.updateTable('documents').set({
          issuer: next.issuer, number: next.number ?? null, notation: next.notation ?? null, issued_on: next.issuedOn,
          document_type: next.documentType, summary: next.summary, signer: next.signer ?? null, urgency: next.urgency,
          secrecy: next.secrecy, page_count: next.pageCount ?? null, due_date: next.dueDate ?? null, updated_at: stamp(ctx),
        }).where('id', '=', id).execute();
        await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, documentId: id, action: 'edited', payload: { changes } });
      }),

    /** More scanned pages or annexes, added by the clerk before the document is assigned. */
    addFiles: (ctx: ActionContext, id: string, upload: Upload, maxFiles: number) =>
      withDocument(ctx, id, async (tx, doc) => {
        const uploads = upload.files;
        requireCorrectable(ctx, doc);
        if (!uploads.length) throw ValidationError.single('files', 'cần ít nhất một tệp', 'attach at least one file', 'required');
        const existing = await tx.selectFrom('attachments').select(sql<number>`count(*)::int`.as('n')).where('document_id', '=', id).executeTakeFirstOrThrow();
        if (existing.n + uploads.length > maxFiles) throw badRequest('TOO_MANY_FILES', { max: maxFiles });
        await upload.commit();
        await tx
          .insertInto('attachments')
          .values(uploads.map((f) => ({ document_id: id, file_hash: f.hash, file_name: f.fileName, mime_type: f.mimeType, size_bytes: f.size, created_by: ctx.user.id, created_at: stamp(ctx) })))
          .execute();
        await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, documentId: id, action: 'files_added', payload: { files: uploads.map((f) => f.fileName) } });
      }),

    submit: (ctx: ActionContext, id: string, leaderId: string, note?: string) =>
      withDocument(ctx, id, async (tx, doc) => {
        if (!hasRole(ctx.user, 'clerk')) throw forbidden('ONLY_CLERK_SUBMITS');
        if (doc.status !== 'registered' && doc.status !== 'returned') throw conflict('INVALID_STATE');
        const leader = await requireLeader(tx, ctx.user.agencyId, leaderId, 'leaderId');
        await tx.updateTable('documents').set({ status: 'submitted', submitted_to: leaderId, submitted_at: stamp(ctx), return_reason: null, updated_at: stamp(ctx) }).where('id', '=', id).execute();
        await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, documentId: id, action: 'submitted', payload: { leaderId, leaderName: leader.full_name, note } });
      }),

    returnToClerk: (ctx: ActionContext, id: string, reason: string) =>
      withDocument(ctx, id, async (tx, doc) => {
        requireDecider(ctx, doc);
        await tx.updateTable('documents').set({ status: 'returned', return_reason: reason, updated_at: stamp(ctx) }).where('id', '=', id).execute();
        await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, documentId: id, action: 'returned_to_clerk', payload: { reason } });
      }),

    assign: (ctx: ActionContext, id: string, body: AssignBody) =>
      withDocument(ctx, id, async (tx, doc) => {
        requireDecider(ctx, doc);
        const rows = await createAssignments(tx, ctx, doc, null, body);
        const leadDue = rows.find((r) => r.role === 'lead')?.due_date;
        await tx.updateTable('documents').set({ status: 'in_progress', due_date: leadDue ?? doc.due_date, updated_at: stamp(ctx) }).where('id', '=', id).execute();
        return rows.map((r) => r.id);
      }),

    forward: (ctx: ActionContext, assignmentId: string, body: AssignBody) =>
      withAssignment(ctx, assignmentId, async (tx, assignment, doc) => {
        if (assignment.role === 'info' || !(hasRole(ctx.user, 'leader') || hasRole(ctx.user, 'unit_head'))) throw forbidden('FORBIDDEN');
        const rows = await createAssignments(tx, ctx, doc, assignment, body);
        await tx.updateTable('assignments').set({ status: 'in_progress', updated_at: stamp(ctx) }).where('id', '=', assignmentId).execute();
        return rows.map((r) => r.id);
      }),

    note: (ctx: ActionContext, assignmentId: string, note: string) =>
      withAssignment(ctx, assignmentId, async (tx, assignment) => {
        if (assignment.role === 'info') throw forbidden('FORBIDDEN');
        await tx.updateTable('assignments').set({ status: 'in_progress', updated_at: stamp(ctx) }).where('id', '=', assignmentId).execute();
        await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, documentId: assignment.document_id, assignmentId, action: 'progress_noted', payload: { note } });
      }),

    complete: (ctx: ActionContext, assignmentId: string, result: string) =>
      withAssignment(ctx, assignmentId, async (tx, assignment) => {
        if (assignment.role === 'info') throw forbidden('FORBIDDEN');
        await completeUpwards(tx, ctx, assignment, result);
      }),

    acknowledge: (ctx: ActionContext, assignmentId: string) =>
      withAssignment(ctx, assignmentId, async (tx, assignment) => {
        if (assignment.role !== 'info') throw forbidden('FORBIDDEN');
        await tx.updateTable('assignments').set({ status: 'completed', completed_at: stamp(ctx), completed_by: ctx.user.id, updated_at: stamp(ctx) }).where('id', '=', assignmentId).execute();
        await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, documentId: assignment.document_id, assignmentId, action: 'acknowledged' });
      }),

    /** Returning hands the work back one step: to the assigner's to-do, or to the leader's desk. */
    returnAssignment: (ctx: ActionContext, assignmentId: string, reason: string) =>
      withAssignment(ctx, assignmentId, async (tx, assignment, doc) => {
        await tx.updateTable('assignments').set({ status: 'returned', return_reason: reason, updated_at: stamp(ctx) }).where('id', '=', assignmentId).execute();
        await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, documentId: doc.id, assignmentId, action: 'returned', payload: { reason } });
        if (assignment.parent_id) {
          await tx.updateTable('assignments').set({ status: 'pending', updated_at: stamp(ctx) }).where('id', '=', assignment.parent_id).where('status', 'in', ['pending', 'in_progress']).execute();
        } else if (assignment.role === 'lead') {
          await tx.updateTable('documents').set({ status: 'submitted', submitted_to: assignment.assigned_by, updated_at: stamp(ctx) }).where('id', '=', doc.id).execute();
        }
      }),
  };
}

export type IncomingService = ReturnType<typeof createIncomingService>;
