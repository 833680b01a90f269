/**
 * E-mail: SMTP through nodemailer, configured by SMTP_URL (smtp://user:pass@host:port, smtps://…)
 * or SMTP_HOST / SMTP_PORT / SMTP_USER / SMTP_PASS / SMTP_SECURE, and SMTP_FROM. Without them the
 * e-mail channel is off (the preferences screen says so). Every mail is a background job: the action
 * that caused it never waits for SMTP, and a failing server is tried again with growing delays.
 * The text comes from the web's own catalogue (src/web/i18n/vi.json), in Vietnamese.
 */
import nodemailer from 'nodemailer';
import type { Executor } from '../../db/database.js';
import { type NotificationKind, type NotificationParams, type NotificationSubject, type NotificationSubjectKind, subjectPath } from '../../../shared/notifications.js';
import vi from '../../../web/i18n/vi.json' with { type: 'json' };
import { defineJob, type JobOptions } from '../jobs/jobs.js';

export interface MailConfig {
  /** smtp:// or smtps:// URL; otherwise host and port. */
  url?: string;
  host?: string;
  port?: number;
  user?: string;
  pass?: string;
  secure?: boolean;
  from: string;
  /** The address of VanPhong for links in mails (APP_URL), e.g. https://vanphong.dienbien.gov.vn */
  appUrl?: string;
}

export function mailConfigFrom(env: NodeJS.ProcessEnv): MailConfig | null {
  const from = env.SMTP_FROM?.trim() || 'VanPhong <no-reply@localhost>';
  const appUrl = env.APP_URL?.trim() || undefined;
  if (env.SMTP_URL?.trim()) return { url: env.SMTP_URL.trim(), from, appUrl };
  if (!env.SMTP_HOST?.trim()) return null;
  const port = Number.parseInt(env.SMTP_PORT ?? '', 10);
  return {
    host: env.SMTP_HOST.trim(), port: Number.isFinite(port) ? port : 587, user: env.SMTP_USER || undefined, pass: env.SMTP_PASS || undefined,
    secure: env.SMTP_SECURE === 'true', from, appUrl,
  };
}

// The mail settings of each database's servers, found from a transaction as the job queue is.
const mailByDatabase = new WeakMap<object, MailConfig>();
const databaseKey = (db: Executor): object => db.getExecutor().adapter;

export function useMail(db: Executor, config: MailConfig | null): void {
  if (config) mailByDatabase.set(databaseKey(db), config);
  else mailByDatabase.delete(databaseKey(db));
}

export function mailFor(db: Executor): MailConfig | null {
  return mailByDatabase.get(databaseKey(db)) ?? null;
}

function transport(config: MailConfig) {
  const auth = config.user ? { user: config.user, pass: config.pass ?? '' } : undefined;
  return config.url
    ? nodemailer.createTransport(config.url)
    : nodemailer.createTransport({ host: config.host, port: config.port, secure: config.secure ?? false, auth });
}

type Catalogue = { notifications: { kind: Record<string, string>; email: Record<string, string> }; enums: { urgency: Record<string, string> } };
const texts = vi as unknown as Catalogue;

const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key] ?? ''));

/** A line of a mail composed by its module (notifications.email.* of the catalogue), in Vietnamese. */
export function emailText(key: string, values: Record<string, string | number> = {}): string {
  return fill(texts.notifications.email[key] ?? key, values);
}

/** The address of a notice's subject in the app, or '' without APP_URL. */
export function subjectLink(config: MailConfig, subject: NotificationSubject): string {
  return config.appUrl ? `${config.appUrl.replace(/\/$/, '')}${subjectPath(subject)}` : '';
}

/** The notice's sentence in Vietnamese, from the same catalogue as the bell's. */
export function renderNotification(kind: NotificationKind, params: NotificationParams): string {
  const values: Record<string, string | number> = { ...params };
  if (typeof params.urgency === 'string') values.urgency = texts.enums.urgency[params.urgency] ?? params.urgency;
  return fill(texts.notifications.kind[kind] ?? kind, values);
}

function documentLink(config: MailConfig, documentId: string | null, direction: string | null, subject: NotificationSubject | null = null): string {
  if (!config.appUrl || (!documentId && !subject)) return '';
  const base = config.appUrl.replace(/\/$/, '');
  if (!documentId) return subjectLink(config, subject!);
  return `${base}/${direction === 'incoming' ? 'incoming' : 'outgoing'}/${documentId}`;
}

