/**
 * E-mail about messages left unread. A member of a conversation who has not read its new messages
 * for `afterMinutes` (MESSAGE_EMAIL_AFTER_MINUTES, default 15) gets one mail for that conversation:
 * its unread messages (sender, time, first words) and the link to it; not one mail a message, and
 * never twice for the same messages (conversation_members.mailed_seq). Nothing for what they read in
 * time, for their own messages, for a conversation they left (or were removed from), for the
 * history before they joined, for an inactive official, across agencies (the official's agency must
 * be the conversation's, in the SQL of the claim), or when they switched the kind `message_unread`
 * off by e-mail. The app's badge already counts unread messages: there is no notice in the bell.
 *
 * A periodic scan (a job queued every minute with a singleton key, as the meeting reminders) finds the
 * members due; each is claimed in a transaction of its own that locks the member's row, checks again,
 * moves mailed_seq past the messages mailed and enqueues the mail: two scans racing, on two servers
 * or after a restart, mail once. The mail is composed in that transaction, while membership holds.
 */
import { sql, type SqlBool } from 'kysely';
import type { Db, Executor } from '../../db/database.js';
import { AGENCY_TIME_ZONE, type Clock } from '../../time.js';
import { defineJob, enqueue, type JobLog, schedulePeriodicJob } from '../jobs/jobs.js';
import { emailText, mailFor, subjectLink } from '../notifications/notifications.email.js';
import { emailRecipients } from '../notifications/notifications.service.js';

export interface UnreadMailSettings {
  /** Minutes a message stays unread before it is mailed; 0: no such mails. */
  afterMinutes: number;
}

export const DEFAULT_UNREAD_MAILS: UnreadMailSettings = { afterMinutes: 15 };

/** Messages listed in one mail (the rest are counted). */
const LISTED = 10;
/** Characters of a message's text shown in the mail. */
const FIRST_WORDS = 100;

interface Member { conversation_id: string; user_id: string }

/**
 * Current members, of the conversation's agency and active, with a message of someone else past
 * what they read and what they were mailed, sent before `cutoff`.
 */
function due(db: Executor, cutoff: Date, only?: Member) {
  let query = db.selectFrom('conversation_members as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .innerJoin('users as u', (join) => join.onRef('u.id', '=', 'm.user_id').onRef('u.agency_id', '=', 'c.agency_id').on('u.active', '=', true))
    .select(['m.conversation_id', 'm.user_id', 'm.last_read_seq', 'm.mailed_seq', 'c.agency_id', 'c.kind', 'c.name'])
    .where('m.left_at', 'is', null)
    .where(({ exists, selectFrom }) => exists(selectFrom('messages as x').select('x.id')
      .whereRef('x.conversation_id', '=', 'm.conversation_id').whereRef('x.sender_id', '!=', 'm.user_id')
      .where(sql<SqlBool>`x.seq > greatest(m.last_read_seq, m.mailed_seq)`).where('x.created_at', '<=', cutoff)));
  if (only) query = query.where('m.conversation_id', '=', only.conversation_id).where('m.user_id', '=', only.user_id);
  return query;
}

interface UnreadMessage { seq: string; body: string; link_kind: string | null; created_at: Date; sender: string; files: string | null }

interface Unread { listed: UnreadMessage[]; count: number; lastSeq: string }

/** The messages of others past `after`, oldest first (the first LISTED), their count and last seq. */
async function unreadOf(tx: Executor, member: Member, after: string): Promise<Unread> {
  const base = tx.selectFrom('messages as x').where('x.conversation_id', '=', member.conversation_id)
    .where('x.sender_id', '!=', member.user_id).where('x.seq', '>', after as never);
  const [listed, totals] = await Promise.all([
    base.innerJoin('users as s', 's.id', 'x.sender_id')
      .select(['x.seq', 'x.body', 'x.link_kind', 'x.created_at', 's.full_name as sender'])
      .select((eb) => eb.selectFrom('message_files as f').select(sql<string>`string_agg(f.file_name, ', ')`.as('files')).whereRef('f.message_id', '=', 'x.id').as('files'))
      .orderBy('x.seq').limit(LISTED).execute() as Promise<UnreadMessage[]>,
    base.select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.max('x.seq').as('last')]).executeTakeFirstOrThrow(),
  ]);
  return { listed, count: Number(totals.n), lastSeq: String(totals.last ?? '0') };
}

