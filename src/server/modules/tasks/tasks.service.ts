import { findReadable as findReadableMeeting } from '../meetings/meetings.repository.js';
import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { NotificationKind, NotificationParams } from '../../../shared/notifications.js';
import type { TaskDetail, TaskSource, TaskSummary } from '../../../shared/tasks.js';
import type { Db, Executor } from '../../db/database.js';
import { badRequest, conflict, forbidden, notFound, ValidationError, validationErrorFromZod } from '../../http/errors.js';
import { type Clock, vietnamDate } from '../../time.js';
import type { ActionContext, CurrentUser } from '../auth/current-user.js';
import { hasRole } from '../auth/current-user.js';
import { reference } from '../documents/documents.presenters.js';
import { documentVisibleTo, findVisibleDocument } from '../documents/documents.visibility.js';
import { type FileStore, openStoredFile } from '../files/file-store.js';
import type { ReceivedUpload } from '../files/uploads.js';
import { notify } from '../notifications/notifications.service.js';
import { canPassOn, canRemind, isAssignee, isAssigner, isLead, taskActions } from './tasks.policies.js';
import {
  appendTaskEvent, type AssigneeRow, assigneesOf, checklistOf, filesOf, findReadableTask, headsOf, historyOf, listTasks as listRows, type SummaryRow, subtasksOf, type TaskRow,
} from './tasks.repository.js';
import { type AssigneeRef, createTaskBody, type CreateTaskInput, type EditTaskBody, type ListQuery } from './tasks.schemas.js';

// Use cases of tasks (giao việc). Someone gives a task to officials or units (a lead and optional
// coordinators), standalone or from a document, a meeting's conclusion or another task; the
// assignees report progress, comment and complete it; the one who gave it accepts (closes) it or
// returns it. Every change writes a line of the task's history and its notices in its transaction,
// under the task's row lock (two changes at once run one after the other; a client sending the
// version it saw is refused with TASK_CHANGED when another change came first: no lost update).

export interface TasksDeps {
  db: Db;
  clock: Clock;
  files?: FileStore;
}

const when = (clock: Clock, ctx: ActionContext) => ctx.at ?? clock.now();

// ---------------------------------------------------------------- presenting

function presentSummary(r: SummaryRow): TaskSummary {
  return {
    id: r.id, title: r.title, priority: r.priority, status: r.status, progress: r.progress, dueDate: r.due_date, overdue: Boolean(r.overdue),
    assigner: { id: r.assigned_by, fullName: r.assigner_name }, lead: r.lead_name, parentTaskId: r.parent_task_id, createdAt: r.created_at.toISOString(),
  };
}

async function presentSource(db: Executor, user: CurrentUser, task: TaskRow): Promise<TaskSource | null> {
  if (!task.source_kind || !task.source_id) return null;
  if (task.source_kind === 'meeting') return { kind: 'meeting', id: task.source_id };
  if (task.source_kind === 'task') {
    const parent = await findReadableTask(db, user, task.source_id);
    return { kind: 'task', id: task.source_id, title: parent?.title ?? null };
  }
  // Being the source of a task never widens a document's permissions: its details only for those who may open it.
  const doc = await db.selectFrom('documents').select(['id', 'direction', 'number', 'notation', 'summary'])
    .where('id', '=', task.source_id).where(documentVisibleTo(user)).executeTakeFirst();
  if (!doc) return { kind: 'document', id: task.source_id, visible: false };
  return { kind: 'document', id: doc.id, visible: true, direction: doc.direction, reference: reference(doc.number, doc.notation) || null, summary: doc.summary };
}

