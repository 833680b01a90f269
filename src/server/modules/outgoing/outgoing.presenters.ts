import type { Selectable } from 'kysely';
import type {
  ApprovalStepsTable, AttachmentsTable, DocumentRecipientsTable, DocumentVersionsTable, DocumentsTable, EventsTable,
} from '../../db/schema.js';
import type { CurrentUser } from '../auth/current-user.js';
import type { presentAssignments } from '../assignments/assignments.presenters.js';
import { reference } from '../documents/documents.presenters.js';
import { outgoingActions } from './outgoing.policies.js';

// Routes return these shapes, never raw rows: camelCase, names resolved, the user's actions attached.

type Doc = Selectable<DocumentsTable>;

export function presentOutgoingListItem(doc: Doc) {
  return {
    id: doc.id,
    documentType: doc.document_type,
    summary: doc.summary,
    urgency: doc.urgency,
    secrecy: doc.secrecy,
    status: doc.status,
    number: doc.number,
    notation: doc.notation,
    reference: reference(doc.number, doc.notation),
    issuedOn: doc.issued_on,
    draftingUnitId: doc.drafting_unit_id,
    waitingSince: doc.submitted_at?.toISOString() ?? null,
    updatedAt: doc.updated_at.toISOString(),
  };
}

interface Names {
  user: Map<string, { fullName: string; position: string }>;
  unit: Map<string, string>;
  agency: Map<string, string>;
}

interface Parts {
  versions: Selectable<DocumentVersionsTable>[];
  attachments: Selectable<AttachmentsTable>[];
  recipients: Selectable<DocumentRecipientsTable>[];
  steps: Selectable<ApprovalStepsTable>[];
  events: Selectable<EventsTable>[];
  names: Names;
  now: Date;
  /** The work on the issued document inside the agency: one assignment per recipient, and what it was passed on to. */
  assignments: ReturnType<typeof presentAssignments>;
}

const person = (names: Names, id: string | null) => (id ? { id, fullName: names.user.get(id)?.fullName ?? '—', position: names.user.get(id)?.position ?? null } : null);

/** The state of the work delivered to recipient `r`, for the sender's list of recipients. */
function workOf(assignments: Parts['assignments'], r: Selectable<DocumentRecipientsTable>) {
  const a = assignments.find((x) => !x.parentId && (r.unit_id ? x.assignee.kind === 'unit' && x.assignee.id === r.unit_id : x.assignee.kind === 'user' && x.assignee.id === r.user_id));
  return a ? { status: a.status, completedAt: a.completedAt, result: a.result, returnReason: a.returnReason } : null;
}

export function presentOutgoing(user: CurrentUser, doc: Doc, parts: Parts) {
  const { names } = parts;
  const current = parts.steps.find((s) => s.status === 'current');
  return {
    ...presentOutgoingListItem(doc),
    signingForm: doc.signing_form,
    signer: person(names, doc.signer_id),
    drafter: person(names, doc.created_by),
    draftingUnit: doc.drafting_unit_id ? { id: doc.drafting_unit_id, name: names.unit.get(doc.drafting_unit_id) ?? '—' } : null,
    replyToId: doc.reply_to_id,
    approvedBy: person(names, doc.approved_by),
    approvedAt: doc.approved_at?.toISOString() ?? null,
    approvedVersion: doc.approved_version,
    issuedBy: person(names, doc.issued_by),
    issuedAt: doc.issued_at?.toISOString() ?? null,
    copies: doc.copies,
    returned: doc.status === 'returned' ? { by: person(names, doc.returned_by), at: doc.returned_at?.toISOString() ?? null, comment: doc.return_reason } : null,
    versions: parts.versions.map((v) => ({
      version: v.version, fileName: v.file_name, mimeType: v.mime_type, size: Number(v.size_bytes), note: v.note, createdBy: person(names, v.created_by), createdAt: v.created_at.toISOString(),
      // Whether the version can be read as PDF yet: 'none' (it is a PDF), pending/converting, done, failed or unavailable with the reason.
      pdf: { status: v.pdf_status, error: v.pdf_error },
      // Review comments are kept with the version they were about.
      comments: parts.steps.filter((s) => s.version === v.version && s.comment).map((s) => ({ by: person(names, s.holder_id), decision: s.status, comment: s.comment, at: s.acted_at?.toISOString() ?? null })),
    })),
    attachments: parts.attachments.map((a) => ({ id: a.id, fileName: a.file_name, mimeType: a.mime_type, size: Number(a.size_bytes) })),
    recipients: parts.recipients.map((r) => ({
      kind: r.kind,
      id: r.unit_id ?? r.user_id ?? r.agency_id,
      name: r.kind === 'unit' ? names.unit.get(r.unit_id!) : r.kind === 'user' ? names.user.get(r.user_id!)?.fullName : r.kind === 'agency' ? names.agency.get(r.agency_id!) : r.name,
      purpose: r.purpose,
      dueDate: r.due_date,
      deliveredAt: r.delivered_at?.toISOString() ?? null,
      // What became of it at the recipient: the state of the work delivered to them.
      work: workOf(parts.assignments, r),
    })),
    assignments: parts.assignments,
    // The chain as a timeline: done, current (and how long it has waited), still to come.
    steps: parts.steps.map((s) => ({
      id: s.id, round: s.round, position: s.position, kind: s.kind, holder: person(names, s.holder_id), status: s.status, comment: s.comment, version: s.version,
      forwarded: Boolean(s.forwarded_from), actedAt: s.acted_at?.toISOString() ?? null,
      waitingMinutes: s.status === 'current' && s.became_current_at ? Math.max(0, Math.round((parts.now.getTime() - s.became_current_at.getTime()) / 60_000)) : null,
    })),
    // `onBehalfOf`: the official in whose name a delegate acted ("B thay mặt A").
    events: parts.events.map((e) => ({ id: String(e.id), action: e.action, actor: person(names, e.actor_id), onBehalfOf: e.on_behalf_of_id ? person(names, e.on_behalf_of_id) : null, payload: e.payload, at: e.created_at.toISOString() })),
    actions: outgoingActions(user, doc, current),
  };
}
