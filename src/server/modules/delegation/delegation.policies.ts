import { type DelegationScope, type DelegationState, delegableScopes } from '../../../shared/delegation.js';
import { type CurrentUser, hasRole } from '../auth/current-user.js';

// Who may delegate what, and who sees and ends delegations. What a delegation lets its delegate do
// is decided where each action is (incoming, outgoing, signing policies) through `actingFor`.

/** The scopes an official holds by their own role, so may delegate (the shared rule: delegableScopes). */
export const ownScopes = (user: CurrentUser): DelegationScope[] => delegableScopes(user.roles);

/** The head of the agency (Giám đốc, a leader in the director's position). */
export const isAgencyHead = (user: CurrentUser) => hasRole(user, 'leader') && user.position === 'director';

/** Every delegation of the agency is listed for its head and the administrator. */
export const seesAgencyDelegations = (user: CurrentUser) => isAgencyHead(user) || hasRole(user, 'admin');

export function delegationState(row: { starts_at: Date; ends_at: Date; revoked_at: Date | null }, now: Date): DelegationState {
  if (row.revoked_at) return 'revoked';
  if (now < row.starts_at) return 'upcoming';
  return now < row.ends_at ? 'active' : 'expired';
}

/** The delegator ends their own delegation; the head and the administrator any of the agency's. */
export function canRevoke(user: CurrentUser, row: { delegator_id: string; agency_id: string }, state: DelegationState): boolean {
  if (state === 'revoked' || state === 'expired' || row.agency_id !== user.agencyId) return false;
  return row.delegator_id === user.id || seesAgencyDelegations(user);
}