async function presentTask(db: Executor, user: CurrentUser, today: string, task: TaskRow): Promise<TaskDetail> {
  const [assignees, checklist, files, history, subtasks, source, assigner] = await Promise.all([
    assigneesOf(db, task.id), checklistOf(db, task.id), filesOf(db, task.id), historyOf(db, task.id), subtasksOf(db, user, today, task.id),
    presentSource(db, user, task),
    db.selectFrom('users').select('full_name').where('id', '=', task.assigned_by).executeTakeFirstOrThrow(),
  ]);
  const lead = [...assignees].reverse().find((a) => a.role === 'lead' && a.status === 'active');
  return {
    id: task.id, title: task.title, description: task.description, priority: task.priority, status: task.status, progress: task.progress,
    dueDate: task.due_date, overdue: task.status === 'in_progress' && Boolean(task.due_date && task.due_date < today),
    assigner: { id: task.assigned_by, fullName: assigner.full_name }, lead: lead ? lead.full_name ?? lead.unit_name : null,
    parentTaskId: task.parent_task_id, createdAt: task.created_at.toISOString(), version: task.version, returnReason: task.return_reason,
    completedAt: task.completed_at?.toISOString() ?? null, acceptedAt: task.accepted_at?.toISOString() ?? null, source,
    assignees: assignees.map((a) => ({
      id: a.id, role: a.role, status: a.status, parentId: a.parent_id,
      user: a.user_id ? { id: a.user_id, fullName: a.full_name ?? '' } : null,
      unit: a.unit_id && !a.user_id ? { id: a.unit_id, name: a.unit_name ?? '' } : null,
    })),
    checklist: checklist.map((c) => ({ id: c.id, text: c.text, done: c.done, doneBy: c.done_by_name, doneAt: c.done_at?.toISOString() ?? null })),
    files: files.map((f) => ({ id: f.id, fileName: f.file_name, mimeType: f.mime_type, size: Number(f.size_bytes), createdBy: f.full_name, createdAt: f.created_at.toISOString() })),
    subtasks: subtasks.map(presentSummary),
    history: history.map((h) => ({ id: String(h.id), action: h.action, actor: h.full_name, payload: h.payload, createdAt: h.created_at.toISOString() })),
    actions: taskActions(user, task, assignees),
  };
}

// ---------------------------------------------------------------- notices

/** Who holds the active rows: the named officials, and the heads of named units. */
async function holdersOf(db: Executor, rows: AssigneeRow[]): Promise<string[]> {
  const active = rows.filter((r) => r.status === 'active');
  const heads = await headsOf(db, active.filter((r) => !r.user_id && r.unit_id).map((r) => r.unit_id!));
  return [...new Set([...active.flatMap((r) => (r.user_id ? [r.user_id] : [])), ...heads.map((h) => h.id)])];
}

async function notifyTask(tx: Executor, ctx: ActionContext, task: { id: string; agency_id: string; title: string; due_date: string | null }, kind: NotificationKind, recipients: string[], params: NotificationParams = {}) {
  await notify(tx, ctx, [...new Set(recipients)].map((recipientId) => ({
    agencyId: task.agency_id, recipientId, kind, subject: { kind: 'task' as const, id: task.id },
    params: { summary: task.title, actor: ctx.user.fullName, dueDate: task.due_date ?? '', ...params },
  })));
}

// ---------------------------------------------------------------- creating

interface ResolvedAssignee { role: 'lead' | 'coordinate'; userId: string | null; unitId: string; name: string }

async function resolveAssignees(tx: Executor, ctx: ActionContext, lead: AssigneeRef, coordinators: AssigneeRef[]): Promise<ResolvedAssignee[]> {
  const wanted = [{ ref: lead, role: 'lead' as const, field: 'lead' }, ...coordinators.map((ref, i) => ({ ref, role: 'coordinate' as const, field: `coordinators.${i}` }))];
  const seen = new Set<string>();
  const out: ResolvedAssignee[] = [];
  for (const { ref, role, field } of wanted) {
    const key = ref.userId ?? ref.unitId!;
    if (seen.has(key)) throw ValidationError.field(field, 'TASK_ASSIGNEE_TWICE');
    seen.add(key);
    if (ref.userId) {
      if (ref.userId === ctx.user.id) throw ValidationError.field(field, 'TASK_ASSIGNEE_SELF');
      const person = await tx.selectFrom('users').select(['id', 'unit_id', 'full_name']).where('id', '=', ref.userId)
        .where('agency_id', '=', ctx.user.agencyId).where('active', '=', true).executeTakeFirst();
      if (!person?.unit_id) throw ValidationError.field(field, 'TASK_ASSIGNEE_NOT_MEMBER');
      out.push({ role, userId: person.id, unitId: person.unit_id, name: person.full_name });
    } else {
      const unit = await tx.selectFrom('units').select(['id', 'name']).where('id', '=', ref.unitId!)
        .where('agency_id', '=', ctx.user.agencyId).where('active', '=', true).executeTakeFirst();
      if (!unit) throw ValidationError.field(field, 'TASK_ASSIGNEE_NOT_MEMBER');
      out.push({ role, userId: null, unitId: unit.id, name: unit.name });
    }
  }
  return out;
}

/**
 * Gives a task, in the caller's transaction (other modules call it inside theirs: a meeting's
 * conclusion becomes a task). The assigner is `ctx.user`; a document source must be one they may
 * see; a meeting source is taken as given (its module checks it); a parent task must be one they
 * gave or hold, still open. Returns the new task's id.
 */
