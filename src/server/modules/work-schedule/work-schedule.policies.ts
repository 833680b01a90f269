import type { WorkScheduleAction, WorkScheduleStatus } from '../../../shared/work-schedule.js';
import { type CurrentUser, hasRole } from '../auth/current-user.js';

// Who does what with the weekly work schedule. The office (Văn phòng: the clerk, the chief of office
// and their deputy, as the office is decided elsewhere: role `clerk`, positions of the office) drafts
// it and changes it; a leader of the agency (role `leader`) approves it; once published every official
// of the agency reads it. Another agency's schedules are never found (404): every query names the agency.

const OFFICE_POSITIONS = ['chief_of_office', 'deputy_chief_of_office'];

export const isOffice = (user: CurrentUser) => hasRole(user, 'clerk') || OFFICE_POSITIONS.includes(user.position);
export const isLeader = (user: CurrentUser) => hasRole(user, 'leader');

/** Drafts and approved (not yet published) schedules are read by the office and the leaders only. */
export const seesUnpublished = (user: CurrentUser) => isOffice(user) || isLeader(user);

export function scheduleActions(user: CurrentUser, status: WorkScheduleStatus): WorkScheduleAction[] {
  const actions: WorkScheduleAction[] = [];
  if (isOffice(user)) actions.push('edit');
  if (status === 'draft' && isLeader(user)) actions.push('approve');
  if (status === 'approved' && (isOffice(user) || isLeader(user))) actions.push('publish');
  return actions;
}
