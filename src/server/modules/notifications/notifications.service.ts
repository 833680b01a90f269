/**
 * Notifications: one notice per recipient, written in the transaction of the change that causes it,
 * then pushed to the recipient's open browsers (notifications.stream.ts) and, where the official
 * chose it and SMTP is configured, mailed by a background job. Later capabilities (collaboration,
 * exchange) call `notify` with kinds of their own.
 */
import type { Db, Executor } from '../../db/database.js';
import { DEFAULT_CHANNELS, NOTIFICATION_KINDS, type NotificationKind, type NotificationPage, type NotificationParams, type NotificationPreferences, type NotificationSubject } from '../../../shared/notifications.js';
import { URGENT_URGENCIES } from './notifications.policies.js';
import type { ActionContext } from '../auth/current-user.js';
import { reference } from '../documents/documents.presenters.js';
import { enqueue } from '../jobs/jobs.js';
import { publish } from './notifications.bus.js';
import { mailFor } from './notifications.email.js';
import * as repo from './notifications.repository.js';
import type { Clock } from '../../time.js';

export interface NewNotification {
  agencyId: string;
  recipientId: string;
  kind: NotificationKind;
  documentId?: string | null;
  assignmentId?: string | null;
  /** What the notice is about when it is not a document (a meeting, a task...). */
  subject?: NotificationSubject | null;
  params: NotificationParams;
}

type Channels = { inApp: boolean; email: boolean };

async function channelsOf(db: Executor, userIds: string[]): Promise<(userId: string, kind: NotificationKind) => Channels> {
  const chosen = new Map((await repo.preferencesOf(db, userIds)).map((p) => [`${p.user_id}/${p.kind}`, { inApp: p.in_app, email: p.email }]));
  return (userId, kind) => chosen.get(`${userId}/${kind}`) ?? DEFAULT_CHANNELS[kind];
}

/**
 * Of these officials, those who get `kind` by e-mail (their choice, else the kind's default) and
 * have an address, when SMTP is configured: for mails a module composes itself.
 */
export async function emailRecipients(db: Executor, agencyId: string, userIds: string[], kind: NotificationKind): Promise<repo.Recipient[]> {
  if (!mailFor(db) || !userIds.length) return [];
  const recipients = (await repo.activeRecipients(db, agencyId, userIds)).filter((r) => r.email);
  const channels = await channelsOf(db, recipients.map((r) => r.id));
  return recipients.filter((r) => channels(r.id, kind).email);
}

/**
 * Writes the notices in the caller's transaction, as each recipient chose: in the app (a row, pushed
 * at commit), by e-mail (a job enqueued in the same transaction). Nobody is told of their own action.
 */