async function send(config: MailConfig, to: string, subject: string, text: string): Promise<void> {
  const mailer = transport(config);
  try {
    await mailer.sendMail({ from: config.from, to, subject, text });
  } finally {
    mailer.close();
  }
}

declare module '../jobs/jobs.js' {
  interface JobPayloads {
    'notifications.send-email': { to: string; kind: NotificationKind; params: NotificationParams; documentId: string | null; direction: string | null; subject?: NotificationSubject | null; notificationId: string | null };
    'notifications.send-digest': { userId: string; day: string };
    'notifications.send-mail': { to: string; subject: string; text: string };
  }
}

const MAIL_RETRIES: JobOptions = { retryLimit: 6, retryDelaySeconds: 60, retryDelayMaxSeconds: 3600, expireInSeconds: 120 };

/** One notice by e-mail. `options` lets a test retry sooner than a real SMTP outage needs. */
export function sendEmailJob(options: JobOptions = {}) {
  return defineJob('notifications.send-email', async (payload, ctx) => {
    const config = mailFor(ctx.db);
    if (!config) {
      ctx.log('notifications.send-email: no SMTP configured, mail dropped');
      return;
    }
    const text = renderNotification(payload.kind, payload.params);
    const link = documentLink(config, payload.documentId, payload.direction, payload.subject ?? null);
    await send(config, payload.to, `[VanPhong] ${text}`.slice(0, 250), [text, link].filter(Boolean).join('\n\n'));
    if (payload.notificationId) await ctx.db.updateTable('notifications').set({ emailed_at: new Date() }).where('id', '=', payload.notificationId).execute();
  }, { ...MAIL_RETRIES, ...options });
}

/**
 * The daily digest, sent on `day` (from 7:00): the notices of the day before (Vietnam dates) the
 * official has not read, in one mail. Each notice belongs to exactly one day, so none is sent twice.
 */
export function sendDigestJob(options: JobOptions = {}) {
  return defineJob('notifications.send-digest', async (payload, ctx) => {
    const config = mailFor(ctx.db);
    if (!config) return;
    const user = await ctx.db.selectFrom('users').select(['email', 'active']).where('id', '=', payload.userId).executeTakeFirst();
    if (!user?.email || !user.active) return;
    const until = new Date(`${payload.day}T00:00:00+07:00`);
    const since = new Date(until.getTime() - 86_400_000);
    const rows = await ctx.db.selectFrom('notifications').leftJoin('documents', 'documents.id', 'notifications.document_id')
      .select(['notifications.kind', 'notifications.params', 'notifications.document_id', 'notifications.subject_kind', 'notifications.subject_id', 'documents.direction'])
      .where('recipient_id', '=', payload.userId).where('read_at', 'is', null).where('notifications.created_at', '>=', since).where('notifications.created_at', '<', until)
      .orderBy('notifications.created_at').limit(200).execute();
    if (!rows.length) return;
    const lines = rows.map((r) => `- ${renderNotification(r.kind as NotificationKind, r.params)} ${documentLink(config, r.document_id, r.direction, r.subject_kind && r.subject_id ? { kind: r.subject_kind as NotificationSubjectKind, id: r.subject_id } : null)}`.trimEnd());
    const [y, m, d] = new Date(since.getTime() + 7 * 3600_000).toISOString().slice(0, 10).split('-'); // the notices' Vietnam date
    const subject = texts.notifications.email.digestSubject!.replace('{{day}}', `${d}/${m}/${y}`).replace('{{count}}', String(rows.length));
    await send(config, user.email, subject, lines.join('\n'));
  }, { ...MAIL_RETRIES, ...options });
}

/**
 * A mail composed whole by its module (the unread messages of a conversation: messages.unread-mails.ts),
 * enqueued in the transaction that claimed it, sent and retried as every notice's mail.
 */
export function sendMailJob(options: JobOptions = {}) {
  return defineJob('notifications.send-mail', async (payload, ctx) => {
    const config = mailFor(ctx.db);
    if (!config) {
      ctx.log('notifications.send-mail: no SMTP configured, mail dropped');
      return;
    }
    await send(config, payload.to, payload.subject.slice(0, 250), payload.text);
  }, { ...MAIL_RETRIES, ...options });
}
