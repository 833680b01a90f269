// Delegation (ủy quyền) and supervision: the vocabulary and API shapes shared by server and web.
import type { Role } from './enums.js';

/**
 * What a leader may delegate: directing and assigning the incoming documents submitted to them,
 * approving drafts at their approval step, signing the drafts they are to sign (TUQ.).
 */
export const DELEGATION_SCOPES = ['incoming', 'approval', 'signing'] as const;
export type DelegationScope = (typeof DELEGATION_SCOPES)[number];

/**
 * The scopes an official holds by their own roles, so may delegate (Decree 30 Art. 13: TUQ. cannot
 * be passed on, so what one holds only by delegation is never among them): directing incoming
 * documents is a leader's; approving and signing drafts are leaders' and unit heads'. The server's
 * rule (delegation.policies.ts) and the menu (who is shown "Ủy quyền") read it from here.
 */
export function delegableScopes(roles: readonly Role[]): DelegationScope[] {
  const scopes: DelegationScope[] = [];
  if (roles.includes('leader')) scopes.push('incoming');
  if (roles.includes('leader') || roles.includes('unit_head')) scopes.push('approval', 'signing');
  return scopes;
}

/** Where a delegation stands at the server's now. */
export const DELEGATION_STATES = ['upcoming', 'active', 'expired', 'revoked'] as const;
export type DelegationState = (typeof DELEGATION_STATES)[number];

/** Which delegations a list shows: those I gave, those I received, or the agency's (its head and the admin). */
export const DELEGATION_VIEWS = ['given', 'received', 'agency'] as const;
export type DelegationView = (typeof DELEGATION_VIEWS)[number];

export interface PersonRef {
  id: string;
  fullName: string;
  position: string;
}

export interface DelegationItem {
  id: string;
  delegator: PersonRef;
  delegate: PersonRef;
  scopes: DelegationScope[];
  startsAt: string;
  endsAt: string;
  note: string | null;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  state: DelegationState;
  /** The signed-in official may revoke it now. */
  canRevoke: boolean;
}

/** One piece of a delegator's work waiting for them, which their delegate may do in their name. */
export interface DelegatedWorkItem {
  documentId: string;
  direction: 'incoming' | 'outgoing';
  /** What waits: directing an incoming document, approving a draft. */
  action: 'direct' | 'approve';
  delegatorId: string;
  delegatorName: string;
  summary: string;
  reference: string | null;
  urgency: string;
  status: string;
  since: string | null;
}

/** Supervision of the agency (Giám sát): what a filter may pick. */
export const SUPERVISION_DIRECTIONS = ['incoming', 'outgoing'] as const;

/** One document of the agency as supervision lists it: where it stands and who holds it now. */
export interface SupervisedDocument {
  id: string;
  direction: 'incoming' | 'outgoing';
  reference: string | null;
  summary: string;
  urgency: string;
  status: string;
  dueDate: string | null;
  createdAt: string;
  /** Who holds it now: the open assignments' holders, the leader it waits for, the current reviewer. */
  holders: string | null;
}

/** One step of the agency's activity (an event of its history). */
export interface SupervisedEvent {
  id: string;
  at: string;
  action: string;
  actor: string | null;
  onBehalfOf: string | null;
  document: { id: string; direction: 'incoming' | 'outgoing'; summary: string } | null;
}

export interface SupervisionPage<T> { items: T[]; total: number; totalCapped: boolean; page: number; pageSize: number }