export async function createTask(tx: Executor, clock: Clock, ctx: ActionContext, input: CreateTaskInput): Promise<{ id: string }> {
  const parsed = createTaskBody.safeParse(input);
  if (!parsed.success) throw validationErrorFromZod(parsed.error);
  const body = parsed.data;
  const at = when(clock, ctx);
  const today = vietnamDate(clock.now());
  if (body.dueDate && body.dueDate < today) throw ValidationError.field('dueDate', 'DUE_DATE_PAST');
  let parentTaskId: string | null = null;
  if (body.source?.kind === 'document') {
    if (!(await findVisibleDocument(tx, ctx.user, body.source.id))) throw notFound('DOCUMENT_NOT_FOUND');
  } else if (body.source?.kind === 'meeting') {
    if (!(await findReadableMeeting(tx, ctx.user, body.source.id))) throw notFound('MEETING_NOT_FOUND');
  } else if (body.source?.kind === 'task') {
    const parent = await findReadableTask(tx, ctx.user, body.source.id, true);
    if (!parent) throw notFound('TASK_NOT_FOUND');
    if (parent.status === 'accepted') throw conflict('TASK_SOURCE_CLOSED');
    const parentRows = await assigneesOf(tx, parent.id);
    if (!isAssigner(ctx.user, parent) && !isAssignee(ctx.user, parentRows)) throw forbidden('TASK_NOT_INVOLVED');
    parentTaskId = parent.id;
  }
  const assignees = await resolveAssignees(tx, ctx, body.lead, body.coordinators);
  const task = await tx.insertInto('tasks').values({
    agency_id: ctx.user.agencyId, title: body.title, description: body.description, priority: body.priority, due_date: body.dueDate,
    assigned_by: ctx.user.id, source_kind: body.source?.kind ?? null, source_id: body.source?.id ?? null, parent_task_id: parentTaskId, created_at: at, updated_at: at,
  }).returning(['id', 'agency_id', 'title']).executeTakeFirstOrThrow();
  await tx.insertInto('task_assignees').values(assignees.map((a) => ({ task_id: task.id, role: a.role, user_id: a.userId, unit_id: a.unitId, assigned_by: ctx.user.id, created_at: at }))).execute();
  if (body.checklist.length) {
    await tx.insertInto('task_checklist_items').values(body.checklist.map((text, i) => ({ task_id: task.id, position: i + 1, text, created_at: at }))).execute();
  }
  await appendTaskEvent(tx, {
    taskId: task.id, agencyId: task.agency_id, actorId: ctx.user.id, action: 'created', at,
    payload: { title: body.title, dueDate: body.dueDate, priority: body.priority, assignees: assignees.map((a) => ({ role: a.role, name: a.name })), source: body.source },
  });
  if (parentTaskId) await appendTaskEvent(tx, { taskId: parentTaskId, agencyId: task.agency_id, actorId: ctx.user.id, action: 'subtask_added', at, payload: { taskId: task.id, title: body.title } });
  const rows = await assigneesOf(tx, task.id);
  await notifyTask(tx, ctx, { ...task, due_date: body.dueDate }, 'task_assigned', await holdersOf(tx, rows), { role: 'lead' });
  return { id: task.id };
}

export async function giveTask(deps: TasksDeps, ctx: ActionContext, input: CreateTaskInput): Promise<TaskDetail> {
  const { id } = await deps.db.transaction().execute((tx) => createTask(tx, deps.clock, ctx, input));
  return getTask(deps, ctx, id);
}

// ---------------------------------------------------------------- reading

const todayOf = (deps: Pick<TasksDeps, 'clock'>) => vietnamDate(deps.clock.now());

export async function getTask(deps: TasksDeps, ctx: ActionContext, id: string): Promise<TaskDetail> {
  const task = await findReadableTask(deps.db, ctx.user, id);
  if (!task) throw notFound('TASK_NOT_FOUND');
  return presentTask(deps.db, ctx.user, todayOf(deps), task);
}

export async function listTasks(deps: TasksDeps, ctx: ActionContext, query: ListQuery): Promise<{ items: TaskSummary[] }> {
  if (query.view === 'unit' && !(hasRole(ctx.user, 'unit_head') && ctx.user.unitId)) throw forbidden('TASK_UNIT_HEADS_ONLY');
  if (query.view === 'all' && !hasRole(ctx.user, 'leader')) throw forbidden('TASK_LEADERS_ONLY');
  const rows = await listRows(deps.db, ctx.user, todayOf(deps), query);
  return { items: rows.map(presentSummary) };
}

