import type { Urgency } from '../../../shared/enums.js';
import type { HandlingReportRow, StateCounts, TrackingItem } from '../../../shared/reports.js';
import type { CurrentUser } from '../auth/current-user.js';
import { holds } from '../assignments/assignments.policies.js';
import { canRemind } from '../notifications/notifications.policies.js';
import type { TrackingRow, TrackingScreenRow } from './reports.repository.js';

export function presentTracking(row: TrackingRow): TrackingItem {
  return {
    id: row.id,
    arrivalNumber: row.arrival_number,
    receivedOn: row.received_on,
    documentType: row.document_type,
    number: row.number,
    notation: row.notation,
    issuedOn: row.issued_on,
    issuer: row.issuer,
    summary: row.summary,
    urgency: row.urgency as Urgency,
    dueDate: row.due_date,
    status: row.status,
    state: row.state,
    completedOn: row.completed_on,
    lead: row.lead_name,
    handler: row.handler_name,
    coordinators: row.coordinators,
    progress: row.progress,
    replyReference: row.reply_reference,
    leadAssignmentId: row.lead_assignment_id,
    remind: null,
  };
}

/**
 * A row of the register's screen, with the reminder (đôn đốc) its viewer may send: to the holder of
 * the document's open work, when the server's own rule (canRemind) lets them and they do not hold it.
 */
export function presentTrackingFor(user: CurrentUser, row: TrackingScreenRow): TrackingItem {
  const item = presentTracking(row);
  if (!row.work_id || !row.work_assigned_by || !row.work_role || !row.work_status) return item;
  const work = { assignee_user_id: row.work_user_id, assignee_unit_id: row.work_unit_id, role: row.work_role, status: row.work_status };
  const allowed = !holds(user, work)
    && canRemind(user, { assigned_by: row.work_assigned_by, assignee_user_id: row.work_user_id, assignee_unit_id: row.work_unit_id, holder_unit_id: row.work_holder_unit_id });
  return allowed ? { ...item, remind: { assignmentId: row.work_id, holder: row.work_holder_name ?? '' } } : item;
}

export const zeroCounts = (): StateCounts => ({ received: 0, onTime: 0, late: 0, inProgress: 0, overdue: 0 });

export function addCounts(into: StateCounts, row: StateCounts): StateCounts {
  into.received += row.received; into.onTime += row.onTime; into.late += row.late; into.inProgress += row.inProgress; into.overdue += row.overdue;
  return into;
}

export function namedRows(rows: (StateCounts & { key: string | null })[], names: Map<string, string>): HandlingReportRow[] {
  return rows.map(({ key, ...counts }) => ({ id: key, name: key ? names.get(key) ?? null : null, ...counts }));
}
