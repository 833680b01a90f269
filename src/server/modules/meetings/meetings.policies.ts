import type { MeetingAction } from '../../../shared/meetings.js';
import { type CurrentUser, hasRole } from '../auth/current-user.js';

// Who may do what with meetings. Who may READ a meeting is also a SQL condition
// (meetings.repository.ts `meetingReadableBy`): its participants (also those who declined or sent a
// substitute), its organizer, its chair, and the agency's leaders. Linked documents of the system
// keep their own rule (documents.visibility.ts) whoever reads the meeting.

/** A leader, a unit head, or the office (clerk) convening for a leader. */
export const canConvene = (user: CurrentUser) => hasRole(user, 'leader') || hasRole(user, 'unit_head') || hasRole(user, 'clerk');

/** The office convenes on a leader's behalf: then the chair must be a leader. */
export const convenesForLeader = (user: CurrentUser) => hasRole(user, 'clerk') && !hasRole(user, 'leader') && !hasRole(user, 'unit_head');

/** The administrator and the office keep the agency's list of rooms. */
export const canManageRooms = (user: CurrentUser) => hasRole(user, 'admin') || hasRole(user, 'clerk');

export interface MeetingAccessRow { organizer_id: string; chair_id: string; status: string; starts_at: Date; ends_at: Date }

/** The organizer and the chair manage the meeting (change, cancel, remind, minutes). */
export const managesMeeting = (user: CurrentUser, m: MeetingAccessRow) => m.organizer_id === user.id || m.chair_id === user.id;

export function meetingActions(user: CurrentUser, m: MeetingAccessRow, isParticipant: boolean, now: Date): MeetingAction[] {
  if (m.status !== 'scheduled') return [];
  const actions: MeetingAction[] = [];
  const over = m.ends_at <= now;
  if (managesMeeting(user, m)) {
    if (!over) actions.push('edit', 'cancel', 'remind');
    if (m.starts_at <= now) actions.push('minutes');
  }
  if (isParticipant && !over) actions.push('answer');
  return actions;
}
