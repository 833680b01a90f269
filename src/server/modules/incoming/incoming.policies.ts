import type { DocumentAction } from '../../../shared/enums.js';
import { type ActingFor, actingFor, type CurrentUser, hasRole } from '../auth/current-user.js';
import { type AssignmentFacts, holds } from '../assignments/assignments.policies.js';

// Who may do what with an incoming document. Visibility itself is decided in SQL
// (incoming.repository.ts `visibleTo`), so lists can never leak; these rules decide actions.

export interface DocumentFacts {
  status: string;
  secrecy: string;
  /** The leader a submitted document waits for. */
  submitted_to: string | null;
}

/** Sees every document of the agency: the clerk and the agency's leaders. */
export const seesWholeAgency = (user: CurrentUser) => hasRole(user, 'clerk') || hasRole(user, 'leader');

export const canRegister = (user: CurrentUser) => hasRole(user, 'clerk');

/** Until a leader has assigned it, the clerk may still correct a document's details and files. */
export const isCorrectable = (doc: Pick<DocumentFacts, 'status'>) => ['registered', 'submitted', 'returned'].includes(doc.status);

export function documentActions(user: CurrentUser, doc: DocumentFacts): DocumentAction[] {
  const actions: DocumentAction[] = [];
  if (hasRole(user, 'clerk') && isCorrectable(doc)) actions.push('edit');
  if (hasRole(user, 'clerk') && (doc.status === 'registered' || doc.status === 'returned')) actions.push('submit');
  if (isDecidedBy(user, doc)) actions.push('assign', 'return_to_clerk');
  return actions;
}

/**
 * A submitted document is decided by the leader it was submitted to, not by any leader: the clerk
 * chose whose desk it goes to; or, in that leader's name, by the official they delegated directing
 * incoming documents to (only for as long as the delegation lasts).
 */
export function isDecidedBy(user: CurrentUser, doc: DocumentFacts): boolean {
  if (doc.status !== 'submitted') return false;
  return (hasRole(user, 'leader') && doc.submitted_to === user.id) || Boolean(decidesByDelegation(user, doc));
}

/** The delegation by which this official decides the document in its leader's name, if any. */
export function decidesByDelegation(user: CurrentUser, doc: Pick<DocumentFacts, 'submitted_to'>): ActingFor | undefined {
  return doc.submitted_to === user.id ? undefined : actingFor(user, doc.submitted_to, 'incoming');
}

/**
 * Who may open the files of a secret (mật, tối mật, tuyệt mật) document.
 *
 * The rule: the clerk and the agency's leaders, and whoever holds or held an assignment of the
 * document — the official named in it, or a head of the unit named in it. Access is thus decided by
 * the leader's direction, and it cannot be widened by passing the work on, because for a secret
 * document passing on is itself restricted (see `forwardProblem`): a unit head may pass it only
 * to officials and sub-units of their own unit, and nobody may name themselves. So every holder of a
 * secret document's assignment is inside a unit the leader chose, or was named by the leader.
 * The document's details (not its files) stay visible to anyone who sees the document.
 */
export function canOpenFiles(user: CurrentUser, doc: Pick<DocumentFacts, 'secrecy'>, assignments: AssignmentFacts[]): boolean {
  if (doc.secrecy === 'none' || seesWholeAgency(user)) return true;
  return assignments.some((a) => holds(user, a));
}