const timeParts = new Intl.DateTimeFormat('en-GB', { timeZone: AGENCY_TIME_ZONE, hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', hourCycle: 'h23' });

/** "08:05 02/12" in Vietnam time (the locale's own short form varies: 02-12). */
function shortTime(instant: Date): string {
  const part = Object.fromEntries(timeParts.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${part.hour}:${part.minute} ${part.day}/${part.month}`;
}

/** "- 08:05 02/12 Đặng Văn Long: Chị Ngọc ơi, chiều nay…" */
function line(m: UnreadMessage): string {
  const text = m.body.replace(/\s+/g, ' ').trim();
  const words = text.length > FIRST_WORDS ? `${text.slice(0, FIRST_WORDS).replace(/\s+\S*$/, '')}…` : text;
  const extra = m.files ? emailText('messagesFiles', { files: m.files }) : m.link_kind ? emailText('messagesLink') : '';
  return `- ${shortTime(m.created_at)} ${m.sender}: ${[words, extra].filter(Boolean).join(' ')}`;
}

/** The conversation's name as the member sees it: the group's, or the colleague's in a direct one. */
async function titleFor(tx: Executor, member: Member, conversation: { kind: string; name: string | null; agency_id: string }): Promise<string> {
  if (conversation.kind === 'group') return conversation.name ?? '';
  const other = await tx.selectFrom('conversation_members as o').innerJoin('users as u', 'u.id', 'o.user_id').select('u.full_name')
    .where('o.conversation_id', '=', member.conversation_id).where('o.user_id', '!=', member.user_id).where('u.agency_id', '=', conversation.agency_id)
    .orderBy('u.full_name').executeTakeFirst();
  return other?.full_name ?? '';
}

/** The mail: the member's unread messages (the first LISTED, the rest counted), the link, why it came. */
async function compose(tx: Executor, member: Member, conversation: { kind: string; name: string | null; agency_id: string }, unread: Unread, settings: UnreadMailSettings) {
  const title = await titleFor(tx, member, conversation);
  const link = subjectLink(mailFor(tx)!, { kind: 'conversation', id: member.conversation_id });
  const more = unread.count - unread.listed.length;
  const text = [
    emailText('messagesIntro', { count: unread.count, conversation: title }),
    '',
    ...unread.listed.map(line),
    ...(more > 0 ? [emailText('messagesMore', { count: more })] : []),
    ...(link ? ['', emailText('messagesOpen', { link })] : []),
    '',
    emailText('messagesWhy', { minutes: settings.afterMinutes }),
  ].join('\n');
  return { subject: emailText('messagesSubject', { count: unread.count, conversation: title }), text };
}

/** Claims and mails one member's unread messages of one conversation: whether a mail was enqueued. */
async function mailOne(db: Db, member: Member, cutoff: Date, settings: UnreadMailSettings): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    // Locked, then checked again: a scan racing this one waits here and finds the messages mailed.
    const row = await due(tx, cutoff, member).forUpdate('m').executeTakeFirst();
    if (!row) return false;
    const after = BigInt(row.last_read_seq) > BigInt(row.mailed_seq) ? row.last_read_seq : row.mailed_seq;
    const unread = await unreadOf(tx, member, after);
    if (!unread.count) return false;
    await tx.updateTable('conversation_members').set({ mailed_seq: unread.lastSeq })
      .where('conversation_id', '=', member.conversation_id).where('user_id', '=', member.user_id).execute();
    // Claimed whatever the channel: switching e-mail on later does not mail old messages.
    const [to] = await emailRecipients(tx, row.agency_id, [member.user_id], 'message_unread');
    if (!to?.email) return false;
    await enqueue(tx, 'notifications.send-mail', { to: to.email, ...(await compose(tx, member, row, unread, settings)) });
    return true;
  });
}

/** One pass over the conversations of every agency; safe to run at any time, any number of times. */
export async function scanUnreadMessages(deps: { db: Db; clock: Clock }, settings: UnreadMailSettings = DEFAULT_UNREAD_MAILS): Promise<{ mailed: number }> {
  if (settings.afterMinutes <= 0) return { mailed: 0 };
  const cutoff = new Date(deps.clock.now().getTime() - settings.afterMinutes * 60_000);
  const members = await due(deps.db, cutoff).execute();
  let mailed = 0;
  for (const member of members) if (await mailOne(deps.db, member, cutoff, settings)) mailed += 1;
  return { mailed };
}

declare module '../jobs/jobs.js' {
  interface JobPayloads {
    'messages.scan-unread': UnreadMailSettings;
  }
}

export const scanUnreadMessagesJob = defineJob('messages.scan-unread', async (settings, ctx) => {
  const { mailed } = await scanUnreadMessages({ db: ctx.db, clock: ctx.clock }, settings);
  if (mailed) ctx.log(`unread messages: ${mailed} mails`);
}, { retryLimit: 1, retryDelaySeconds: 30, expireInSeconds: 300 });

/** A scan every minute with this server's MESSAGE_EMAIL_AFTER_MINUTES. Returns the stop function. */
export function scheduleUnreadMessageScans(db: Executor, settings: UnreadMailSettings, log: JobLog): () => void {
  return schedulePeriodicJob(db, 'messages.scan-unread', settings, log);
}
