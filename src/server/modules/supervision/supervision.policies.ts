import { type CurrentUser, hasRole } from '../auth/current-user.js';

/**
 * Supervision (giám sát) of the whole agency: its leaders — the head, and the deputies who already
 * see every document of the agency. Not a specialist, nor the administrator (who runs the system,
 * not the work).
 */
export const canSupervise = (user: CurrentUser) => hasRole(user, 'leader');