// ---------------------------------------------------------------- changing

type Change = (tx: Executor, task: TaskRow, rows: AssigneeRow[], at: Date) => Promise<void>;

/**
 * Runs a change on a task the user may read, holding its row lock (FOR UPDATE) for the whole
 * transaction; refuses a stale `version`; bumps the version; returns the task as it is now.
 */
async function change(deps: TasksDeps, ctx: ActionContext, id: string, version: number | undefined, action: Change): Promise<TaskDetail> {
  return deps.db.transaction().execute(async (tx) => {
    const task = await findReadableTask(tx, ctx.user, id, true);
    if (!task) throw notFound('TASK_NOT_FOUND');
    if (version !== undefined && version !== task.version) throw conflict('TASK_CHANGED', { version: task.version });
    const rows = await assigneesOf(tx, id);
    const at = when(deps.clock, ctx);
    await action(tx, task, rows, at);
    await tx.updateTable('tasks').set({ version: sql`version + 1`, updated_at: at }).where('id', '=', id).execute();
    const fresh = await findReadableTask(tx, ctx.user, id);
    return presentTask(tx, ctx.user, todayOf(deps), fresh!);
  });
}

const event = (tx: Executor, ctx: ActionContext, task: TaskRow, at: Date, action: string, payload: Record<string, unknown> = {}) =>
  appendTaskEvent(tx, { taskId: task.id, agencyId: task.agency_id, actorId: ctx.user.id, action, payload, at });

function requireOpen(task: TaskRow) {
  if (task.status === 'accepted') throw conflict('TASK_CLOSED');
}
function requireInProgress(task: TaskRow) {
  requireOpen(task);
  if (task.status !== 'in_progress') throw conflict('TASK_NOT_IN_PROGRESS');
}
/** The assigner or an assignee. */
function requireInvolved(ctx: ActionContext, task: TaskRow, rows: AssigneeRow[]) {
  if (!isAssigner(ctx.user, task) && !isAssignee(ctx.user, rows)) throw forbidden('TASK_NOT_INVOLVED');
}

/** The others who work on it: the assigner and every holder (the actor is never told of their own act). */
async function everyoneOn(tx: Executor, task: TaskRow, rows: AssigneeRow[]) {
  return [task.assigned_by, ...(await holdersOf(tx, rows))];
}

/** The assigner corrects the title, description, priority or due date while the work is in progress. */
export const editTask = (deps: TasksDeps, ctx: ActionContext, id: string, body: EditTaskBody) =>
  change(deps, ctx, id, body.version, async (tx, task, rows, at) => {
    if (!isAssigner(ctx.user, task)) throw forbidden('TASK_ASSIGNER_ONLY');
    requireInProgress(task);
    if (body.dueDate && body.dueDate !== task.due_date && body.dueDate < todayOf(deps)) throw ValidationError.field('dueDate', 'DUE_DATE_PAST');
    const set = {
      ...(body.title !== undefined && { title: body.title }),
      ...(body.description !== undefined && { description: body.description }),
      ...(body.priority !== undefined && { priority: body.priority }),
      ...(body.dueDate !== undefined && { due_date: body.dueDate }),
    };
    const before: Record<string, unknown> = { title: task.title, description: task.description, priority: task.priority, dueDate: task.due_date };
    const changes = Object.fromEntries(Object.entries({ title: set.title, description: set.description, priority: set.priority, dueDate: set.due_date })
      .filter(([k, v]) => v !== undefined && v !== before[k]).map(([k, v]) => [k, { from: before[k], to: v }]));
    if (!Object.keys(changes).length) return;
    await tx.updateTable('tasks').set(set).where('id', '=', task.id).execute();
    await event(tx, ctx, task, at, 'edited', { changes });
    await notifyTask(tx, ctx, { ...task, title: set.title ?? task.title, due_date: set.due_date !== undefined ? set.due_date : task.due_date }, 'task_updated', await holdersOf(tx, rows), { note: '', progress: task.progress });
  });