export async function notify(tx: Executor, ctx: Pick<ActionContext, 'user'> | null, items: NewNotification[]): Promise<void> {
  const actorId = ctx?.user.id ?? null;
  const seen = new Set<string>();
  const wanted = items.filter((item) => {
    const key = `${item.recipientId}/${item.kind}/${item.assignmentId ?? item.documentId ?? item.subject?.id ?? ''}`;
    if (item.recipientId === actorId || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (!wanted.length) return;
  const agencyId = wanted[0]!.agencyId;
  const recipients = new Map((await repo.activeRecipients(tx, agencyId, [...new Set(wanted.map((w) => w.recipientId))])).map((r) => [r.id, r]));
  const channels = await channelsOf(tx, [...recipients.keys()]);
  const mail = mailFor(tx);
  const inApp: repo.NotificationRow[] = [];
  const byMail: { item: NewNotification; to: string; index: number | null }[] = [];
  for (const item of wanted) {
    const recipient = recipients.get(item.recipientId);
    if (!recipient || item.agencyId !== agencyId) continue;
    const chosen = channels(item.recipientId, item.kind);
    const row = { agencyId, recipientId: item.recipientId, kind: item.kind, documentId: item.documentId ?? null, assignmentId: item.assignmentId ?? null, actorId, subject: item.subject ?? null, params: item.params };
    if (chosen.inApp) inApp.push(row);
    if (chosen.email && mail && recipient.email) byMail.push({ item, to: recipient.email, index: chosen.inApp ? inApp.length - 1 : null });
  }
  const ids = await repo.insertNotifications(tx, inApp);
  if (byMail.length) {
    const directions = await documentDirections(tx, byMail.map((m) => m.item.documentId ?? null));
    for (const { item, to, index } of byMail) {
      await enqueue(tx, 'notifications.send-email', {
        to, kind: item.kind, params: item.params, documentId: item.documentId ?? null,
        direction: item.documentId ? directions.get(item.documentId) ?? null : null, subject: item.subject ?? null, notificationId: index === null ? null : ids[index] ?? null,
      });
    }
  }
  if (ids.length) await publish(tx, { t: 'n', ids });
}

async function documentDirections(db: Executor, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (!wanted.length) return new Map();
  const rows = await db.selectFrom('documents').select(['id', 'direction']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.direction]));
}

interface DocumentFacts { id: string; agency_id: string; summary: string; number: string | null; notation: string | null; urgency: string; arrival_number: number | null }

async function documentFacts(db: Executor, documentId: string): Promise<DocumentFacts | undefined> {
  return db.selectFrom('documents').select(['id', 'agency_id', 'summary', 'number', 'notation', 'urgency', 'arrival_number']).where('id', '=', documentId).executeTakeFirst();
}

/** What every notice about a document shows: its summary, reference and urgency. */
export function documentParams(doc: Pick<DocumentFacts, 'summary' | 'number' | 'notation' | 'urgency'>): NotificationParams {
  return { summary: doc.summary, reference: reference(doc.number, doc.notation), urgency: doc.urgency };
}

const isUrgent = (urgency: string) => (URGENT_URGENCIES as readonly string[]).includes(urgency);

/** A document submitted to a leader: a hỏa tốc or thượng khẩn one alerts at once. */
export async function notifySubmitted(tx: Executor, ctx: ActionContext, documentId: string, leaderId: string): Promise<void> {
  const doc = await documentFacts(tx, documentId);
  if (!doc) return;
  await notify(tx, ctx, [{
    agencyId: doc.agency_id, recipientId: leaderId, kind: isUrgent(doc.urgency) ? 'urgent_document' : 'document_submitted', documentId,
    params: { ...documentParams(doc), actor: ctx.user.fullName },
  }]);
}

/** New assignments: each holder (a person, or the heads of a unit) is told; urgent documents say so. */
export async function notifyAssigned(tx: Executor, ctx: ActionContext, documentId: string, rows: { id: string; role: string; assignee_user_id: string | null; assignee_unit_id: string | null; due_date: string | null }[]): Promise<void> {
  const doc = await documentFacts(tx, documentId);
  if (!doc || !rows.length) return;
  const heads = await repo.unitHeads(tx, rows.flatMap((r) => (r.assignee_unit_id ? [r.assignee_unit_id] : [])));
  const kind: NotificationKind = isUrgent(doc.urgency) ? 'urgent_document' : 'work_assigned';
  const items = rows.flatMap((r) => {
    const holders = r.assignee_user_id ? [r.assignee_user_id] : heads.filter((h) => h.unitId === r.assignee_unit_id).map((h) => h.id);
    return holders.map((recipientId) => ({
      agencyId: doc.agency_id, recipientId, kind, documentId, assignmentId: r.id,
      params: { ...documentParams(doc), actor: ctx.user.fullName, role: r.role, dueDate: r.due_date ?? '' },
    }));
  });
  await notify(tx, ctx, items);
}

const PAGE_SIZE = 20;

export async function listNotifications(db: Db, ctx: ActionContext, query: { before?: string; unreadOnly?: boolean; limit?: number }): Promise<NotificationPage> {
  const limit = query.limit ?? PAGE_SIZE;
  const [rows, unread] = await Promise.all([repo.listOwn(db, ctx.user.id, { ...query, limit: limit + 1 }), repo.unreadCount(db, ctx.user.id)]);
  const items = rows.slice(0, limit).map(({ recipientId: _recipient, ...view }) => view);
  return { items, unread, nextBefore: rows.length > limit ? items.at(-1)!.createdAt : null };
}

export async function markNotificationsRead(db: Db, clock: Clock, ctx: ActionContext, ids: string[] | 'all'): Promise<{ unread: number }> {
  const changed = await repo.markRead(db, ctx.user.id, ids, clock.now());
  // The bell of the official's other browsers follows.
  if (changed) await publish(db, { t: 'u', id: ctx.user.id });
  return { unread: await repo.unreadCount(db, ctx.user.id) };
}

export async function preferences(db: Db, ctx: ActionContext): Promise<NotificationPreferences> {
  const channels = await channelsOf(db, [ctx.user.id]);
  const [digest, user] = await Promise.all([
    db.selectFrom('notification_digests').select('enabled').where('user_id', '=', ctx.user.id).executeTakeFirst(),
    db.selectFrom('users').select('email').where('id', '=', ctx.user.id).executeTakeFirstOrThrow(),
  ]);
  return {
    kinds: NOTIFICATION_KINDS.map((kind) => ({ kind, ...channels(ctx.user.id, kind) })),
    dailyDigest: digest?.enabled ?? false,
    emailAvailable: mailFor(db) !== null,
    hasEmailAddress: Boolean(user.email),
  };
}

export async function savePreferences(db: Db, ctx: ActionContext, input: { kinds: { kind: NotificationKind; inApp: boolean; email: boolean }[]; dailyDigest: boolean }): Promise<NotificationPreferences> {
  await db.transaction().execute(async (tx) => {
    for (const k of input.kinds) {
      await tx.insertInto('notification_preferences').values({ user_id: ctx.user.id, kind: k.kind, in_app: k.inApp, email: k.email })
        .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ in_app: k.inApp, email: k.email })).execute();
    }
    await tx.insertInto('notification_digests').values({ user_id: ctx.user.id, enabled: input.dailyDigest })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ enabled: input.dailyDigest })).execute();
  });
  return preferences(db, ctx);
}
