import type { AssignmentAction, DocumentAction } from '../../../shared/enums.js';
import { type CurrentUser, hasRole } from '../auth/current-user.js';

// Who may do what with an incoming document. Visibility itself is decided in SQL
// (incoming.repository.ts `visibleTo`), so lists can never leak; these rules decide actions.

export interface AssignmentFacts {
  assignee_user_id: string | null;
  assignee_unit_id: string | null;
  role: string;
  status: string;
}

export interface DocumentFacts {
  status: string;
  secrecy: string;
}

/** Sees every document of the agency: the clerk and the agency's leaders. */
export const seesWholeAgency = (user: CurrentUser) => hasRole(user, 'clerk') || hasRole(user, 'leader');

/** The holder of an assignment: the named official, or a head of the named unit. */
export function holds(user: CurrentUser, assignment: AssignmentFacts): boolean {
  if (assignment.assignee_user_id) return assignment.assignee_user_id === user.id;
  return assignment.assignee_unit_id === user.unitId && hasRole(user, 'unit_head');
}

export const isOpen = (assignment: AssignmentFacts) => assignment.status === 'pending' || assignment.status === 'in_progress';

export const canRegister = (user: CurrentUser) => hasRole(user, 'clerk');

/** Until a leader has assigned it, the clerk may still correct a document's details and files. */
export const isCorrectable = (doc: DocumentFacts) => ['registered', 'submitted', 'returned'].includes(doc.status);

export function documentActions(user: CurrentUser, doc: DocumentFacts): DocumentAction[] {
  const actions: DocumentAction[] = [];
  if (hasRole(user, 'clerk') && isCorrectable(doc)) actions.push('edit');
  if (hasRole(user, 'clerk') && (doc.status === 'registered' || doc.status === 'returned')) actions.push('submit');
  if (hasRole(user, 'leader') && doc.status === 'submitted') actions.push('assign', 'return_to_clerk');
  return actions;
}

/** Passing work down is what leaders and unit heads do; specialists handle it themselves. */
const canPassOn = (user: CurrentUser) => hasRole(user, 'leader') || hasRole(user, 'unit_head');

export function assignmentActions(user: CurrentUser, assignment: AssignmentFacts): AssignmentAction[] {
  if (!holds(user, assignment) || !isOpen(assignment)) return [];
  if (assignment.role === 'info') return ['acknowledge'];
  const actions: AssignmentAction[] = ['note', 'complete', 'return'];
  if (canPassOn(user)) actions.unshift('forward');
  return actions;
}

/** Files of a secret document open only for the clerk, the leaders and officials named in an assignment. */
export function canOpenFiles(user: CurrentUser, doc: DocumentFacts, assignments: AssignmentFacts[]): boolean {
  if (doc.secrecy === 'none' || seesWholeAgency(user)) return true;
  return assignments.some((a) => a.assignee_user_id === user.id);
}