export const updateProgress = (deps: TasksDeps, ctx: ActionContext, id: string, body: { progress: number; note: string | null; version?: number }) =>
  change(deps, ctx, id, body.version, async (tx, task, rows, at) => {
    if (!isAssignee(ctx.user, rows)) throw forbidden('TASK_NOT_ASSIGNEE');
    requireInProgress(task);
    await tx.updateTable('tasks').set({ progress: body.progress }).where('id', '=', task.id).execute();
    await event(tx, ctx, task, at, 'progress', { from: task.progress, to: body.progress, note: body.note });
    await notifyTask(tx, ctx, task, 'task_updated', await everyoneOn(tx, task, rows), { progress: body.progress, note: body.note ?? '' });
  });

export const comment = (deps: TasksDeps, ctx: ActionContext, id: string, text: string) =>
  change(deps, ctx, id, undefined, async (tx, task, rows, at) => {
    requireInvolved(ctx, task, rows);
    requireOpen(task);
    await event(tx, ctx, task, at, 'comment', { text });
    await notifyTask(tx, ctx, task, 'task_updated', await everyoneOn(tx, task, rows), { note: text, progress: task.progress });
  });

/** The lead reports the work done (100 %); the assigner then accepts or returns it. */
export const completeTask = (deps: TasksDeps, ctx: ActionContext, id: string, note: string | null) =>
  change(deps, ctx, id, undefined, async (tx, task, rows, at) => {
    if (!isLead(ctx.user, rows)) throw forbidden('TASK_LEAD_ONLY');
    requireInProgress(task);
    await tx.updateTable('tasks').set({ status: 'completed', progress: 100, completed_at: at, return_reason: null }).where('id', '=', task.id).execute();
    await event(tx, ctx, task, at, 'completed', { note });
    await notifyTask(tx, ctx, task, 'task_completed', [task.assigned_by], { note: note ?? '' });
  });

export const acceptTask = (deps: TasksDeps, ctx: ActionContext, id: string, note: string | null) =>
  change(deps, ctx, id, undefined, async (tx, task, rows, at) => {
    if (!isAssigner(ctx.user, task)) throw forbidden('TASK_ASSIGNER_ONLY');
    requireOpen(task);
    if (task.status !== 'completed') throw conflict('TASK_NOT_COMPLETED');
    await tx.updateTable('tasks').set({ status: 'accepted', accepted_at: at }).where('id', '=', task.id).execute();
    await event(tx, ctx, task, at, 'accepted', { note });
    await notifyTask(tx, ctx, task, 'task_accepted', await holdersOf(tx, rows), { note: note ?? '' });
  });

/** The assigner sends the result back with the reason: the task is in progress again. */
export const returnTask = (deps: TasksDeps, ctx: ActionContext, id: string, reason: string) =>
  change(deps, ctx, id, undefined, async (tx, task, rows, at) => {
    if (!isAssigner(ctx.user, task)) throw forbidden('TASK_ASSIGNER_ONLY');
    requireOpen(task);
    if (task.status !== 'completed') throw conflict('TASK_NOT_COMPLETED');
    await tx.updateTable('tasks').set({ status: 'in_progress', completed_at: null, return_reason: reason }).where('id', '=', task.id).execute();
    await event(tx, ctx, task, at, 'returned', { reason });
    await notifyTask(tx, ctx, task, 'task_returned', await holdersOf(tx, rows), { reason, note: reason });
  });

/** A head of an assigned unit passes the unit's part on to one of its members (the unit's row stays, as passed on). */
export const passOn = (deps: TasksDeps, ctx: ActionContext, id: string, assigneeId: string, userId: string) =>
  change(deps, ctx, id, undefined, async (tx, task, rows, at) => {
    requireInProgress(task);
    const row = rows.find((r) => r.id === assigneeId);
    if (!row || !canPassOn(ctx.user, row)) throw forbidden('TASK_NOT_UNIT_HOLDER');
    if (userId === ctx.user.id) throw ValidationError.field('userId', 'TASK_ASSIGNEE_SELF');
    const member = await tx.selectFrom('users').select(['id', 'full_name']).where('id', '=', userId).where('agency_id', '=', ctx.user.agencyId)
      .where('unit_id', '=', row.unit_id).where('active', '=', true).executeTakeFirst();
    if (!member) throw ValidationError.field('userId', 'TASK_PASS_ON_NOT_MEMBER');
    await tx.updateTable('task_assignees').set({ status: 'passed_on' }).where('id', '=', row.id).execute();
    await tx.insertInto('task_assignees').values({ task_id: task.id, role: row.role, user_id: member.id, unit_id: row.unit_id, parent_id: row.id, assigned_by: ctx.user.id, created_at: at }).execute();
    await event(tx, ctx, task, at, 'passed_on', { unit: row.unit_name, to: member.full_name, role: row.role });
    await notifyTask(tx, ctx, task, 'task_assigned', [member.id], { role: row.role });
  });

