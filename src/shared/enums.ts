// Domain vocabulary shared by server and web. Identifiers follow ../shared/GLOSSARY.md;
// Vietnamese labels live in the web i18n files, keyed by these values.

export const ROLES = ['admin', 'clerk', 'leader', 'unit_head', 'specialist'] as const;
export type Role = (typeof ROLES)[number];

export const POSITIONS = [
  'director', // Giám đốc
  'deputy_director', // Phó Giám đốc
  'chief_of_office', // Chánh Văn phòng
  'deputy_chief_of_office', // Phó Chánh Văn phòng
  'head_of_unit', // Trưởng phòng
  'deputy_head_of_unit', // Phó Trưởng phòng
  'specialist', // Chuyên viên
  'clerk', // Văn thư
  'staff', // Nhân viên
] as const;
export type Position = (typeof POSITIONS)[number];

/** Độ khẩn of Decree 30; the index is the edXML Priority code (QCVN 102), whose 4 (hỏa tốc hẹn giờ) the law does not name. */
export const URGENCIES = ['normal', 'urgent', 'very_urgent', 'flash'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Độ mật. Anything but `none` restricts who may open the files. */
export const SECRECIES = ['none', 'confidential', 'secret', 'top_secret'] as const;
export type Secrecy = (typeof SECRECIES)[number];

/** The 29 document types of Decree 30/2020 (Điều 7) with their official abbreviation (PL III);
 * Công văn and Thư công have none. */
export const DOCUMENT_TYPE_ABBREVIATIONS = {
  resolution: 'NQ', decision: 'QĐ', directive: 'CT', regulation: 'QC', rule: 'QyĐ',
  communique: 'TC', notice: 'TB', guidance: 'HD', programme: 'CTr', plan: 'KH',
  scheme: 'PA', proposal_scheme: 'ĐA', project: 'DA', report: 'BC', minutes: 'BB',
  submission: 'TTr', contract: 'HĐ', official_letter: '', telegram: 'CĐ', memorandum: 'BGN',
  agreement: 'BTT', authorization: 'GUQ', invitation: 'GM', introduction: 'GGT', leave_permit: 'GNP',
  dispatch_note: 'PG', transfer_note: 'PC', notification_slip: 'PB', public_letter: '',
} as const;
export type DocumentType = keyof typeof DOCUMENT_TYPE_ABBREVIATIONS;
export const DOCUMENT_TYPES = Object.keys(DOCUMENT_TYPE_ABBREVIATIONS) as [DocumentType, ...DocumentType[]];

/** `recalled`: received through the exchange and recalled by its sender, frozen with its history. */
export const DOCUMENT_STATUSES = ['registered', 'submitted', 'in_progress', 'completed', 'returned', 'recalled'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const ASSIGNMENT_ROLES = ['lead', 'coordinate', 'info'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

/**
 * pending → in_progress → (awaiting_confirmation →) completed; returned: given back by its holder;
 * closed: still open when the document completed. For-information assignments are pending until
 * their holder has seen the document, then completed.
 */
export const ASSIGNMENT_STATUSES = ['pending', 'in_progress', 'awaiting_confirmation', 'completed', 'returned', 'closed'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

export const INBOX_BOXES = ['todo', 'in_progress', 'returned', 'done', 'overdue', 'info'] as const;
export type InboxBox = (typeof INBOX_BOXES)[number];

export const EVENT_ACTIONS = [
  'registered', 'submitted', 'returned_to_clerk', 'assigned', 'forwarded', 'progress_noted',
  'completed', 'returned', 'acknowledged', 'document_completed', 'file_viewed', 'edited', 'files_added',
  'completion_proposed', 'completion_confirmed', 'completion_rejected', 'reassigned',
  'directory_entry_created', 'directory_entry_updated', 'directory_imported',
  'unit_created', 'unit_updated', 'user_created', 'user_updated', 'password_reset',
  'user_deactivated', 'user_activated', 'agency_updated',
  'draft_created', 'version_added', 'draft_submitted', 'step_approved', 'draft_returned', 'step_forwarded',
  'draft_approved', 'document_issued', 'approval_chain_updated', 'consultation_requested', 'consultation_answered',
  'reply_linked', 'draft_edited', 'attachment_removed',
  'document_signed', 'agency_signed', 'copy_made', 'edxml_exported', 'edxml_imported',
  'calendar_day_set', 'calendar_day_removed', 'due_date_rules_updated', 'reminder_sent',
  'exchange_sent', 'exchange_rejected', 'recall_requested', 'recall_agreed', 'recall_refused',
  'delegation_created', 'delegation_revoked', 'file_text_corrected',
  'record_plan_created', 'record_plan_approved', 'case_file_opened', 'case_file_edited', 'case_file_document_added',
  'case_file_document_removed', 'case_file_shared', 'case_file_unshared', 'case_file_closed', 'case_file_planned',
  'work_schedule_approved', 'work_schedule_published', 'work_schedule_changed',
  'case_files_deposited', 'case_file_retention_extended', 'case_file_destroyed', 'case_file_exported', 'document_printed',
  'upload_refused_infected', 'file_quarantined',
] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

/** Actions the server will accept on a document for the current user (sent with each document). */
export type DocumentAction = 'edit' | 'submit' | 'assign' | 'return_to_clerk';
export type AssignmentAction = 'forward' | 'note' | 'complete' | 'return' | 'confirm' | 'reject_result' | 'remind';

export const COMPLETION_CONFIRMATIONS = ['required', 'automatic'] as const;
export type CompletionConfirmation = (typeof COMPLETION_CONFIRMATIONS)[number];

/**
 * An outgoing document: draft → in_review → (returned → in_review …) → approved → signed → issued.
 * `signed` is reached through digital signatures (a later module); until then issuance follows approval.
 */
export const OUTGOING_STATUSES = ['draft', 'in_review', 'returned', 'approved', 'signed', 'issued'] as const;
export type OutgoingStatus = (typeof OUTGOING_STATUSES)[number];

/** Hình thức ký (Decree 30, Điều 13): none, KT. (deputy for the head), TL., TUQ., TM., Q. */
export const SIGNING_FORMS = ['none', 'KT', 'TL', 'TUQ', 'TM', 'Q'] as const;
export type SigningForm = (typeof SIGNING_FORMS)[number];

/**
 * A step of an approval chain, relative to the drafter: the head of the drafting unit, the leader
 * in charge of that unit, the director, the chief of office (checks the form), or the intended signer.
 */
export const APPROVAL_STEP_KINDS = ['unit_head', 'supervisor', 'director', 'chief_of_office', 'signer'] as const;
export type ApprovalStepKind = (typeof APPROVAL_STEP_KINDS)[number];

export const RECIPIENT_KINDS = ['unit', 'user', 'agency', 'external'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

export type OutgoingAction = 'edit' | 'add_version' | 'submit' | 'approve' | 'return' | 'forward' | 'sign' | 'issue';
