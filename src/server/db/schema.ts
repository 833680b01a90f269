import type { ColumnType, Generated } from 'kysely';
import type { EnvelopeSignatureCheck } from '../../shared/exchange.js';

// Table types for Kysely. Dates (`date`) come back as 'YYYY-MM-DD' strings, timestamps as Date.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface AgenciesTable {
  id: Generated<string>;
  parent_id: string | null;
  organ_id: string | null;
  name: string;
  short_name: string;
  created_at: CreatedAt;
  completion_confirmation: Generated<'required' | 'automatic'>;
  place_name: string | null;
  /** Working days before a due date its holders are reminded (0019). */
  reminder_lead_days: Generated<number>;
  /** Set for an agency of another deployment, reached through this peer. */
  peer_id: Generated<string | null>;
  /** Case files numbered across the whole plan or within each top-level heading (0027). */
  record_numbering: Generated<'plan' | 'heading'>;
}

export interface UnitsTable {
  id: Generated<string>;
  agency_id: string;
  parent_id: string | null;
  name: string;
  short_name: string | null;
  sort_order: Generated<number>;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  completion_confirmation: 'required' | 'automatic' | null;
  supervisor_id: string | null;
}

export interface UsersTable {
  id: Generated<string>;
  agency_id: string;
  unit_id: string | null;
  username: string;
  full_name: string;
  email: string | null;
  phone: string | null;
  position: string;
  roles: string[];
  password_hash: string;
  must_change_password: Generated<boolean>;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  username: string;
  ip: string;
  /** 'pending' while the password is being checked; pending attempts count against the limits. */
  outcome: 'pending' | 'failed' | 'succeeded';
  device_id: string | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface TrustedDevicesTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  user_agent: string | null;
  created_at: CreatedAt;
  last_used_at: Timestamp;
  expires_at: Date;
}

export interface RegistersTable {
  id: Generated<string>;
  agency_id: string;
  kind: 'incoming' | 'outgoing' | 'internal' | 'secret' | 'copy';
  year: number;
  name: string;
  next_number: Generated<number>;
  created_at: CreatedAt;
}

export interface DocumentsTable {
  id: Generated<string>;
  agency_id: string;
  direction: 'incoming' | 'outgoing' | 'internal';
  register_id: string | null;
  arrival_number: number | null;
  received_on: string | null;
  issuer: string;
  issuer_id: string | null;
  number: string | null;
  notation: string | null;
  issued_on: string | null;
  document_type: string;
  summary: string;
  signer: string | null;
  urgency: string;
  urgency_rank: ColumnType<number, never, never>;
  secrecy: string;
  page_count: number | null;
  due_date: string | null;
  status: string;
  submitted_to: string | null;
  submitted_at: Date | null;
  return_reason: string | null;
  returned_by: string | null;
  returned_at: Date | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
  completed_at: Date | null;
  drafting_unit_id: string | null;
  signer_id: string | null;
  signing_form: string | null;
  reply_to_id: string | null;
  approved_by: string | null;
  approved_at: Date | null;
  approved_version: number | null;
  issue_number: number | null;
  issued_by: string | null;
  issued_at: Date | null;
  copies: number | null;
  /** An outgoing document issued to replace an earlier one (0022). */
  replaces_id: Generated<string | null>;
  /** An incoming document received through the exchange: the sender's document (0022). */
  sent_document_id: Generated<string | null>;
  edxml_document_id: Generated<string | null>;
}

export interface AttachmentsTable {
  id: Generated<string>;
  document_id: string;
  file_hash: string;
  file_name: string;
  mime_type: string;
  size_bytes: number;
  created_by: string;
  created_at: CreatedAt;
  removed_at: Generated<Date | null>;
  removed_by: Generated<string | null>;
}

export interface AssignmentsTable {
  id: Generated<string>;
  seq: ColumnType<number, never, never>;
  document_id: string;
  agency_id: string;
  parent_id: string | null;
  role: string;
  assignee_user_id: string | null;
  assignee_unit_id: string | null;
  assigned_by: string;
  direction: string | null;
  due_date: string | null;
  status: Generated<string>;
  result: string | null;
  return_reason: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  completed_at: Date | null;
  completed_by: string | null;
  confirmed_by: string | null;
  confirmed_at: Date | null;
  confirm_by: string | null;
  sent_back_by: string | null;
  sent_back_at: Date | null;
  sent_back_reason: string | null;
  reply_document_id: Generated<string | null>;
}

