import type { FastifyRequest } from 'fastify';
import type { DelegationScope } from '../../../shared/delegation.js';
import type { Role } from '../../../shared/enums.js';
import { DomainError } from '../../http/errors.js';

export interface CurrentUser {
  id: string;
  agencyId: string;
  unitId: string | null;
  username: string;
  fullName: string;
  position: string;
  roles: Role[];
  /** Signed in with a password someone else knows: must change it before anything else (absent: false). */
  mustChangePassword?: boolean;
  /**
   * The delegations this official holds now (ủy quyền, looked up with each request at the server's
   * clock): whose work they may do, within which scopes. Absent or empty: none.
   */
  actsFor?: ActingFor[];
}

export interface ActingFor {
  delegationId: string;
  delegatorId: string;
  delegatorName: string;
  scopes: DelegationScope[];
}

/** The delegator whose `scope` this official holds now by delegation, if `principalId` is one of them. */
export function actingFor(user: CurrentUser, principalId: string | null | undefined, scope: DelegationScope): ActingFor | undefined {
  if (!principalId) return undefined;
  return user.actsFor?.find((d) => d.delegatorId === principalId && d.scopes.includes(scope));
}

/** The delegators whose `scope` this official holds now. */
export function delegatorsFor(user: CurrentUser, scope: DelegationScope): string[] {
  return (user.actsFor ?? []).filter((d) => d.scopes.includes(scope)).map((d) => d.delegatorId);
}

declare module 'fastify' {
  interface FastifyRequest {
    currentUser: CurrentUser | null;
  }
}

/** The signed-in official as the rest of the server sees them, from a users row. */
export function toCurrentUser(row: { id: string; agency_id: string; unit_id: string | null; username: string; full_name: string; position: string; roles: string[]; must_change_password?: boolean }): CurrentUser {
  return {
    id: row.id, agencyId: row.agency_id, unitId: row.unit_id, username: row.username, fullName: row.full_name, position: row.position,
    roles: row.roles as Role[], mustChangePassword: row.must_change_password ?? false,
  };
}

export function hasRole(user: CurrentUser, role: Role): boolean {
  return user.roles.includes(role);
}

/** The signed-in official, or a 401 for anonymous requests. */
export function requireUser(request: FastifyRequest): CurrentUser {
  if (!request.currentUser) throw new DomainError('UNAUTHENTICATED', 401);
  return request.currentUser;
}

/** Who did it and from where, for the history. */
export interface ActionContext {
  user: CurrentUser;
  ip: string;
  userAgent: string | null;
  /** When the action happened; set only when replaying history (demo data), else now. */
  at?: Date;
  /** The official in whose name `user` acts, by delegation (the history shows "B thay mặt A"). */
  onBehalfOf?: { id: string; fullName: string };
}

/** Whose act it is in the records: the delegator when acting by delegation, else the user. */
export const actingId = (ctx: ActionContext) => ctx.onBehalfOf?.id ?? ctx.user.id;

/** The same context, acting in the name of the delegator of `delegation`. */
export const onBehalfOf = (ctx: ActionContext, delegation: ActingFor): ActionContext => ({ ...ctx, onBehalfOf: { id: delegation.delegatorId, fullName: delegation.delegatorName } });

export function actionContext(request: FastifyRequest): ActionContext {
  return { user: requireUser(request), ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}
