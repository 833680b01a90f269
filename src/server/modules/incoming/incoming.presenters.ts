import type { DocumentAction } from '../../../shared/enums.js';
import { reference } from '../documents/documents.presenters.js';
import { type AssignmentDetailRow, type AssignmentViewer, presentAssignments } from '../assignments/assignments.presenters.js';

// Routes return these shapes, never raw rows: camelCase fields, names resolved, actions attached.

interface ListRow {
  id: string;
  direction?: string;
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


export function presentListItem(row: ListRow) {
  return {
    id: row.id,
    /** Incoming, or an outgoing document of this agency delivered inside it (opened at /outgoing/:id). */
    direction: row.direction === 'outgoing' ? ('outgoing' as const) : ('incoming' as const),
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
export function presentRegisterColumns(row: { recipient: string | null; acknowledged_at: Date | null; lead_name: string | null; return_reason: string | null; reply_reference: string | null }) {
  return {
    replyReference: row.reply_reference,
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
  assignments: AssignmentDetailRow[];
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
  work: AssignmentViewer;
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
    assignments: presentAssignments(input.assignments, input.work),
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
