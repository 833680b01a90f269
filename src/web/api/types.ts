import type { DelegationScope } from '../../shared/delegation';
import type {
  AssignmentAction, AssignmentRole, AssignmentStatus, CompletionConfirmation, DocumentAction, DocumentStatus, DocumentType, InboxBox, Position, Role,
  Secrecy, Urgency,
} from '../../shared/enums';

// The shapes the server's presenters return (src/server/modules/*/…presenters / repositories).

export interface Me {
  id: string;
  agencyId: string;
  unitId: string | null;
  username: string;
  fullName: string;
  position: Position;
  roles: Role[];
  /** Signed in with a one-time password: only the change-password screen until it is changed. */
  mustChangePassword?: boolean;
  /** Whose work I may do now by delegation (ủy quyền), within which scopes. */
  actsFor?: { delegationId: string; delegatorId: string; delegatorName: string; scopes: DelegationScope[] }[];
}

export interface Agency { id: string; name: string; shortName: string | null; organId: string | null; completionConfirmation: CompletionConfirmation }

export interface Unit {
  id: string;
  name: string;
  shortName: string | null;
  parentId: string | null;
  sortOrder: number;
  active: boolean;
  /** null: the agency's rule. */
  completionConfirmation: CompletionConfirmation | null;
  /** Lãnh đạo phụ trách: the agency leader in charge of the unit. */
  supervisorId: string | null;
  supervisorName: string | null;
}

export interface User {
  id: string;
  username: string;
  fullName: string;
  email: string | null;
  phone: string | null;
  position: Position;
  roles: Role[];
  unitId: string | null;
  active: boolean;
}

export interface PersonRef { id: string; fullName: string; username: string }

/** One grant of roles (GET /api/org/role-changes): `from` is null for a new account, `actor` for the system. */
export interface RoleChange {
  id: number;
  at: string;
  kind: 'created' | 'changed';
  actor: PersonRef | null;
  user: PersonRef | null;
  from: Role[] | null;
  to: Role[];
}

export interface Page<T> { items: T[]; total: number; page: number; pageSize: number; /** more rows than `total`, the server's counting cap */ totalCapped?: boolean }

export interface DocumentListItem {
  id: string;
  /** 'outgoing' for a document of this agency delivered inside it: it opens at /outgoing/:id. */
  direction: 'incoming' | 'outgoing';
  arrivalNumber: number | null;
  receivedOn: string | null;
  issuer: string;
  number: string | null;
  notation: string | null;
  reference: string;
  issuedOn: string | null;
  documentType: DocumentType | null;
  summary: string;
  urgency: Urgency | null;
  secrecy: Secrecy | null;
  dueDate: string | null;
  /** DocumentStatus for an incoming document, OutgoingStatus ('issued') for a delivered one. */
  status: DocumentStatus | 'issued' | null;
}

/** A row of the incoming register: a list item and the register's own columns (Decree 30). */
export interface RegisterItem extends DocumentListItem {
  /** Whom the clerk passed it to (the leader it was submitted to). */
  recipient: string | null;
  /** When that person first opened it: the electronic "ký nhận". */
  acknowledgedAt: string | null;
  /** Who leads its handling. */
  lead: string | null;
  /** Why it was returned, if it was. */
  note: string | null;
  /** "Số, ký hiệu VB trả lời": the issued replies named when its work was completed. */
  replyReference: string | null;
}

export interface InboxItem extends DocumentListItem {
  myDueDate: string | null;
  overdue: boolean;
  /** The work came back to me (returned, or my result refused). */
  returned: boolean;
  /** A result waits for my confirmation. */
  toConfirm: boolean;
  /** A delegate acted on it in my name (delegation). */
  byDelegate?: boolean;
}

export type InboxCounts = Record<Exclude<InboxBox, 'done'>, number>;

export interface Attachment { id: string; fileName: string; mimeType: string; sizeBytes: number; canOpen: boolean }

export interface Assignment {
  id: string;
  parentId: string | null;
  role: AssignmentRole;
  assignee: { kind: 'user' | 'unit'; id: string; name: string; position: Position | null };
  assignedBy: { id: string; fullName: string };
  direction: string | null;
  dueDate: string | null;
  overdue: boolean;
  status: AssignmentStatus;
  result: string | null;
  returnReason: string | null;
  sentBack: { by: { id: string; fullName: string }; at: string; reason: string | null } | null;
  confirmedBy: { id: string; fullName: string } | null;
  confirmedAt: string | null;
  createdAt: string;
  completedAt: string | null;
  /** The issued reply named when the work was completed. */
  reply: { id: string; reference: string } | null;
  mine: boolean;
  actions: AssignmentAction[];
}

export interface AssigneeSummary { assignmentId?: string; role: AssignmentRole; kind: 'user' | 'unit'; name: string; dueDate: string | null }

export interface DocumentEvent {
  id: number;
  action: string;
  assignmentId: string | null;
  actor: { id: string; fullName: string; position: Position | null } | null;
  onBehalfOf: string | null;
  payload: Record<string, unknown> | null;
  createdAt: string;
}

/** One line of the access log: who opened which file, when. */
export interface DocumentView {
  id: number;
  at: string;
  attachmentId: string | null;
  fileName: string | null;
  user: { id: string; fullName: string; position: Position | null };
}

export interface DocumentDetail extends DocumentListItem {
  /** Received through the exchange from another agency of the deployment (null otherwise). */
  receivedThrough?: import('../../shared/exchange').ReceivedThrough | null;
  /** The directory entry the issuer was picked from; null for an issuer typed freely. */
  issuerId?: string | null;
  pageCount: number | null;
  signer: string | null;
  submittedTo: { id: string; fullName: string } | null;
  submittedAt: string | null;
  returnReason: string | null;
  returned: { by: { id: string; fullName: string } | null; at: string; reason: string | null } | null;
  createdBy: { id: string; fullName: string } | null;
  createdAt: string;
  completedAt: string | null;
  filesRestricted: boolean;
  attachments: Attachment[];
  assignments: Assignment[];
  events: DocumentEvent[];
  views: DocumentView[];
  actions: DocumentAction[];
}

export interface AssigneeInput { role: AssignmentRole; userId?: string; unitId?: string; dueDate?: string }
export interface AssignBody { direction: string; assignments: AssigneeInput[] }

/** PATCH /api/incoming-documents/:id: only the fields that change; '' clears a text, null a page count or due date. */
export interface DocumentEdit {
  issuer?: string;
  /** Sent with a changed issuer: its directory entry, or null for free text. */
  issuerId?: string | null;
  number?: string;
  notation?: string;
  issuedOn?: string;
  documentType?: DocumentType;
  summary?: string;
  signer?: string;
  urgency?: Urgency;
  secrecy?: Secrecy;
  pageCount?: number | null;
  dueDate?: string | null;
}

/** An entry of the agency directory (GET /api/directory). */
export interface DirectoryEntry {
  id: string;
  name: string;
  shortName: string | null;
  /** QCVN 102 OrganId, e.g. 000.00.00.H17. */
  organId: string | null;
  active: boolean;
}
