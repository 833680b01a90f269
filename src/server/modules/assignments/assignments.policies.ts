import type { AssignmentAction } from '../../../shared/enums.js';
import { type ActingFor, actingFor, type CurrentUser, hasRole } from '../auth/current-user.js';

// Who may do what with an assignment, whatever the document it belongs to: an incoming document
// directed by a leader, or an issued outgoing document delivered to units of the agency.

export interface AssignmentFacts {
  assignee_user_id: string | null;
  assignee_unit_id: string | null;
  role: string;
  status: string;
}

/** For rules that look at who handed the work out. */
export interface AssignmentLink extends AssignmentFacts {
  assigned_by: string;
  /** Set when the leader who assigned it handed their work over to another. */
  confirm_by?: string | null;
}

/** The holder of an assignment: the named official, or a head of the named unit. */
export function holds(user: CurrentUser, assignment: AssignmentFacts): boolean {
  if (assignment.assignee_user_id) return assignment.assignee_user_id === user.id;
  return assignment.assignee_unit_id === user.unitId && hasRole(user, 'unit_head');
}

/** Statuses in which the holder still has work to do. */
export const OPEN_STATUSES = ['pending', 'in_progress'] as const;
export const isOpen = (assignment: AssignmentFacts) => assignment.status === 'pending' || assignment.status === 'in_progress';

/**
 * Who confirms a proposed result: the holder of the assignment the work was passed on from, or,
 * for an assignment a leader made directly, that leader (or whoever took over their work).
 */
export function confirms(user: CurrentUser, assignment: AssignmentLink, parent: AssignmentFacts | null): boolean {
  return confirmsAs(user, assignment, parent) !== null;
}

/**
 * How `user` confirms: in their own name ('self'), or in the leader's name by the delegation of
 * directing incoming documents that leader gave them (while it lasts); null if they may not.
 */
export function confirmsAs(user: CurrentUser, assignment: AssignmentLink, parent: AssignmentFacts | null): 'self' | ActingFor | null {
  if (parent) return holds(user, parent) ? 'self' : null;
  const principal = assignment.confirm_by ?? assignment.assigned_by;
  if (principal === user.id) return 'self';
  return actingFor(user, principal, 'incoming') ?? null;
}

/** Passing work down is what leaders and unit heads do; specialists handle it themselves. */
const canPassOn = (user: CurrentUser) => hasRole(user, 'leader') || hasRole(user, 'unit_head');

export function assignmentActions(user: CurrentUser, assignment: AssignmentLink, parent: AssignmentFacts | null): AssignmentAction[] {
  if (assignment.status === 'awaiting_confirmation') return confirms(user, assignment, parent) ? ['confirm', 'reject_result'] : [];
  // A for-information recipient has nothing to handle: opening the document marks it seen.
  if (!holds(user, assignment) || !isOpen(assignment) || assignment.role === 'info') return [];
  const actions: AssignmentAction[] = ['note', 'complete', 'return'];
  if (canPassOn(user)) actions.unshift('forward');
  return actions;
}

export interface ForwardTarget {
  userId?: string;
  unitId?: string;
  /** The unit of the named official. */
  userUnitId?: string | null;
}

/**
 * Why `user` may not pass a document's work to `target`, or null. Nobody passes work to
 * themselves (it would turn a unit's assignment into a personal one for no reason); a secret
 * document stays inside the forwarder's unit and its sub-units unless a leader passes it on.
 * `unitParents` maps each unit of the agency to its parent.
 */
export function forwardProblem(user: CurrentUser, doc: { secrecy: string }, target: ForwardTarget, unitParents: Map<string, string | null>): 'self' | 'secret_outside_unit' | null {
  if (target.userId && target.userId === user.id) return 'self';
  if (doc.secrecy === 'none' || hasRole(user, 'leader')) return null;
  const targetUnit = target.unitId ?? target.userUnitId ?? null;
  for (let cursor = targetUnit; cursor && user.unitId; cursor = unitParents.get(cursor) ?? null) {
    if (cursor === user.unitId) return null; // the forwarder's unit, or one of its sub-units
  }
  return 'secret_outside_unit';
}