export interface EventsTable {
  id: Generated<number>;
  agency_id: string;
  document_id: string | null;
  assignment_id: string | null;
  actor_id: string | null;
  on_behalf_of_id: string | null;
  action: string;
  payload: ColumnType<Record<string, unknown>, string, never>;
  ip: string | null;
  user_agent: string | null;
  created_at: ColumnType<Date, string, never>;
  prev_hash: string | null;
  hash: string;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: CreatedAt;
}

export interface MaintenanceLeasesTable {
  name: string;
  holder: string | null;
  expires_at: Timestamp;
}

export interface DocumentVersionsTable {
  id: Generated<string>;
  document_id: string;
  version: number;
  file_hash: string;
  file_name: string;
  mime_type: string;
  size_bytes: number;
  note: string | null;
  created_by: string;
  created_at: CreatedAt;
  pdf_status: Generated<'none' | 'pending' | 'converting' | 'done' | 'failed' | 'unavailable'>;
  pdf_hash: string | null;
  pdf_error: string | null;
  pdf_attempted_at: Date | null;
}

export interface DocumentRecipientsTable {
  id: Generated<string>;
  document_id: string;
  kind: 'unit' | 'user' | 'agency' | 'external';
  unit_id: string | null;
  user_id: string | null;
  agency_id: string | null;
  name: string | null;
  purpose: 'handle' | 'info';
  due_date: string | null;
  delivered_at: Date | null;
  sort_order: Generated<number>;
}

