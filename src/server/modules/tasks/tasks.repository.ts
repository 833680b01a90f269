import { type Expression, type ExpressionBuilder, sql, type SqlBool } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { type CurrentUser, hasRole } from '../auth/current-user.js';
import type { ListQuery } from './tasks.schemas.js';

// Tasks as stored. Every read of tasks goes through `taskVisibleTo`, in the WHERE clause, so no list
// shows a task of another agency or one the reader has no part in.

type TaskEb = ExpressionBuilder<Database, 'tasks'>;
const NO_UNIT = '00000000-0000-0000-0000-000000000000';

/**
 * Who may read a task (same agency only): the agency's leaders (they follow every task's progress);
 * the one who gave it; anyone named on it (a person, or a head of a named unit, or of the unit of a
 * named person: a unit head sees the work of the unit's members); and the one who gave its parent task.
 */
export function taskVisibleTo(user: CurrentUser) {
  return (eb: TaskEb): Expression<SqlBool> => {
    if (hasRole(user, 'leader')) return eb('tasks.agency_id', '=', user.agencyId);
    const unitHead = hasRole(user, 'unit_head') && Boolean(user.unitId);
    const involved = [
      eb('tasks.assigned_by', '=', user.id),
      unitHead
        ? sql<SqlBool>`EXISTS (SELECT 1 FROM task_assignees a WHERE a.task_id = tasks.id AND (a.user_id = ${user.id} OR a.unit_id = ${user.unitId}))`
        : sql<SqlBool>`EXISTS (SELECT 1 FROM task_assignees a WHERE a.task_id = tasks.id AND a.user_id = ${user.id})`,
      sql<SqlBool>`EXISTS (SELECT 1 FROM tasks p WHERE p.id = tasks.parent_task_id AND p.assigned_by = ${user.id})`,
    ];
    return eb.and([eb('tasks.agency_id', '=', user.agencyId), eb.or(involved)]);
  };
}

/** Active rows the user holds (a person's own, or a unit's they head). */
function heldBy(user: CurrentUser) {
  const unitHead = hasRole(user, 'unit_head') && Boolean(user.unitId);
  return unitHead
    ? sql<SqlBool>`EXISTS (SELECT 1 FROM task_assignees a WHERE a.task_id = tasks.id AND a.status = 'active' AND (a.user_id = ${user.id} OR (a.user_id IS NULL AND a.unit_id = ${user.unitId})))`
    : sql<SqlBool>`EXISTS (SELECT 1 FROM task_assignees a WHERE a.task_id = tasks.id AND a.status = 'active' AND a.user_id = ${user.id})`;
}

/** `overdue` as SQL: still in progress after its due date (Vietnam's `today`). */
export const overdueSql = (today: string) => sql<boolean>`(tasks.status = 'in_progress' AND tasks.due_date IS NOT NULL AND tasks.due_date < ${today}::date)`;

const summaryColumns = [
  'tasks.id', 'tasks.title', 'tasks.priority', 'tasks.status', 'tasks.progress', 'tasks.assigned_by', 'tasks.parent_task_id', 'tasks.created_at',
  'assigner.full_name as assigner_name',
] as const;

function summaries(db: Executor, user: CurrentUser, today: string) {
  return db.selectFrom('tasks')
    .innerJoin('users as assigner', 'assigner.id', 'tasks.assigned_by')
    .select(summaryColumns)
    .select([
      sql<string | null>`to_char(tasks.due_date, 'YYYY-MM-DD')`.as('due_date'),
      overdueSql(today).as('overdue'),
      sql<string | null>`(SELECT coalesce(u.full_name, n.name) FROM task_assignees a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN units n ON n.id = a.unit_id
        WHERE a.task_id = tasks.id AND a.role = 'lead' AND a.status = 'active' ORDER BY a.created_at DESC LIMIT 1)`.as('lead_name'),
    ])
    .where(taskVisibleTo(user));
}
export type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaries>['execute']>>[number];

