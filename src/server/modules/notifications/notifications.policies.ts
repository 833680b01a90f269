import { forbidden } from '../../http/errors.js';
import { type CurrentUser, hasRole } from '../auth/current-user.js';

/** Hỏa tốc and thượng khẩn documents alert their recipients at once. */
export const URGENT_URGENCIES = ['flash', 'very_urgent'] as const;

export interface RemindedAssignment {
  assigned_by: string;
  assignee_user_id: string | null;
  assignee_unit_id: string | null;
  /** The unit of the person who holds it (null for a unit's assignment). */
  holder_unit_id: string | null;
}

/**
 * Who may remind (đôn đốc) the holder of an assignment: the one who assigned it, the agency's
 * leaders, and the head of the unit the work sits in (the holder's unit, or the assigned unit).
 */
export function canRemind(user: CurrentUser, assignment: RemindedAssignment): boolean {
  if (assignment.assigned_by === user.id || hasRole(user, 'leader')) return true;
  if (!hasRole(user, 'unit_head') || !user.unitId || assignment.assignee_user_id === user.id) return false;
  return assignment.holder_unit_id === user.unitId || assignment.assignee_unit_id === user.unitId;
}

export function requireCanRemind(user: CurrentUser, assignment: RemindedAssignment): void {
  if (!canRemind(user, assignment)) throw forbidden('NOT_ALLOWED_TO_REMIND');
}
