import type { FastifyRequest } from 'fastify';
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
}

export function actionContext(request: FastifyRequest): ActionContext {
  return { user: requireUser(request), ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}
