import { ocrJob } from '../digitization/ocr.job.js';
import { extractTextJob } from '../files/file-texts.js';
import { convertDocxJob } from '../outgoing/outgoing.conversion.js';
import { transmitJob } from '../exchange/peers.transfer.js';
import { sendDigestJob, sendEmailJob, sendMailJob } from '../notifications/notifications.email.js';
import { scanMeetingRemindersJob } from '../meetings/meetings.reminders.js';
import { scanUnreadMessagesJob } from '../messages/messages.unread-mails.js';
import { scanRemindersJob } from '../notifications/notifications.reminders.js';
import { scanEventRemindersJob } from '../personal-calendar/personal-calendar.reminders.js';
import type { JobDefinition } from './jobs.js';
import { verifyHistoryJob } from '../events/events.verify.js';
import { rescanJob } from '../antivirus/antivirus.service.js';

/** Every kind of background job of the program: a queue is made for each at start. */
export const ALL_JOBS: readonly JobDefinition[] = [convertDocxJob(), extractTextJob, transmitJob(), sendEmailJob(), sendDigestJob(), scanRemindersJob, ocrJob, scanEventRemindersJob, verifyHistoryJob, rescanJob(), sendMailJob(), scanMeetingRemindersJob, scanUnreadMessagesJob];
