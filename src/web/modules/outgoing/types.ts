import type { Assignment } from '../../api/types';
import type {
  ApprovalStepKind, AssignmentStatus, DocumentType, OutgoingAction, OutgoingStatus, Position, RecipientKind, Secrecy, SigningForm, Urgency,
} from '../../../shared/enums';

// The shapes of src/server/modules/outgoing/outgoing.presenters.ts and outgoing.consultations.ts.

export type OutgoingBox = 'review' | 'to_sign' | 'mine' | 'consult' | 'received' | 'to_issue' | 'issued';
export const OUTGOING_BOXES: OutgoingBox[] = ['review', 'to_sign', 'mine', 'consult', 'received', 'to_issue', 'issued'];

export interface OutgoingCounts { review: number; mine: number; consult: number; toIssue: number }

export interface OutgoingListItem {
  id: string;
  documentType: DocumentType;
  summary: string;
  urgency: Urgency;
  secrecy: Secrecy;
  status: OutgoingStatus;
  number: string | null;
  notation: string | null;
  reference: string;
  issuedOn: string | null;
  draftingUnitId: string | null;
  waitingSince: string | null;
  updatedAt: string;
  /** In the work lists: who drafted it, and whose review it waits for now. */
  drafterName?: string | null;
  waitingFor?: string | null;
}

/** A line of the outgoing register (sổ văn bản đi) with the Decree 30 columns. */
export interface OutgoingRegisterRow extends OutgoingListItem {
  signer: string | null;
  recipients: string[];
  fileCopyUnit: string | null;
  copies: number | null;
  sentAt: string | null;
}

export interface OutgoingPerson { id: string; fullName: string; position: string | null }

export type PdfStatus = 'none' | 'pending' | 'converting' | 'done' | 'failed' | 'unavailable';
export type StepStatus = 'waiting' | 'current' | 'approved' | 'returned' | 'forwarded' | 'cancelled';

export interface OutgoingVersion {
  version: number;
  fileName: string;
  mimeType: string;
  size: number;
  note: string | null;
  createdBy: OutgoingPerson | null;
  createdAt: string;
  pdf: { status: PdfStatus; error: string | null };
  comments: { by: OutgoingPerson | null; decision: StepStatus; comment: string; at: string | null }[];
}

export interface OutgoingStep {
  id: string;
  round: number;
  position: number;
  kind: ApprovalStepKind;
  holder: OutgoingPerson | null;
  status: StepStatus;
  comment: string | null;
  version: number | null;
  forwarded: boolean;
  actedAt: string | null;
  waitingMinutes: number | null;
}

export interface OutgoingRecipient {
  kind: RecipientKind;
  id: string | null;
  name: string | null;
  purpose: 'handle' | 'info';
  dueDate: string | null;
  deliveredAt: string | null;
  /** What became of it at the recipient: the state of the work delivered to them (null until issued, or for outside addresses). */
  work: { status: AssignmentStatus; completedAt: string | null; result: string | null; returnReason: string | null } | null;
}

export type Opinion = 'agree' | 'agree_with_comments' | 'disagree';

export interface ConsultationAnswer {
  id: string;
  kind: 'user' | 'unit';
  name: string | null;
  opinion: Opinion | null;
  comment: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  late: boolean;
  files: { id: string; fileName: string; mimeType: string; size: number }[];
}

export interface Consultation {
  id: string;
  question: string;
  dueDate: string;
  blocking: boolean;
  version: number;
  askedBy: string;
  askedAt: string;
  answers: ConsultationAnswer[];
}

export interface OutgoingEvent { id: string; action: string; actor: OutgoingPerson | null; onBehalfOf?: OutgoingPerson | null; payload: Record<string, unknown> | null; at: string }

/** A digital signature on the document: the signer's, then the agency's at issuance. */
export interface DocumentSignature { kind: 'signer' | 'agency'; signedAt: string; by: string; certificate: string; issuer: string }

/** A certificate the user may sign with (its key stays on the server, opened by its passphrase). */
export interface SigningCertificate { id: string; commonName: string; issuer: string; notBefore: string; notAfter: string; fingerprint: string; valid: boolean }

export interface OutgoingDetail extends OutgoingListItem {
  signatures?: DocumentSignature[];
  signingForm: SigningForm;
  signer: OutgoingPerson | null;
  drafter: OutgoingPerson | null;
  draftingUnit: { id: string; name: string } | null;
  replyToId: string | null;
  approvedBy: OutgoingPerson | null;
  approvedAt: string | null;
  approvedVersion: number | null;
  issuedBy: OutgoingPerson | null;
  issuedAt: string | null;
  copies: number | null;
  returned: { by: OutgoingPerson | null; at: string | null; comment: string | null } | null;
  versions: OutgoingVersion[];
  attachments: {
    id: string; fileName: string; mimeType: string; size: number;
    /** The agency's signature added at issuance (the download is then the signed PDF). */
    agencySignature?: { signedAt: string; size: number } | null;
    /** Why an attachment of a document issued with the agency's signature has none. */
    unsignedReason?: 'not_pdf' | 'unreadable' | null;
  }[];
  recipients: OutgoingRecipient[];
  steps: OutgoingStep[];
  events: OutgoingEvent[];
  consultations: Consultation[];
  answersWaitingForMe: string[];
  /** The work on the issued document inside the agency (each recipient's, and what they passed on). */
  assignments: Assignment[];
  actions: OutgoingAction[];
}

export interface NextNumber { number: string | number; notation: string; reference: string }

/** An outgoing document answering an incoming one (GET /api/incoming-documents/:id → replies). */
export interface OutgoingReply { id: string; status: OutgoingStatus; summary: string; reference: string | null; issuedOn: string | null }

export interface RecipientInput {
  kind: RecipientKind;
  unitId?: string;
  userId?: string;
  agencyId?: string;
  name?: string;
  purpose: 'handle' | 'info';
  dueDate?: string;
}

/** GET /api/outgoing-documents/:id/versions/compare: defined once in src/shared, built by the server. */
export type { ComparedVersion, DiffPart, VersionComparison } from '../../../shared/version-compare';

// Approval chains (src/server/modules/outgoing/outgoing.chains.ts).

/** GET/PUT /api/approval-chains: `documentType` null is the agency's default chain. */
export interface ApprovalChains {
  builtInSteps: ApprovalStepKind[];
  /** What a type without its own chain follows today. */
  defaultSteps: ApprovalStepKind[];
  items: { documentType: DocumentType | null; steps: ApprovalStepKind[]; updatedAt: string }[];
}

export interface ChainHolder { id: string; fullName: string; position: Position | null; unitName: string | null }

/** Whom a step names for one drafter, or why it is skipped. */
export type StepOutcome = 'reviews' | 'nobody' | 'drafter' | 'repeated';

/** GET /api/approval-chains/preview. `source` is null when the steps were given. */
export interface ChainPreview {
  source: 'type' | 'default' | 'builtin' | null;
  configured: { kind: ApprovalStepKind; outcome: StepOutcome; holder: ChainHolder | null }[];
  steps: { kind: ApprovalStepKind; holder: ChainHolder }[];
}
