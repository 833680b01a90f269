// Exchange between the agencies of one deployment: the receiver's state of each delivery and the
// recall, with their edXML status codes (QCVN 102:2016, DOMAIN.md 3.4), shared by server and web.

export const DELIVERY_STATES = ['arrived', 'rejected', 'registered', 'assigned', 'in_progress', 'completed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const RECALL_STATES = ['requested', 'agreed', 'refused'] as const;
export type RecallState = (typeof RECALL_STATES)[number];

/** The edXML StatusCode of each state, 1:1 (a status package carries exactly one). */
export const DELIVERY_STATUS_CODES: Record<DeliveryState, string> = {
  arrived: '01', rejected: '02', registered: '03', assigned: '04', in_progress: '05', completed: '06',
};
export const RECALL_STATUS_CODES: Record<RecallState, string> = { requested: '13', agreed: '15', refused: '16' };

/** How far the receiver's work has gone (states only move forward; a rejection ends it). */
export const DELIVERY_STATE_RANK: Record<DeliveryState, number> = {
  arrived: 1, rejected: 2, registered: 3, assigned: 4, in_progress: 5, completed: 6,
};

export const REJECT_REASONS = ['misaddressed', 'invalid_signature', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** BussinessDocType: 0 new, 3 replacement (1 recall travels as status 13 on the delivery). */
export type DeliveryBusiness = 'new' | 'replacement';

export type ReceiverAction = 'accept' | 'reject' | 'answer_recall';

export interface ExchangeFile {
  /** `main` (the signed document) or the sender's attachment id. */
  id: string;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
}

export interface ExchangeDocumentRef {
  id: string;
  reference: string;
  summary: string;
  issuedOn: string | null;
}

/** One item of the receiving clerk's queue ("Văn bản điện tử đến"). */
export interface ReceivedItem {
  id: string;
  senderAgency: string;
  reference: string;
  number: string | null;
  notation: string | null;
  issuedOn: string | null;
  documentType: string;
  summary: string;
  signer: string | null;
  urgency: string;
  business: DeliveryBusiness;
  state: DeliveryState;
  recall: RecallState | null;
  sentAt: string;
  /** Imported by hand from an .edxml file (not delivered by the system). */
  imported: boolean;
  /** The check of an imported package's envelope signature (null when delivered by the system). */
  envelopeSignature: EnvelopeSignatureCheck | null;
}

export interface ReceivedItemDetail extends ReceivedItem {
  files: ExchangeFile[];
  rejectReason: RejectReason | null;
  rejectNote: string | null;
  recallReason: string | null;
  recallNote: string | null;
  incomingDocumentId: string | null;
  arrivalNumber: number | null;
  /** The document this one replaces, and where this agency registered it (if it did). */
  replaces: (ExchangeDocumentRef & { incomingDocumentId: string | null }) | null;
  actions: ReceiverAction[];
}

export interface StatusEntry {
  code: string;
  description: string | null;
  at: string;
  agency: string;
  actor: string | null;
  /** For a receiver in another deployment: how sending this package to it went (null inside the deployment). */
  transmission: { state: 'pending' | 'failing' | 'sent'; attempts: number; error: string | null; at: string | null } | null;
}

/** One receiver of a sent document, as its sender sees it. */
export interface ReceiverState {
  deliveryId: string | null;
  agencyId: string;
  agency: string;
  /** `not_sent`: a recipient the exchange did not deliver to (a secret document never leaves). */
  state: DeliveryState | 'not_sent';
  code: string | null;
  arrivalNumber: number | null;
  rejectReason: RejectReason | null;
  rejectNote: string | null;
  recall: RecallState | null;
  recallReason: string | null;
  recallNote: string | null;
  sentAt: string | null;
  updatedAt: string | null;
  history: StatusEntry[];
}

export interface SentDocumentExchange {
  documentId: string;
  receivers: ReceiverState[];
  replaces: ExchangeDocumentRef | null;
  replacedBy: ExchangeDocumentRef[];
  canRecall: boolean;
}

/** A line of "Theo dõi văn bản đã gửi": a document and how many receivers stand at each state. */
export interface SentListItem {
  id: string;
  reference: string;
  summary: string;
  issuedOn: string | null;
  receivers: number;
  counts: Partial<Record<DeliveryState, number>>;
  recall: Partial<Record<RecallState, number>>;
}

/** On an incoming document's page: it came through the exchange, from whom, and any recall. */
export interface ReceivedThrough { deliveryId: string; senderAgency: string; recall: RecallState | null; recallReason: string | null }

/**
 * Pushed over the notifications stream (`exchange` event) when a delivery changes state: the
 * receiving clerk's queue (`received`) or the sender's receivers and tracking list (`sent`) refetch.
 */
export type ExchangeChange = { side: 'received'; deliveryId: string } | { side: 'sent'; deliveryId: string; documentId: string };

/** The check of an imported package's envelope signature (XMLDSig), kept with its delivery. */
export interface EnvelopeSignatureCheck {
  present: boolean;
  /** The signature value and every digest match: the package is as signed. */
  valid: boolean;
  /** It covers the whole package (Reference URI=""). */
  coversPackage: boolean;
  /** The signer's certificate chains to a root the receiving agency trusts, and is valid now. */
  trusted: boolean;
  signer: { subject: string; issuer: string; serialNumber: string; validFrom: string; validTo: string; fingerprint256: string } | null;
  failure: string | null;
}
