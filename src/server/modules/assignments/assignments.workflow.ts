import type { Executor } from '../../db/database.js';
import { conflict, forbidden, ValidationError } from '../../http/errors.js';
import { type ActionContext, actingId, hasRole, onBehalfOf } from '../auth/current-user.js';
import { reference } from '../documents/documents.presenters.js';
import { appendEvent } from '../events/events.repository.js';
import { notifyAssigned } from '../notifications/notifications.service.js';
import { createOrgRepository } from '../org/org.repository.js';
import { type AssignmentRow, type DocumentRow, type WorkDeps, stamp, today, withAssignment, withHeldAssignment } from './assignments.context.js';
import { confirmsAs, forwardProblem, OPEN_STATUSES } from './assignments.policies.js';
import type { AssignBody, CompleteBody } from './assignments.schemas.js';

// The life of assignments, whatever the document: a leader directs and assigns (an incoming
// document) or the clerk delivers an issued document to units of the agency (an outgoing one);
// holders pass work on, record progress, complete or return it, and results travel back up the
// chain (Decree 30, Điều 24: the lead unit answers for the result to the one who assigned it).

const fieldError = (field: string, code: string, vi: string, en: string) => ({ field, code, message: { vi, en } });

/** Validates and writes one batch of assignments (a leader's direction, or a holder passing work on). */
export async function createAssignments(deps: WorkDeps, tx: Executor, ctx: ActionContext, doc: DocumentRow, parent: AssignmentRow | null, body: AssignBody) {
  const leads = body.assignments.filter((a) => a.role === 'lead');
  if (!parent && leads.length !== 1) {
    throw ValidationError.single('assignments', 'cần đúng một đơn vị hoặc cán bộ chủ trì', 'needs exactly one lead unit or official');
  }
  if (parent && leads.length > 1) throw ValidationError.single('assignments', 'chỉ được một người chủ trì', 'at most one lead');

  const keys = body.assignments.map((a) => a.userId ?? `unit:${a.unitId}`);
  const repeated = keys.findIndex((key, i) => keys.indexOf(key) !== i);
  if (repeated >= 0) throw ValidationError.single(`assignments.${repeated}`, 'được chọn hai lần', 'is chosen twice');

  const org = createOrgRepository(tx);
  const userIds = body.assignments.flatMap((a) => (a.userId ? [a.userId] : []));
  const unitIds = body.assignments.flatMap((a) => (a.unitId ? [a.unitId] : []));
  const members = await org.activeMembers(ctx.user.agencyId, userIds, unitIds);
  const names = new Map<string, string>([...members.users.map((u) => [u.id, u.full_name] as const), ...members.units.map((u) => [u.id, u.name] as const)]);
  const userUnits = new Map(members.users.map((u) => [u.id, u.unit_id]));
  const unitParents = parent ? new Map((await org.units(ctx.user.agencyId)).map((u) => [u.id, u.parent_id])) : new Map<string, string | null>();

  // Each assignee has a due date of its own; one left empty takes the lead's, then the parent's.
  const leadDue = leads[0]?.dueDate ?? parent?.due_date ?? null;
  const dueOf = (a: AssignBody['assignments'][number]) => a.dueDate ?? (a.role === 'info' ? null : leadDue);

  const fields: ValidationError['fields'] = [];
  const now = today(deps);
  body.assignments.forEach((a, i) => {
    const id = a.userId ?? a.unitId!;
    const who = `assignments.${i}.${a.userId ? 'userId' : 'unitId'}`;
    if (!names.has(id)) {
      fields.push(fieldError(who, 'not_member', `Phân công ${i + 1}: không thuộc cơ quan hoặc đã ngừng hoạt động`, `Assignment ${i + 1}: not an active member of this agency`));
    }
    const problem = parent && names.has(id) ? forwardProblem(ctx.user, doc, { userId: a.userId, unitId: a.unitId, userUnitId: a.userId ? userUnits.get(a.userId) : null }, unitParents) : null;
    if (problem === 'self') fields.push(fieldError(who, 'self', `Phân công ${i + 1}: không thể chuyển cho chính mình`, `Assignment ${i + 1}: you cannot pass work to yourself`));
    if (problem === 'secret_outside_unit') {
      fields.push(fieldError(who, 'secret_outside_unit', `Phân công ${i + 1}: văn bản mật chỉ được chuyển trong đơn vị của mình`, `Assignment ${i + 1}: a secret document can only be passed on inside your own unit`));
    }
    const due = `assignments.${i}.dueDate`;
    if (a.dueDate && doc.received_on && a.dueDate < doc.received_on) {
      fields.push(fieldError(due, 'before_arrival', `Phân công ${i + 1}: hạn xử lý không được trước ngày đến (${doc.received_on})`, `Assignment ${i + 1}: the due date is before the arrival date (${doc.received_on})`));
    } else if (a.dueDate && a.dueDate < now) {
      fields.push(fieldError(due, 'in_past', `Phân công ${i + 1}: hạn xử lý không được trước ngày hôm nay (${now})`, `Assignment ${i + 1}: the due date is before today (${now})`));
    }
    if (a.dueDate && parent?.due_date && a.dueDate > parent.due_date) {
      fields.push(fieldError(due, 'after_parent', `Phân công ${i + 1}: hạn xử lý không được sau hạn được giao (${parent.due_date})`, `Assignment ${i + 1}: the due date is after your own due date (${parent.due_date})`));
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
      // In a delegate's hands the direction is still the leader's: results go back to the leader.
      assigned_by: actingId(ctx),
      direction: body.direction,
      due_date: dueOf(a),
      created_at: stamp(ctx),
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
  await notifyAssigned(tx, ctx, doc.id, rows);
  return rows;
}

/** Work that came back to its holder is theirs again once they act on it. */
const clearSentBack = { sent_back_by: null, sent_back_at: null, sent_back_reason: null };

/**
 * Whether a lead's result waits for confirmation: by the holder of the assignment it was passed
 * on from (that holder's unit decides, else the agency), or for a leader's own assignment by the
 * leader (the agency decides).
 */
async function needsConfirmation(tx: Executor, doc: DocumentRow, assignment: AssignmentRow): Promise<boolean> {
  // An issued document delivered to a unit answers to nobody's confirmation: the clerk who
  // delivered it directs nothing. Inside the unit, work passed on is confirmed as for any document.
  if (!assignment.parent_id && doc.direction === 'outgoing') return false;
  const agency = await tx.selectFrom('agencies').select('completion_confirmation').where('id', '=', assignment.agency_id).executeTakeFirstOrThrow();
  if (!assignment.parent_id) return agency.completion_confirmation === 'required';
  const unit = await tx
    .selectFrom('assignments as p')
    .leftJoin('users as u', 'u.id', 'p.assignee_user_id')
    .innerJoin('units', (join) => join.onRef('units.id', '=', (eb) => eb.fn.coalesce('p.assignee_unit_id', 'u.unit_id')))
    .select('units.completion_confirmation')
    .where('p.id', '=', assignment.parent_id)
    .executeTakeFirst();
  return (unit?.completion_confirmation ?? agency.completion_confirmation) === 'required';
}

/**
 * A holder finished: a coordinator's result goes to the lead at once; a lead's result waits for
 * the one who passed the work down, or goes on up when no confirmation is asked for.
 */
async function finish(tx: Executor, ctx: ActionContext, doc: DocumentRow, assignment: AssignmentRow, result: string, cascadedFrom?: string): Promise<void> {
  const at = stamp(ctx);
  await closeOpenChildren(tx, ctx, assignment.id);
  const base = { result, completed_at: at, completed_by: ctx.user.id, updated_at: at, ...clearSentBack };
  if (assignment.role === 'lead' && (await needsConfirmation(tx, doc, assignment))) {
    await tx.updateTable('assignments').set({ ...base, status: 'awaiting_confirmation' }).where('id', '=', assignment.id).execute();
    await appendEvent(tx, ctx, { agencyId: assignment.agency_id, documentId: assignment.document_id, assignmentId: assignment.id, action: 'completion_proposed', payload: { result, ...(cascadedFrom && { cascadedFrom }) } });
    return;
  }
  await tx.updateTable('assignments').set({ ...base, status: 'completed' }).where('id', '=', assignment.id).execute();
  await appendEvent(tx, ctx, { agencyId: assignment.agency_id, documentId: assignment.document_id, assignmentId: assignment.id, action: 'completed', payload: { result, role: assignment.role, ...(cascadedFrom && { cascadedFrom }) } });
  if (assignment.role === 'lead') await carryUp(tx, ctx, doc, assignment, result);
}

/**
 * A completed lead completes what it was passed on from, up to an incoming document itself. A
 * delivered outgoing document stays issued: each recipient's work ends on its own.
 */
async function carryUp(tx: Executor, ctx: ActionContext, doc: DocumentRow, assignment: AssignmentRow, result: string) {
  if (!assignment.parent_id) return doc.direction === 'incoming' ? completeDocument(tx, ctx, assignment.document_id, result) : undefined;
  const parent = await tx.selectFrom('assignments').selectAll().where('id', '=', assignment.parent_id).executeTakeFirst();
  if (parent && (parent.status === 'pending' || parent.status === 'in_progress')) await finish(tx, ctx, doc, parent, result, assignment.id);
}

/** Open work under a finished assignment has nothing left to do: it leaves the to-do lists, its contributions kept. */
async function closeOpenChildren(tx: Executor, ctx: ActionContext, parentId: string) {
  for (let frontier = [parentId]; frontier.length;) {
    const children = await tx.selectFrom('assignments').select('id').where('parent_id', 'in', frontier).execute();
    frontier = children.map((c) => c.id);
    if (!frontier.length) break;
    await tx.updateTable('assignments').set({ status: 'closed', updated_at: stamp(ctx) })
      .where('id', 'in', frontier).where('status', 'in', [...OPEN_STATUSES, 'awaiting_confirmation']).execute();
  }
}

/** The leader's lead is done: the document completes and everything still open is closed. */
async function completeDocument(tx: Executor, ctx: ActionContext, documentId: string, result: string) {
  const at = stamp(ctx);
  await tx.updateTable('documents').set({ status: 'completed', completed_at: at, updated_at: at }).where('id', '=', documentId).execute();
  const closed = await tx.updateTable('assignments').set({ status: 'closed', updated_at: at })
    .where('document_id', '=', documentId).where('status', 'in', [...OPEN_STATUSES, 'awaiting_confirmation']).returning('id').execute();
  const agency = await tx.selectFrom('documents').select('agency_id').where('id', '=', documentId).executeTakeFirstOrThrow();
  await appendEvent(tx, ctx, { agencyId: agency.agency_id, documentId, action: 'document_completed', payload: { result, closedAssignments: closed.map((r) => r.id) } });
}

/** A leader or unit head passes their assignment on (to their people, or to coordinators). */
export const forward = (deps: WorkDeps, ctx: ActionContext, assignmentId: string, body: AssignBody) =>
  withHeldAssignment(deps, ctx, assignmentId, async (tx, assignment, doc) => {
    if (assignment.role === 'info' || !(hasRole(ctx.user, 'leader') || hasRole(ctx.user, 'unit_head'))) throw forbidden('FORBIDDEN');
    const rows = await createAssignments(deps, tx, ctx, doc, assignment, body);
    await tx.updateTable('assignments').set({ status: 'in_progress', updated_at: stamp(ctx), ...clearSentBack }).where('id', '=', assignmentId).execute();
    return rows.map((r) => r.id);
  });

export const note = (deps: WorkDeps, ctx: ActionContext, assignmentId: string, text: string) =>
  withHeldAssignment(deps, ctx, assignmentId, async (tx, assignment) => {
    if (assignment.role === 'info') throw forbidden('FORBIDDEN');
    await tx.updateTable('assignments').set({ status: 'in_progress', updated_at: stamp(ctx), ...clearSentBack }).where('id', '=', assignmentId).execute();
    await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, documentId: assignment.document_id, assignmentId, action: 'progress_noted', payload: { note: text } });
  });

/**
 * The holder reports the result, optionally naming the issued reply that answers the document (its
 * number goes into the tracking columns); see `finish` for where the result goes.
 */
export const complete = (deps: WorkDeps, ctx: ActionContext, assignmentId: string, body: CompleteBody) =>
  withHeldAssignment(deps, ctx, assignmentId, async (tx, assignment, doc) => {
    if (assignment.role === 'info') throw forbidden('FORBIDDEN');
    if (body.replyDocumentId) {
      const reply = await issuedReply(tx, doc, body.replyDocumentId);
      await tx.updateTable('assignments').set({ reply_document_id: reply.id }).where('id', '=', assignmentId).execute();
      await appendEvent(tx, ctx, { agencyId: doc.agency_id, documentId: doc.id, assignmentId, action: 'reply_linked', payload: { replyId: reply.id, reference: reference(reply.number, reply.notation) } });
    }
    await finish(tx, ctx, doc, assignment, body.result);
  });

/** The issued outgoing document of this agency that was drafted as the reply to `doc`; else a 400 on the field. */
async function issuedReply(tx: Executor, doc: DocumentRow, replyId: string) {
  const reply = await tx.selectFrom('documents').select(['id', 'number', 'notation', 'status'])
    .where('id', '=', replyId).where('agency_id', '=', doc.agency_id).where('direction', '=', 'outgoing').where('reply_to_id', '=', doc.id)
    .executeTakeFirst();
  if (!reply) throw ValidationError.single('replyDocumentId', 'không phải văn bản trả lời của văn bản này', 'is not a reply to this document');
  if (reply.status !== 'issued') throw ValidationError.single('replyDocumentId', 'văn bản trả lời chưa được phát hành', 'the reply has not been issued yet');
  return reply;
}

/** The one who passed the work down accepts the proposed result, which then goes on up. */
export const confirmResult = (deps: WorkDeps, ctx: ActionContext, assignmentId: string) =>
  withAssignment(deps, ctx, assignmentId, async (tx, assignment, doc) => {
    const actx = await requireConfirmer(tx, ctx, assignment);
    const at = stamp(ctx);
    await tx.updateTable('assignments').set({ status: 'completed', confirmed_by: ctx.user.id, confirmed_at: at, updated_at: at }).where('id', '=', assignmentId).execute();
    await appendEvent(tx, actx, { agencyId: assignment.agency_id, documentId: assignment.document_id, assignmentId, action: 'completion_confirmed', payload: { result: assignment.result } });
    await carryUp(tx, actx, doc, assignment, assignment.result ?? '');
  });

/** …or sends it back with a reason: the holder sees it came back, and works on. */
export const rejectResult = (deps: WorkDeps, ctx: ActionContext, assignmentId: string, reason: string) =>
  withAssignment(deps, ctx, assignmentId, async (tx, assignment) => {
    const actx = await requireConfirmer(tx, ctx, assignment);
    const at = stamp(ctx);
    await tx.updateTable('assignments').set({ status: 'in_progress', result: null, completed_at: null, completed_by: null, sent_back_by: ctx.user.id, sent_back_at: at, sent_back_reason: reason, updated_at: at })
      .where('id', '=', assignmentId).execute();
    await appendEvent(tx, actx, { agencyId: assignment.agency_id, documentId: assignment.document_id, assignmentId, action: 'completion_rejected', payload: { reason, result: assignment.result } });
  });

/** The context to confirm in: the official's own, or the leader's name when they confirm by delegation. */
async function requireConfirmer(tx: Executor, ctx: ActionContext, assignment: AssignmentRow): Promise<ActionContext> {
  const parent = assignment.parent_id ? await tx.selectFrom('assignments').selectAll().where('id', '=', assignment.parent_id).executeTakeFirst() : null;
  const how = confirmsAs(ctx.user, assignment, parent ?? null);
  if (!how) throw forbidden('NOT_CONFIRMER');
  if (assignment.status !== 'awaiting_confirmation') throw conflict('NOT_AWAITING_CONFIRMATION');
  return how === 'self' ? ctx : onBehalfOf(ctx, how);
}

/** Returning hands the work back one step, marked as returned: to the assigner's to-do, or to the leader's desk. */
export const returnAssignment = (deps: WorkDeps, ctx: ActionContext, assignmentId: string, reason: string) =>
  withHeldAssignment(deps, ctx, assignmentId, async (tx, assignment, doc) => {
    const at = stamp(ctx);
    await closeOpenChildren(tx, ctx, assignmentId);
    await tx.updateTable('assignments').set({ status: 'returned', return_reason: reason, updated_at: at }).where('id', '=', assignmentId).execute();
    await appendEvent(tx, ctx, { agencyId: ctx.user.agencyId, documentId: doc.id, assignmentId, action: 'returned', payload: { reason } });
    const back = { sent_back_by: ctx.user.id, sent_back_at: at, sent_back_reason: reason, updated_at: at };
    if (assignment.parent_id) {
      await tx.updateTable('assignments').set({ ...back, status: 'pending' }).where('id', '=', assignment.parent_id).where('status', 'in', OPEN_STATUSES).execute();
    } else if (assignment.role === 'lead' && doc.direction === 'incoming') {
      // An incoming document goes back to the leader's desk; a delivered outgoing one stays issued,
      // the return showing on its recipients' list.
      await tx.updateTable('documents').set({ status: 'submitted', submitted_to: assignment.assigned_by, returned_by: ctx.user.id, returned_at: at, return_reason: reason, updated_at: at }).where('id', '=', doc.id).execute();
    }
  });
