import type { AssignmentAction, DocumentAction } from '../../../shared/enums.js';
import type { AssignmentFacts, AssignmentLink } from './incoming.policies.js';

// Routes return these shapes, never raw rows: camelCase fields, names resolved, actions attached.

interface ListRow {
  id: string;
  arrival_number: number | null;
  received_on: string | null;
  issuer: string;
  issuer_id?: string | null;
  number: string | null;
  notation: string | null;
  issued_on?: string | null;
  document_type?: string;
  summary: string;
  urgency?: string;
  secrecy?: string;
  due_date?: string | null;
  status?: string;
}

/** "123/QĐ-UBND", as a reference is written on the document. */
export function reference(number: string | null, notation: string | null): string {
  return [number, notation].filter(Boolean).join('/');
}

export function presentListItem(row: ListRow) {
  return {
    id: row.id,
    arrivalNumber: row.arrival_number,
    receivedOn: row.received_on,
    issuer: row.issuer,
    issuerId: row.issuer_id ?? null,
    number: row.number,
    notation: row.notation,
    reference: reference(row.number, row.notation),
    issuedOn: row.issued_on ?? null,
    documentType: row.document_type ?? null,
    summary: row.summary,
    urgency: row.urgency ?? null,
    secrecy: row.secrecy ?? null,
    dueDate: row.due_date ?? null,
    status: row.status ?? null,
  };
}

/** The incoming register's columns beyond a list item's (see the repository's `registerColumns`). */
export function presentRegisterColumns(row: { recipient: string | null; acknowledged_at: Date | null; lead_name: string | null; return_reason: string | null }) {
  return {
    recipient: row.recipient,
    acknowledgedAt: row.acknowledged_at ? new Date(row.acknowledged_at).toISOString() : null,
    lead: row.lead_name,
    note: row.return_reason,
  };
}

interface DetailInput {
  doc: ListRow & {
    page_count: number | null;
    signer: string | null;
    submitted_to: string | null;
    submitted_at: Date | null;
    return_reason: string | null;
    returned_by: string | null;
    returned_at: Date | null;
    created_by: string;
    created_at: Date;
    completed_at: Date | null;
  };
  attachments: { id: string; file_name: string; mime_type: string; size_bytes: number }[];
  assignments: (AssignmentLink & {
    id: string;
    sent_back_by: string | null;
    sent_back_by_name: string | null;
    sent_back_at: Date | null;
    sent_back_reason: string | null;
    confirmed_by: string | null;
    confirmed_by_name: string | null;
    confirmed_at: Date | null;
    parent_id: string | null;
    assigned_by_name: string;
    assignee_user_name: string | null;
    assignee_position: string | null;
    assignee_unit_name: string | null;
    direction: string | null;
    due_date: string | null;
    result: string | null;
    return_reason: string | null;
    created_at: Date;
    completed_at: Date | null;
  })[];
  events: {
    id: number;
    action: string;
    payload: Record<string, unknown>;
    created_at: Date;
    assignment_id: string | null;
    actor_id: string | null;
    actor_name: string | null;
    actor_position: string | null;
    on_behalf_of_name: string | null;
  }[];
  views: { id: number; viewed_at: Date; attachment_id: string | null; file_name: string | null; user_id: string; full_name: string; position: string }[];
  userNames: Map<string, string>;
  canOpenFiles: boolean;
  documentActions: DocumentAction[];
  assignmentActions: (a: DetailInput['assignments'][number]) => AssignmentAction[];
  holds: (a: AssignmentFacts) => boolean;
  today: string;
}

export function presentDocumentDetail(input: DetailInput) {
  const { doc } = input;
  const person = (id: string | null) => (id ? { id, fullName: input.userNames.get(id) ?? '' } : null);
  return {
    ...presentListItem(doc),
    pageCount: doc.page_count,
    signer: doc.signer,
    submittedTo: person(doc.submitted_to),
    submittedAt: doc.submitted_at,
    returnReason: doc.return_reason,
    /** Who sent the document back to where it is now (to the clerk, or a lead back to the leader), when. */
    returned: doc.returned_at ? { by: person(doc.returned_by), at: doc.returned_at, reason: doc.return_reason } : null,
    createdBy: person(doc.created_by),
    createdAt: doc.created_at,
    completedAt: doc.completed_at,
    filesRestricted: !input.canOpenFiles,
    attachments: input.attachments.map((a) => ({ id: a.id, fileName: a.file_name, mimeType: a.mime_type, sizeBytes: a.size_bytes, canOpen: input.canOpenFiles })),
    assignments: input.assignments.map((a) => ({
      id: a.id,
      parentId: a.parent_id,
      role: a.role,
      assignee: a.assignee_user_id
        ? { kind: 'user' as const, id: a.assignee_user_id, name: a.assignee_user_name ?? '', position: a.assignee_position }
        : { kind: 'unit' as const, id: a.assignee_unit_id!, name: a.assignee_unit_name ?? '', position: null },
      assignedBy: { id: a.assigned_by, fullName: a.assigned_by_name },
      direction: a.direction,
      dueDate: a.due_date,
      overdue: Boolean(a.due_date && a.due_date < input.today && (a.status === 'pending' || a.status === 'in_progress')),
      status: a.status,
      result: a.result,
      returnReason: a.return_reason,
      /** The work came back to this holder: returned to them, or their result refused. */
      sentBack: a.sent_back_at ? { by: { id: a.sent_back_by!, fullName: a.sent_back_by_name ?? '' }, at: a.sent_back_at, reason: a.sent_back_reason } : null,
      confirmedBy: a.confirmed_by ? { id: a.confirmed_by, fullName: a.confirmed_by_name ?? '' } : null,
      confirmedAt: a.confirmed_at,
      createdAt: a.created_at,
      completedAt: a.completed_at,
      mine: input.holds(a),
      actions: input.assignmentActions(a),
    })),
    events: input.events.map((e) => ({
      id: e.id,
      action: e.action,
      assignmentId: e.assignment_id,
      actor: e.actor_id ? { id: e.actor_id, fullName: e.actor_name ?? '', position: e.actor_position } : null,
      onBehalfOf: e.on_behalf_of_name,
      payload: e.payload,
      createdAt: e.created_at,
    })),
    /** The access log: who opened which file, newest first. */
    views: input.views.map((v) => ({
      id: v.id,
      at: v.viewed_at,
      attachmentId: v.attachment_id,
      fileName: v.file_name,
      user: { id: v.user_id, fullName: v.full_name, position: v.position },
    })),
    actions: input.documentActions,
  };
}
