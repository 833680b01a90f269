import type { TaskAction } from '../../../shared/tasks.js';
import { type CurrentUser, hasRole } from '../auth/current-user.js';

// Who may do what with a task. Who may READ a task is also a SQL condition (tasks.repository.ts
// `taskVisibleTo`), so no list shows a task to someone with no part in it.

export interface AssigneeFacts {
  id: string;
  role: 'lead' | 'coordinate';
  user_id: string | null;
  unit_id: string | null;
  status: 'active' | 'passed_on';
}

export interface TaskFacts {
  assigned_by: string;
  status: 'in_progress' | 'completed' | 'accepted';
}

/**
 * Whether `user` holds an assignee row: the named official, or a head of the named unit (a unit's
 * task goes to its heads, who may pass it on to a member, as a document's assignment does).
 */
export function holds(user: CurrentUser, row: AssigneeFacts): boolean {
  if (row.status !== 'active') return false;
  if (row.user_id) return row.user_id === user.id;
  return row.unit_id === user.unitId && hasRole(user, 'unit_head');
}

export const isAssignee = (user: CurrentUser, rows: AssigneeFacts[]) => rows.some((r) => holds(user, r));
export const isLead = (user: CurrentUser, rows: AssigneeFacts[]) => rows.some((r) => r.role === 'lead' && holds(user, r));
export const isAssigner = (user: CurrentUser, task: TaskFacts) => task.assigned_by === user.id;

/** A unit's row the user may pass on to a member: they head the unit and it is still theirs. */
export const canPassOn = (user: CurrentUser, row: AssigneeFacts) => row.status === 'active' && !row.user_id && holds(user, row);

/**
 * Who may remind (đôn đốc) a task's assignees, as for documents: the assigner, the agency's leaders,
 * and the head of a unit the work sits in (an assigned unit, or an assignee's unit).
 */
export function canRemind(user: CurrentUser, task: TaskFacts, rows: AssigneeFacts[]): boolean {
  if (task.status !== 'in_progress') return false;
  if (isAssigner(user, task) || hasRole(user, 'leader')) return true;
  return hasRole(user, 'unit_head') && Boolean(user.unitId) && rows.some((r) => r.status === 'active' && r.unit_id === user.unitId && r.user_id !== user.id);
}

/** What the reader may do on a task they may read; an accepted task is closed. */
export function taskActions(user: CurrentUser, task: TaskFacts, rows: AssigneeFacts[]): TaskAction[] {
  const actions = new Set<TaskAction>();
  const assigner = isAssigner(user, task);
  const assignee = isAssignee(user, rows);
  if (task.status === 'accepted') return [];
  if (assigner || assignee) actions.add('comment');
  if (task.status === 'in_progress') {
    if (assigner) ['edit', 'checklist', 'files', 'subtask'].forEach((a) => actions.add(a as TaskAction));
    if (assignee) ['progress', 'checklist', 'files', 'subtask'].forEach((a) => actions.add(a as TaskAction));
    if (isLead(user, rows)) actions.add('complete');
    if (rows.some((r) => canPassOn(user, r))) actions.add('pass_on');
    if (canRemind(user, task, rows)) actions.add('remind');
  }
  if (task.status === 'completed' && assigner) { actions.add('accept'); actions.add('return'); }
  return [...actions];
}
