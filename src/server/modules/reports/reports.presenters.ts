import type { Urgency } from '../../../shared/enums.js';
import type { HandlingReportRow, StateCounts, TrackingItem } from '../../../shared/reports.js';
import type { TrackingRow } from './reports.repository.js';

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
  };
}

export const zeroCounts = (): StateCounts => ({ received: 0, onTime: 0, late: 0, inProgress: 0, overdue: 0 });

export function addCounts(into: StateCounts, row: StateCounts): StateCounts {
  into.received += row.received; into.onTime += row.onTime; into.late += row.late; into.inProgress += row.inProgress; into.overdue += row.overdue;
  return into;
}

export function namedRows(rows: (StateCounts & { key: string | null })[], names: Map<string, string>): HandlingReportRow[] {
  return rows.map(({ key, ...counts }) => ({ id: key, name: key ? names.get(key) ?? null : null, ...counts }));
}