/** A list of readable tasks: overdue first, then by due date, newest last. */
export function listTasks(db: Executor, user: CurrentUser, today: string, query: ListQuery) {
  let q = summaries(db, user, today);
  if (query.view === 'given') q = q.where('tasks.assigned_by', '=', user.id);
  else if (query.view === 'mine') q = q.where(heldBy(user));
  else if (query.view === 'unit') q = q.where(sql<SqlBool>`EXISTS (SELECT 1 FROM task_assignees a WHERE a.task_id = tasks.id AND a.unit_id = ${user.unitId ?? NO_UNIT})`);
  if (query.unitId) q = q.where(sql<SqlBool>`EXISTS (SELECT 1 FROM task_assignees a WHERE a.task_id = tasks.id AND a.unit_id = ${query.unitId})`);
  if (query.status === 'open') q = q.where('tasks.status', '!=', 'accepted');
  else if (query.status) q = q.where('tasks.status', '=', query.status);
  if (query.overdue !== undefined) q = q.where(query.overdue ? overdueSql(today) : sql<boolean>`NOT ${overdueSql(today)}`);
  return q.orderBy(sql`${overdueSql(today)} DESC`).orderBy(sql`tasks.due_date ASC NULLS LAST`).orderBy('tasks.created_at', 'desc').limit(500).execute();
}

export const subtasksOf = (db: Executor, user: CurrentUser, today: string, taskId: string) =>
  summaries(db, user, today).where('tasks.parent_task_id', '=', taskId).orderBy('tasks.created_at').execute();

const taskColumns = [
  'tasks.id', 'tasks.agency_id', 'tasks.title', 'tasks.description', 'tasks.priority', 'tasks.status', 'tasks.progress', 'tasks.assigned_by',
  'tasks.source_kind', 'tasks.source_id', 'tasks.parent_task_id', 'tasks.return_reason', 'tasks.completed_at', 'tasks.accepted_at', 'tasks.version',
  'tasks.created_at',
] as const;

/** A task the user may read, or undefined (another agency's, or not theirs); `lock` holds its row for the transaction. */
export function findReadableTask(db: Executor, user: CurrentUser, id: string, lock = false) {
  const query = db.selectFrom('tasks').select(taskColumns).select(sql<string | null>`to_char(tasks.due_date, 'YYYY-MM-DD')`.as('due_date'))
    .where('tasks.id', '=', id).where(taskVisibleTo(user));
  return lock ? query.forUpdate().executeTakeFirst() : query.executeTakeFirst();
}
export type TaskRow = NonNullable<Awaited<ReturnType<typeof findReadableTask>>>;

export const assigneesOf = (db: Executor, taskId: string) =>
  db.selectFrom('task_assignees as a').leftJoin('users as u', 'u.id', 'a.user_id').leftJoin('units as n', 'n.id', 'a.unit_id')
    .select(['a.id', 'a.role', 'a.user_id', 'a.unit_id', 'a.parent_id', 'a.status', 'u.full_name', 'n.name as unit_name'])
    .where('a.task_id', '=', taskId).orderBy('a.created_at').orderBy(sql`a.parent_id IS NOT NULL`).orderBy('a.role', 'desc').orderBy('a.id').execute();
export type AssigneeRow = Awaited<ReturnType<typeof assigneesOf>>[number];

export const checklistOf = (db: Executor, taskId: string) =>
  db.selectFrom('task_checklist_items as c').leftJoin('users as u', 'u.id', 'c.done_by')
    .select(['c.id', 'c.text', 'c.done', 'c.done_at', 'u.full_name as done_by_name']).where('c.task_id', '=', taskId).orderBy('c.position').execute();

export const filesOf = (db: Executor, taskId: string) =>
  db.selectFrom('task_files as f').innerJoin('users as u', 'u.id', 'f.created_by')
    .select(['f.id', 'f.file_name', 'f.mime_type', 'f.size_bytes', 'f.created_at', 'u.full_name']).where('f.task_id', '=', taskId).orderBy('f.created_at').execute();

export const historyOf = (db: Executor, taskId: string) =>
  db.selectFrom('task_events as e').leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.action', 'e.payload', 'e.created_at', 'u.full_name']).where('e.task_id', '=', taskId).orderBy('e.id').limit(1000).execute();

export interface TaskEventInput { taskId: string; agencyId: string; actorId: string | null; action: string; payload?: Record<string, unknown>; at: Date }

/** One line of a task's history, in the caller's transaction. */
export const appendTaskEvent = (db: Executor, e: TaskEventInput) =>
  db.insertInto('task_events').values({ task_id: e.taskId, agency_id: e.agencyId, actor_id: e.actorId, action: e.action, payload: JSON.stringify(e.payload ?? {}), created_at: e.at }).execute();

/** Active heads of these units. */
export async function headsOf(db: Executor, unitIds: string[]): Promise<{ id: string; unitId: string }[]> {
  if (!unitIds.length) return [];
  const rows = await db.selectFrom('users').select(['id', 'unit_id']).where('unit_id', 'in', unitIds).where('active', '=', true)
    .where(sql<boolean>`'unit_head' = ANY(roles)`).execute();
  return rows.map((r) => ({ id: r.id, unitId: r.unit_id! }));
}
