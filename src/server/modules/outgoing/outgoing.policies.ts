import type { OutgoingAction } from '../../../shared/enums.js';
import { type ActingFor, actingFor, type CurrentUser, hasRole } from '../auth/current-user.js';

// Who may do what with an outgoing document. Who may see one is decided in SQL
// (outgoing.repository.ts `outgoingVisibleTo`), so lists cannot leak; these rules decide actions.

export interface OutgoingFacts {
  status: string;
  created_by: string;
  approved_by?: string | null;
  signer_id?: string | null;
  signing_form?: string | null;
}

export interface StepFacts {
  holder_id: string;
  status: string;
}

/** A draft can change (new version, recipients) only while it is with its drafter. */
export const isEditable = (doc: OutgoingFacts) => doc.status === 'draft' || doc.status === 'returned';
export const isDrafter = (user: CurrentUser, doc: OutgoingFacts) => doc.created_by === user.id;
/** The current step is the user's own, or its holder's whose approvals the user holds by delegation. */
export const holdsStep = (user: CurrentUser, step: StepFacts | undefined) =>
  step?.status === 'current' && (step.holder_id === user.id || Boolean(actingFor(user, step.holder_id, 'approval')));
/** The delegation by which the user acts at a step held by someone else, if any. */
export const approvesByDelegation = (user: CurrentUser, step: StepFacts): ActingFor | undefined =>
  step.holder_id === user.id ? undefined : actingFor(user, step.holder_id, 'approval');
export const canIssue = (user: CurrentUser) => hasRole(user, 'clerk');
/** Who may sign for the agency or a unit: leaders and unit heads. */
export const maySign = (roles: string[]) => roles.includes('leader') || roles.includes('unit_head');

/** The actions the server will accept from this user on this document now (sent with it). */
export function outgoingActions(user: CurrentUser, doc: OutgoingFacts, current: StepFacts | undefined): OutgoingAction[] {
  const actions: OutgoingAction[] = [];
  if (isDrafter(user, doc) && isEditable(doc)) actions.push('edit', 'add_version', 'submit');
  // A change after approval is still possible: it goes back to the signer.
  if (isDrafter(user, doc) && doc.status === 'approved') actions.push('add_version');
  if (doc.status === 'in_review' && holdsStep(user, current)) actions.push('approve', 'return', 'forward');
  // The named signer signs digitally (the approver of the last step, or the signer the drafter named).
  // A TUQ. signature needs a signing delegation in force (signing.service.ts `signingContext`).
  const authorised = doc.signing_form !== 'TUQ' || Boolean(user.actsFor?.some((d) => d.scopes.includes('signing')));
  if (doc.status === 'approved' && (user.id === doc.approved_by || user.id === doc.signer_id) && authorised) actions.push('sign');
  if (canIssue(user) && (doc.status === 'approved' || doc.status === 'signed')) actions.push('issue');
  return actions;
}
