import { forbidden } from '../../http/errors.js';
import { type ActionContext, hasRole } from '../auth/current-user.js';

/** The agency's administrator keeps its calendar and due-date rules; every official reads them. */
export function requireCalendarAdmin(ctx: ActionContext): void {
  if (!hasRole(ctx.user, 'admin')) throw forbidden('ADMIN_ONLY');
}
