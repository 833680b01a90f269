// Notifications (issue 11), shared by server and web. A notice's text is rendered from its kind
// and params by the reader's language (web: i18n "notifications.kind.<kind>"; e-mail: the same files).
import type { InboxBox } from './enums.js';

export const NOTIFICATION_KINDS = [
  'urgent_document', // a hỏa tốc or thượng khẩn document was submitted or assigned to me
  'document_submitted', // a document was submitted to me (leader)
  'work_assigned', // work was assigned or passed on to me
  'due_soon', // my work is due within the agency's lead time
  'due_today', // my work is due today
  'overdue', // my work is overdue
  'overdue_escalated', // work of someone I supervise or assigned is overdue
  'reminder', // a leader reminds me (đôn đốc), with a note
  'case_file_access_changed', // (administrators) who may read a case file changed (annex VI §III.3)
  'personal_event_reminder', // an event of my own calendar starts soon (the reminder I set)
  'work_schedule_published', // the agency's weekly work schedule naming me was published
  'work_schedule_changed', // an entry of the published weekly work schedule naming me changed
  'meeting_invited', // I am invited to a meeting (or sent as a substitute)
  'meeting_changed', // a meeting I am invited to changed (time, room, participants...)
  'meeting_cancelled', // a meeting I was invited to is cancelled
  'meeting_reminder', // the organizer reminds me to answer an invitation
  'meeting_uninvited', // I was taken off a meeting's participants
  'meeting_starting', // a meeting I attend (not declined, or as a substitute) starts soon (MEETING_REMINDER_MINUTES)
  'meeting_today', // a meeting I attend is today (the morning reminder, MEETING_REMINDER_MORNING_HOUR)
  'message_unread', // (e-mail only) messages of a conversation I have not read for a while (MESSAGE_EMAIL_AFTER_MINUTES)
  'survey_sent', // a survey was sent to me (subject: the survey)
  'task_assigned', // a task was given or passed on to me (or to my unit)
  'task_updated', // progress or a comment on a task I gave or share
  'task_completed', // the lead reports a task I gave done: accept it or return it
  'task_returned', // the assigner returned my task's result, with the reason
  'task_accepted', // the assigner accepted (closed) my task
  'history_chain_broken', // (director, administrators) an event of the history no longer matches its hash chain
  'file_infected', // (administrators) an upload was refused: the antivirus found malware in it
  'file_quarantined', // (administrators) a file accepted unscanned was found infected later and quarantined
  'case_file_deposit_due', // (keeper, office) a closed case file is due for deposit in the agency archive within 30 days
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Channels each kind uses when the official has not chosen (e-mail only for what cannot wait). */
export const DEFAULT_CHANNELS: Record<NotificationKind, { inApp: boolean; email: boolean }> = {
  urgent_document: { inApp: true, email: true },
  document_submitted: { inApp: true, email: false },
  work_assigned: { inApp: true, email: false },
  due_soon: { inApp: true, email: false },
  due_today: { inApp: true, email: true },
  overdue: { inApp: true, email: true },
  overdue_escalated: { inApp: true, email: true },
  reminder: { inApp: true, email: true },
  case_file_access_changed: { inApp: true, email: false },
  personal_event_reminder: { inApp: true, email: false },
  work_schedule_published: { inApp: true, email: false },
  work_schedule_changed: { inApp: true, email: true },
  meeting_invited: { inApp: true, email: true },
  meeting_changed: { inApp: true, email: true },
  meeting_cancelled: { inApp: true, email: true },
  meeting_reminder: { inApp: true, email: false },
  meeting_uninvited: { inApp: true, email: true },
  meeting_starting: { inApp: true, email: true },
  meeting_today: { inApp: true, email: false },
  message_unread: { inApp: false, email: true },
  survey_sent: { inApp: true, email: false },
  task_assigned: { inApp: true, email: false },
  task_updated: { inApp: true, email: false },
  task_completed: { inApp: true, email: false },
  task_returned: { inApp: true, email: true },
  task_accepted: { inApp: true, email: false },
  history_chain_broken: { inApp: true, email: true },
  file_infected: { inApp: true, email: true },
  file_quarantined: { inApp: true, email: true },
  case_file_deposit_due: { inApp: true, email: true },
};

/**
 * Kinds that exist only as e-mail: the unread messages' badge already says it in the app, so the
 * preferences screen offers only the e-mail channel for them.
 */
export const EMAIL_ONLY_KINDS: readonly NotificationKind[] = ['message_unread'];

export type NotificationParams = Record<string, string | number>;

/**
 * What a notice is about when it is not a document (issue 12 and later): the web client links to
 * its page (`subjectPath`), e-mails to the same address. A module adding a kind of subject adds it here.
 */
export const NOTIFICATION_SUBJECT_KINDS = ['meeting', 'task', 'conversation', 'survey', 'work_schedule', 'case_file', 'personal_event'] as const;
export type NotificationSubjectKind = (typeof NOTIFICATION_SUBJECT_KINDS)[number];
export interface NotificationSubject { kind: NotificationSubjectKind; id: string }

const SUBJECT_PATHS: Record<NotificationSubjectKind, (id: string) => string> = {
  meeting: (id) => `/meetings/${id}`,
  task: (id) => `/tasks/${id}`,
  conversation: (id) => `/messages/${id}`,
  survey: (id) => `/surveys/${id}`,
  work_schedule: (id) => `/work-schedule/${id}`,
  case_file: (id) => `/records/files/${id}`,
  personal_event: () => `/my-calendar`,
};

/** The app's path of a notice's subject (relative to the app's address). */
export function subjectPath(subject: NotificationSubject): string {
  return SUBJECT_PATHS[subject.kind](subject.id);
}

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  /** Values for the text: summary, reference, urgency, dueDate, actor, holder, note, days… */
  params: NotificationParams;
  documentId: string | null;
  /** 'incoming' | 'outgoing' | 'internal': which page the link opens. */
  documentDirection: string | null;
  assignmentId: string | null;
  /** What the notice is about when it is not (only) a document. */
  subject: NotificationSubject | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: NotificationView[];
  unread: number;
  /** Pass as `before` for the next page (null: no more). */
  nextBefore: string | null;
}

export interface NotificationPreferences {
  kinds: { kind: NotificationKind; inApp: boolean; email: boolean }[];
  dailyDigest: boolean;
  /** Whether the server can send e-mail at all (SMTP configured), and whether I have an address. */
  emailAvailable: boolean;
  hasEmailAddress: boolean;
}

/** Menu counts pushed over the stream (the same shapes as GET /api/inbox/counts and /api/outgoing-documents/counts). */
export interface PushedCounts {
  inbox: Record<Exclude<InboxBox, 'done'>, number>;
  outgoing: { review: number; mine: number; consult: number; toIssue: number };
  unread: number;
}

/** Events of GET /api/notifications/stream (server-sent events, `event:` names). */
export type StreamEventName = 'counts' | 'notification' | 'unread' | 'resync' | 'message';