export interface ApprovalChainsTable {
  id: Generated<string>;
  agency_id: string;
  document_type: string | null;
  steps: ColumnType<unknown, string, string>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface ApprovalStepsTable {
  id: Generated<string>;
  seq: ColumnType<number, never, never>;
  document_id: string;
  agency_id: string;
  round: number;
  position: number;
  kind: string;
  holder_id: string;
  status: 'waiting' | 'current' | 'approved' | 'returned' | 'forwarded' | 'cancelled';
  comment: string | null;
  version: number | null;
  forwarded_from: string | null;
  became_current_at: Date | null;
  acted_at: Date | null;
  created_at: CreatedAt;
}

export interface ConsultationsTable {
  id: Generated<string>;
  document_id: string;
  agency_id: string;
  asked_by: string;
  question: string;
  due_date: string;
  blocking: Generated<boolean>;
  version: number;
  created_at: CreatedAt;
}

export interface ConsultationAnswersTable {
  id: Generated<string>;
  consultation_id: string;
  document_id: string;
  unit_id: string | null;
  user_id: string | null;
  opinion: 'agree' | 'agree_with_comments' | 'disagree' | null;
  comment: string | null;
  answered_by: string | null;
  answered_at: Date | null;
}

export interface ConsultationFilesTable {
  id: Generated<string>;
  answer_id: string;
  file_hash: string;
  file_name: string;
  mime_type: string;
  size_bytes: number;
}

export interface DocumentViewsTable {
  id: Generated<number>;
  agency_id: string;
  document_id: string;
  attachment_id: string | null;
  user_id: string;
  viewed_at: CreatedAt;
  ip: string | null;
  user_agent: string | null;
}

export interface DirectoryEntriesTable {
  id: Generated<string>;
  name: string;
  short_name: string | null;
  organ_id: string | null;
  search_key: string;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TrustedRootsTable {
  id: Generated<string>;
  agency_id: string;
  subject: string;
  issuer: string;
  /** Lower-case hex, no colons. */
  fingerprint_sha256: string;
  not_before: Date;
  not_after: Date;
  pem: string;
  created_by: string;
  created_at: CreatedAt;
}

export interface ExchangePeersTable {
  id: Generated<string>;
  name: string;
  base_url: string;
  inbound_key: string;
  outbound_key: string;
  /** In clear only in rows written before 0026; the server seals them at start. */
  secret: string | null;
  /** The shared secret sealed by the key vault (0026). */
  secret_sealed: Buffer | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface Database {
  exchange_peers: ExchangePeersTable;
  agencies: AgenciesTable;
  units: UnitsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  trusted_devices: TrustedDevicesTable;
  registers: RegistersTable;
  documents: DocumentsTable;
  attachments: AttachmentsTable;
  assignments: AssignmentsTable;
  events: EventsTable;
  document_views: DocumentViewsTable;
  document_versions: DocumentVersionsTable;
  document_recipients: DocumentRecipientsTable;
  approval_chains: ApprovalChainsTable;
  approval_steps: ApprovalStepsTable;
  consultations: ConsultationsTable;
  consultation_answers: ConsultationAnswersTable;
  consultation_files: ConsultationFilesTable;
  directory_entries: DirectoryEntriesTable;
  trusted_roots: TrustedRootsTable;
  maintenance_leases: MaintenanceLeasesTable;
  schema_migrations: SchemaMigrationsTable;
  signing_certificates: SigningCertificatesTable;
  signature_images: SignatureImagesTable;
  document_signatures: DocumentSignaturesTable;
  document_copies: DocumentCopiesTable;
  attachment_signatures: AttachmentSignaturesTable;
  file_texts: FileTextsTable;
  calendar_days: CalendarDaysTable;
  due_date_rules: DueDateRulesTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  notification_digests: NotificationDigestsTable;
  assignment_reminders: AssignmentRemindersTable;
  prefill_uploads: PrefillUploadsTable;
  document_search: DocumentSearchTable;
  saved_searches: SavedSearchesTable;
  external_signing_sessions: ExternalSigningSessionsTable;
  exchange_deliveries: ExchangeDeliveriesTable;
  exchange_statuses: ExchangeStatusesTable;
  delegations: DelegationsTable;
  record_plans: RecordPlansTable;
  record_headings: RecordHeadingsTable;
  record_plan_entries: RecordPlanEntriesTable;
  record_plan_revisions: RecordPlanRevisionsTable;
  case_files: CaseFilesTable;
  case_file_documents: CaseFileDocumentsTable;
  case_file_shares: CaseFileSharesTable;
  case_file_accesses: CaseFileAccessesTable;
  personal_events: PersonalEventsTable;
  personal_event_reminders: PersonalEventRemindersTable;
  calendar_feed_tokens: CalendarFeedTokensTable;
  work_schedules: WorkSchedulesTable;
  work_schedule_entries: WorkScheduleEntriesTable;
  work_schedule_versions: WorkScheduleVersionsTable;
  meeting_rooms: MeetingRoomsTable;
  meetings: MeetingsTable;
  meeting_units: MeetingUnitsTable;
  meeting_participants: MeetingParticipantsTable;
  meeting_documents: MeetingDocumentsTable;
  meeting_files: MeetingFilesTable;
  meeting_conclusions: MeetingConclusionsTable;
  meeting_events: MeetingEventsTable;
  conversations: ConversationsTable;
  conversation_members: ConversationMembersTable;
  messages: MessagesTable;
  message_files: MessageFilesTable;
  surveys: SurveysTable;
  survey_recipients: SurveyRecipientsTable;
  survey_respondents: SurveyRespondentsTable;
  survey_responses: SurveyResponsesTable;
  tasks: TasksTable;
  task_assignees: TaskAssigneesTable;
  task_checklist_items: TaskChecklistItemsTable;
  task_files: TaskFilesTable;
  task_events: TaskEventsTable;
  task_reminders: TaskRemindersTable;
  record_deposits: RecordDepositsTable;
  record_retention_decisions: RecordRetentionDecisionsTable;
  document_printouts: DocumentPrintoutsTable;
  history_chain_breaks: HistoryChainBreaksTable;
  file_scans: FileScansTable;
}

/** The file plan (danh mục hồ sơ) of an agency for a year (0027). */
export interface RecordPlansTable {
  id: Generated<string>;
  agency_id: string;
  year: number;
  status: Generated<'draft' | 'approved'>;
  version: Generated<number>;
  created_by: string;
  created_at: CreatedAt;
  approved_by: string | null;
  approved_at: Date | null;
}

export interface RecordHeadingsTable {
  id: Generated<string>;
  plan_id: string;
  parent_id: string | null;
  position: number;
  code: string;
  title: string;
  created_at: CreatedAt;
}

export interface RecordPlanEntriesTable {
  id: Generated<string>;
  plan_id: string;
  heading_id: string;
  top_heading_id: string;
  number: number;
  notation: string | null;
  title: string;
  retention: string;
  access_regime: string;
  keeper_unit_id: string | null;
  keeper_user_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface RecordPlanRevisionsTable {
  id: ColumnType<string, never, never>;
  plan_id: string;
  version: number;
  action: string;
  subject_id: string | null;
  before: ColumnType<unknown, string | null, string | null>;
  after: ColumnType<unknown, string | null, string | null>;
  changed_by: string;
  changed_at: CreatedAt;
}

/** A case file (hồ sơ) kept by an official (0027). */
export interface CaseFilesTable {
  id: Generated<string>;
  agency_id: string;
  plan_entry_id: string | null;
  year: number;
  code: string;
  title: string;
  retention: string;
  access_regime: string;
  language: Generated<string>;
  keywords: string | null;
  description: string | null;
  start_date: ColumnType<string | null, string | null | undefined, string | null>;
  end_date: ColumnType<string | null, string | null | undefined, string | null>;
  page_total: number | null;
  reliability: string | null;
  keeper_id: string;
  keeper_unit_id: string | null;
  status: Generated<'open' | 'closed' | 'deposited' | 'destroyed'>;
  closed_at: Date | null;
  closed_by: string | null;
  next_ordinal: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  /** 0033: the deposit into the agency archive, retention and destruction. */
  deposit_id: Generated<string | null>;
  deposited_on: ColumnType<string | null, string | null | undefined, string | null>;
  retain_until: ColumnType<string | null, string | null | undefined, string | null>;
  destroyed_at: Generated<Date | null>;
  /** 0035: when the keeper and the office were told the file is due for deposit within 30 days. */
  deposit_notice_sent_at: Generated<Date | null>;
  /** 0036: an unplanned file (plan_entry_id NULL) added into the plan by the office: when and by whom. */
  planned_at: Generated<Date | null>;
  planned_by: Generated<string | null>;
}

/** A read of a case file's page (0036), for the statistics of accesses. */
export interface CaseFileAccessesTable {
  id: Generated<number>;
  agency_id: string;
  case_file_id: string;
  user_id: string;
  accessed_at: CreatedAt;
}

export interface CaseFileDocumentsTable {
  case_file_id: string;
  document_id: string;
  ordinal: number;
  added_by: string;
  added_at: CreatedAt;
}

export interface CaseFileSharesTable {
  case_file_id: string;
  user_id: string;
  granted_by: string;
  granted_at: CreatedAt;
}

/** A leader's delegation (ủy quyền) to another official of the agency for a period and scope (0020). */
export interface DelegationsTable {
  id: Generated<string>;
  agency_id: string;
  delegator_id: string;
  delegate_id: string;
  scopes: string[];
  starts_at: Timestamp;
  ends_at: Timestamp;
  note: string | null;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

/** The text read from a stored file, by its content hash (0016). */
export interface FileTextsTable {
  file_hash: string;
  mime_type: string;
  status: Generated<'waiting' | 'reading' | 'done' | 'failed' | 'needs_ocr' | 'unsupported'>;
  method: 'pdf_text' | 'docx' | 'xlsx' | 'ocr' | null;
  page_count: number | null;
  text: string | null;
  truncated: Generated<boolean>;
  error: string | null;
  created_at: CreatedAt;
  extracted_at: Date | null;
  /** OCR only (0018): which engine read it, and the searchable PDF/A copy ocrmypdf made. */
  ocr_engine: 'tesseract' | 'tesseract.js' | null;
  searchable_pdf_hash: string | null;
  /** Scans: the lowest image resolution found and whether any image is in colour (DOMAIN.md 1.7). */
  scan_dpi: number | null;
  scan_colour: boolean | null;
  /** The text as read, kept once a person corrects `text`. */
  machine_text: string | null;
  corrected_at: Date | null;
  corrected_by: string | null;
}

/** A file dropped on the registration form, before registration, for pre-fill (0018). */
export interface PrefillUploadsTable {
  file_hash: string;
  user_id: string;
  agency_id: string;
  mime_type: string;
  created_at: CreatedAt;
}

export interface SigningCertificatesTable {
  id: Generated<string>;
  agency_id: string;
  user_id: string | null;
  purpose: 'personal' | 'agency';
  subject: string;
  common_name: string;
  issuer: string;
  serial: string;
  not_before: Date;
  not_after: Date;
  fingerprint: string;
  /** The subject of the root the PKCS#12 file chained to (migration 0014), when the file held it. */
  root_subject: string | null;
  /** The PKCS#12 file, encrypted; null for a certificate whose key is held outside (token, remote service). */
  encrypted_p12: Uint8Array | null;
  key_held: Generated<'server' | 'external'>;
  /** The certificate (DER) of a key held outside. */
  certificate_der: Uint8Array | null;
  uploaded_by: string | null;
  created_at: Generated<Date>;
}

export interface SignatureImagesTable {
  id: Generated<string>;
  agency_id: string;
  user_id: string | null;
  kind: 'signature' | 'seal';
  png: Uint8Array;
  width: number;
  height: number;
  uploaded_by: string | null;
  created_at: Generated<Date>;
}

export interface DocumentSignaturesTable {
  id: Generated<string>;
  document_id: string;
  kind: 'signer' | 'agency';
  certificate_id: string;
  signed_by: string;
  signed_at: Date;
  version: number;
  file_hash: string;
  size_bytes: number;
}

export interface DocumentCopiesTable {
  id: Generated<string>;
  agency_id: string;
  register_id: string;
  copy_number: number;
  number: string;
  notation: string;
  document_id: string;
  source_kind: 'signed_pdf' | 'attachment';
  source_attachment_id: string | null;
  source_file_hash: string;
  form: 'sao_y' | 'sao_luc' | 'trich_sao';
  pages: string | null;
  page_count: number;
  certificate_id: string;
  made_by: string;
  made_at: Date;
  file_hash: string;
  size_bytes: number;
}

/** The agency's signature on a separate attachment, added at issuance (0013). */
export interface AttachmentSignaturesTable {
  attachment_id: string;
  document_id: string;
  certificate_id: string;
  signed_by: string;
  signed_at: Date;
  file_hash: string;
  size_bytes: number;
}

export interface ExternalSigningSessionsTable {
  id: Generated<string>;
  agency_id: string;
  document_id: string;
  version: number;
  user_id: string;
  prepared_hash: string;
  prepared_size: number;
  byte_range: number[];
  content_digest: Uint8Array;
  signing_time: Date;
  certificate_der: Uint8Array | null;
  chain_der: Generated<Uint8Array[]>;
  signed_attributes: Uint8Array | null;
  status: Generated<'pending' | 'completed' | 'superseded'>;
  created_at: Generated<Date>;
  expires_at: Date;
  completed_at: Date | null;
}

/** An agency's change to the computed national calendar (0019). */
export interface CalendarDaysTable {
  agency_id: string;
  day: string;
  working: boolean;
  note: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface DueDateRulesTable {
  agency_id: string;
  urgency: 'normal' | 'urgent' | 'very_urgent' | 'flash';
  document_type: Generated<string>;
  working_days: number;
}

export interface NotificationsTable {
  id: Generated<string>;
  agency_id: string;
  recipient_id: string;
  kind: string;
  document_id: string | null;
  assignment_id: string | null;
  actor_id: string | null;
  subject_kind: string | null;
  subject_id: string | null;
  params: ColumnType<Record<string, string | number>, string | undefined, string>;
  created_at: CreatedAt;
  read_at: Date | null;
  emailed_at: Date | null;
}

export interface NotificationPreferencesTable {
  user_id: string;
  kind: string;
  in_app: boolean;
  email: boolean;
}

export interface NotificationDigestsTable {
  user_id: string;
  enabled: Generated<boolean>;
  last_sent_on: string | null;
}

export interface AssignmentRemindersTable {
  assignment_id: string;
  rule: 'due_soon' | 'due_today' | 'overdue_unit_head' | 'overdue_assigner';
  day: string;
  created_at: CreatedAt;
}

/** One issued document on its way to one agency of the deployment (0022). */
export interface ExchangeDeliveriesTable {
  id: Generated<string>;
  document_id: string;
  sender_agency_id: string;
  recipient_id: string;
  receiver_agency_id: string;
  business: 'new' | 'replacement';
  status: 'arrived' | 'rejected' | 'registered' | 'assigned' | 'in_progress' | 'completed';
  sent_at: Date;
  incoming_document_id: string | null;
  answered_by: string | null;
  answered_at: Date | null;
  reject_reason: 'misaddressed' | 'invalid_signature' | 'other' | null;
  reject_note: string | null;
  recall_status: 'requested' | 'agreed' | 'refused' | null;
  recall_reason: string | null;
  recall_requested_by: string | null;
  recall_requested_at: Date | null;
  recall_note: string | null;
  recall_answered_by: string | null;
  recall_answered_at: Date | null;
  updated_at: Date;
  /** A package imported by hand by the receiving clerk (0026): who, when, and its envelope's XML signature check. */
  imported_by: Generated<string | null>;
  imported_at: Generated<Date | null>;
  envelope_signature: ColumnType<EnvelopeSignatureCheck | null, string | null | undefined, string | null>;
}

/** The status packages of a delivery, as edXML codes (0022). */
export interface ExchangeStatusesTable {
  /** bigint: pg returns it as text. */
  id: ColumnType<string, never, never>;
  delivery_id: string;
  code: string;
  from_agency_id: string;
  actor_id: string | null;
  description: string | null;
  created_at: Date;
  peer_id: Generated<string | null>;
  transmitted_at: Generated<Date | null>;
  transmit_attempts: Generated<number>;
  transmit_error: Generated<string | null>;
}

/** The search index of a document, kept by triggers (migration 0017): never written by the app. */
export interface DocumentSearchTable {
  document_id: string;
  agency_id: string;
  search_date: string;
  vector: string;
  secret_vector: string | null;
  reference: string | null;
}

export interface SavedSearchesTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  query: ColumnType<unknown, string, string>;
  created_at: CreatedAt;
}

/** An official's own calendar event (0029). */
export interface PersonalEventsTable {
  id: Generated<string>;
  agency_id: string;
  owner_id: string;
  title: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  all_day: Generated<boolean>;
  place: string | null;
  note: string | null;
  reminder_minutes: number | null;
  repeat_freq: 'daily' | 'weekly' | 'monthly' | null;
  repeat_until: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface PersonalEventRemindersTable {
  event_id: string;
  occurrence_start: Timestamp;
  sent_at: CreatedAt;
}

export interface CalendarFeedTokensTable {
  user_id: string;
  token_hash: string;
  created_at: Timestamp;
}

/** The agency's weekly work schedule (lịch công tác tuần, 0029). */
export interface WorkSchedulesTable {
  id: Generated<string>;
  agency_id: string;
  week_start: string;
  status: Generated<'draft' | 'approved' | 'published'>;
  version: Generated<number>;
  created_by: string;
  created_at: CreatedAt;
  approved_by: string | null;
  approved_at: Date | null;
  published_by: string | null;
  published_at: Date | null;
}

export interface WorkScheduleEntriesTable {
  id: Generated<string>;
  schedule_id: string;
  day: string;
  session: 'morning' | 'afternoon' | 'evening';
  start_time: string | null;
  leader_ids: Generated<string[]>;
  content: string;
  place: string | null;
  participants_text: string | null;
  participant_user_ids: Generated<string[]>;
  participant_unit_ids: Generated<string[]>;
  preparing_unit_id: string | null;
  cancelled: Generated<boolean>;
  changed_in_version: number | null;
  created_at: CreatedAt;
}

export interface WorkScheduleVersionsTable {
  schedule_id: string;
  version: number;
  changed_by: string;
  changed_at: CreatedAt;
  summary: string;
  entries: ColumnType<unknown, string, string>;
}

/** A meeting room of an agency (0030). */
export interface MeetingRoomsTable {
  id: Generated<string>;
  agency_id: string;
  name: string;
  capacity: number | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

/** A convened meeting (0030); a room's bookings never overlap (exclusion constraint). */
export interface MeetingsTable {
  id: Generated<string>;
  agency_id: string;
  title: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  room_id: string | null;
  place: string | null;
  chair_id: string;
  organizer_id: string;
  agenda: Generated<string[]>;
  status: Generated<'scheduled' | 'cancelled'>;
  cancel_reason: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface MeetingUnitsTable {
  meeting_id: string;
  unit_id: string;
}

export interface MeetingParticipantsTable {
  meeting_id: string;
  user_id: string;
  via_unit_id: string | null;
  substitute_for: string | null;
  response: Generated<'pending' | 'attend' | 'absent' | 'substitute'>;
  reason: string | null;
  substitute_id: string | null;
  responded_at: Date | null;
  reminded_at: Date | null;
  invited_at: Generated<Date>;
  /** The start the reminder before the meeting was sent for (meetings.reminders.ts). */
  start_reminded_for: Date | null;
  /** The day ('YYYY-MM-DD') the morning reminder was sent for. */
  morning_reminded_on: string | null;
}

export interface MeetingDocumentsTable {
  meeting_id: string;
  document_id: string;
}

export interface MeetingFilesTable {
  id: Generated<string>;
  meeting_id: string;
  kind: 'document' | 'minutes';
  file_hash: string;
  file_name: string;
  mime_type: string;
  size_bytes: number;
  uploaded_by: string;
  created_at: CreatedAt;
}

export interface MeetingConclusionsTable {
  id: Generated<string>;
  meeting_id: string;
  position: number;
  text: string;
  /** The task made from it (tasks module); no foreign key. */
  task_id: string | null;
  created_by: string;
  created_at: CreatedAt;
}

export interface MeetingEventsTable {
  id: ColumnType<string, never, never>;
  meeting_id: string;
  actor_id: string | null;
  action: string;
  payload: ColumnType<Record<string, unknown>, string | undefined, never>;
  created_at: CreatedAt;
}

/** Conversations between officials of one agency (0031). */
export interface ConversationsTable {
  id: Generated<string>;
  agency_id: string;
  kind: 'direct' | 'group';
  name: string | null;
  created_by: string;
  direct_key: string | null;
  created_at: CreatedAt;
  last_message_at: Date | null;
}

export interface ConversationMembersTable {
  conversation_id: string;
  user_id: string;
  joined_at: Timestamp;
  left_at: Date | null;
  /** bigint: a string from the driver. */
  last_read_seq: ColumnType<string, string | number | undefined, string | number>;
  /** The last message told by e-mail, or before joining (messages.unread-mails.ts). bigint as above. */
  mailed_seq: ColumnType<string, string | number | undefined, string | number>;
}

export interface MessagesTable {
  id: Generated<string>;
  conversation_id: string;
  seq: ColumnType<string, never, never>;
  sender_id: string;
  body: string;
  link_kind: 'document' | 'task' | null;
  link_id: string | null;
  created_at: CreatedAt;
  search_vector: string;
}

export interface MessageFilesTable {
  id: Generated<string>;
  message_id: string;
  file_hash: string;
  file_name: string;
  mime_type: string;
  size_bytes: ColumnType<string, number, number>;
}

/** Surveys (0031): see surveys.service.ts for how anonymous answers are kept apart from people. */
export interface SurveysTable {
  id: Generated<string>;
  agency_id: string;
  title: string;
  description: string;
  anonymous: boolean;
  questions: ColumnType<unknown, string, string>;
  closes_at: Timestamp;
  created_by: string;
  created_at: CreatedAt;
}

export interface SurveyRecipientsTable {
  survey_id: string;
  user_id: string;
  unit_id: string | null;
}

export interface SurveyRespondentsTable {
  survey_id: string;
  user_id: string;
}

export interface SurveyResponsesTable {
  id: Generated<string>;
  survey_id: string;
  respondent_id: string | null;
  submitted_at: Date | null;
  answers: ColumnType<unknown, string, string>;
}

/** A task (giao việc, 0032). */
export interface TasksTable {
  id: Generated<string>;
  agency_id: string;
  title: string;
  description: string | null;
  priority: Generated<'low' | 'normal' | 'high' | 'urgent'>;
  /** 'YYYY-MM-DD'. */
  due_date: string | null;
  status: Generated<'in_progress' | 'completed' | 'accepted'>;
  progress: Generated<number>;
  assigned_by: string;
  source_kind: 'document' | 'meeting' | 'task' | null;
  source_id: string | null;
  parent_task_id: string | null;
  return_reason: Generated<string | null>;
  completed_at: Generated<Date | null>;
  accepted_at: Generated<Date | null>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** Who holds a task: a person, or a unit (held by its heads), passed on from a unit's row by `parent_id` (0032). */
export interface TaskAssigneesTable {
  id: Generated<string>;
  task_id: string;
  role: 'lead' | 'coordinate';
  user_id: string | null;
  unit_id: string | null;
  parent_id: string | null;
  status: Generated<'active' | 'passed_on'>;
  assigned_by: string;
  created_at: CreatedAt;
}

export interface TaskChecklistItemsTable {
  id: Generated<string>;
  task_id: string;
  position: number;
  text: string;
  done: Generated<boolean>;
  done_by: string | null;
  done_at: Date | null;
  created_at: CreatedAt;
}

export interface TaskFilesTable {
  id: Generated<string>;
  task_id: string;
  file_hash: string;
  file_name: string;
  mime_type: string;
  size_bytes: number;
  created_by: string;
  created_at: CreatedAt;
}

/** A task's history and comments (0032). */
export interface TaskEventsTable {
  /** bigint: pg returns it as text. */
  id: ColumnType<string, never, never>;
  task_id: string;
  agency_id: string;
  actor_id: string | null;
  action: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  created_at: CreatedAt;
}

export interface TaskRemindersTable {
  task_id: string;
  rule: string;
  day: string;
  sent_at: CreatedAt;
}

/** A deposit record (biên bản giao nhận) of case files into the agency archive (0033). */
export interface RecordDepositsTable {
  id: Generated<string>;
  agency_id: string;
  year: number;
  number: number;
  deposited_on: ColumnType<string, string, string>;
  received_by: string;
  note: string | null;
  created_at: CreatedAt;
}

/** The head of the agency's decision on a file whose retention ended (0033). */
export interface RecordRetentionDecisionsTable {
  id: Generated<number>;
  case_file_id: string;
  decision: 'extend' | 'destroy';
  decision_number: string | null;
  extend_years: number | null;
  retain_until_before: ColumnType<string | null, string | null | undefined, string | null>;
  retain_until_after: ColumnType<string | null, string | null | undefined, string | null>;
  note: string | null;
  decided_by: string;
  decided_at: CreatedAt;
}

/** Every print or PDF download of a document's file (0033). */
export interface DocumentPrintoutsTable {
  id: Generated<number>;
  agency_id: string;
  document_id: string;
  attachment_id: string | null;
  user_id: string;
  printed_at: CreatedAt;
  marked: boolean;
  ip: string | null;
}

/** A broken link of the history's hash chain, once reported (0034). */
export interface HistoryChainBreaksTable {
  event_id: number;
  agency_id: string;
  document_id: string | null;
  reason: string;
  detected_at: CreatedAt;
}

/** Antivirus state of content accepted unscanned while the scanner was down, and its later scan (0034). */
export interface FileScansTable {
  file_hash: string;
  state: 'unscanned' | 'clean' | 'infected';
  signature: string | null;
  agency_id: string | null;
  uploaded_by: string | null;
  file_name: string | null;
  attempts: Generated<number>;
  created_at: CreatedAt;
  scanned_at: Date | null;
}