export const addChecklistItem = (deps: TasksDeps, ctx: ActionContext, id: string, text: string) =>
  change(deps, ctx, id, undefined, async (tx, task, rows, at) => {
    requireInvolved(ctx, task, rows);
    requireInProgress(task);
    const last = await tx.selectFrom('task_checklist_items').select((eb) => eb.fn.max('position').as('p')).where('task_id', '=', task.id).executeTakeFirst();
    await tx.insertInto('task_checklist_items').values({ task_id: task.id, position: Number(last?.p ?? 0) + 1, text, created_at: at }).execute();
    await event(tx, ctx, task, at, 'checklist_added', { text });
  });

export const checkItem = (deps: TasksDeps, ctx: ActionContext, id: string, itemId: string, done: boolean) =>
  change(deps, ctx, id, undefined, async (tx, task, rows, at) => {
    requireInvolved(ctx, task, rows);
    requireInProgress(task);
    const item = await tx.selectFrom('task_checklist_items').select(['id', 'text', 'done']).where('id', '=', itemId).where('task_id', '=', task.id).executeTakeFirst();
    if (!item) throw notFound('CHECKLIST_ITEM_NOT_FOUND');
    if (item.done === done) return;
    await tx.updateTable('task_checklist_items').set({ done, done_by: done ? ctx.user.id : null, done_at: done ? at : null }).where('id', '=', itemId).execute();
    await event(tx, ctx, task, at, done ? 'checklist_checked' : 'checklist_unchecked', { text: item.text });
  });

/** Files through the file store, with the documents' limits (size and count per upload, count per task). */
export const addFiles = (deps: TasksDeps, ctx: ActionContext, id: string, upload: ReceivedUpload, maxFiles: number) =>
  change(deps, ctx, id, undefined, async (tx, task, rows, at) => {
    requireInvolved(ctx, task, rows);
    requireInProgress(task);
    if (!upload.files.length) throw ValidationError.single('files', 'cần ít nhất một tệp', 'attach at least one file', 'required');
    const existing = await tx.selectFrom('task_files').select(sql<number>`count(*)::int`.as('n')).where('task_id', '=', task.id).executeTakeFirstOrThrow();
    if (existing.n + upload.files.length > maxFiles) throw badRequest('TOO_MANY_FILES', { max: maxFiles });
    await upload.commit();
    await tx.insertInto('task_files').values(upload.files.map((f) => ({
      task_id: task.id, file_hash: f.hash, file_name: f.fileName, mime_type: f.mimeType, size_bytes: f.size, created_by: ctx.user.id, created_at: at,
    }))).execute();
    await event(tx, ctx, task, at, 'files_added', { files: upload.files.map((f) => f.fileName) });
  });

/** A file of a task the user may read (its content, to be sent as a download). */
export async function openFile(deps: TasksDeps & { files: FileStore }, ctx: ActionContext, id: string, fileId: string): Promise<{ stream: Readable; mimeType: string; fileName: string; size: number }> {
  const task = await findReadableTask(deps.db, ctx.user, id);
  if (!task) throw notFound('TASK_NOT_FOUND');
  const file = await deps.db.selectFrom('task_files').selectAll().where('id', '=', fileId).where('task_id', '=', id).executeTakeFirst();
  if (!file) throw notFound('TASK_FILE_NOT_FOUND');
  return { stream: await openStoredFile(deps.files, file.file_hash, file.file_name), mimeType: file.mime_type, fileName: file.file_name, size: Number(file.size_bytes) };
}

/** A reminder (đôn đốc) with a note to the task's holders, by the assigner, a leader or the unit's head. */
export async function remindTask(deps: TasksDeps, ctx: ActionContext, id: string, note: string): Promise<{ notified: number }> {
  let notified = 0;
  await change(deps, ctx, id, undefined, async (tx, task, rows, at) => {
    if (!canRemind(ctx.user, task, rows)) {
      if (task.status !== 'in_progress') throw conflict('TASK_NOT_IN_PROGRESS');
      throw forbidden('TASK_NOT_ALLOWED_TO_REMIND');
    }
    const holders = (await holdersOf(tx, rows)).filter((h) => h !== ctx.user.id);
    await event(tx, ctx, task, at, 'reminded', { note });
    await notifyTask(tx, ctx, task, 'reminder', holders, { note });
    notified = holders.length;
  });
  return { notified };
}
