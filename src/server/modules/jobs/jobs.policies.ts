import { forbidden } from '../../http/errors.js';
import { type ActionContext, hasRole } from '../auth/current-user.js';

/**
 * The queue belongs to the deployment, not to one agency: only administrators see it. What they
 * see is the job's kind, state, times and error, never its payload (file hashes, record ids).
 */
export function requireQueueAdmin(ctx: ActionContext): void {
  if (!hasRole(ctx.user, 'admin')) throw forbidden('ADMIN_ONLY');
}
