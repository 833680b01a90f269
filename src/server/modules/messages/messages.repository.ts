import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { CurrentUser } from '../auth/current-user.js';

// Every read here is scoped in SQL by current membership (left_at IS NULL) and by the reader's
// agency: a conversation of which one is not (or no longer) a member does not exist for them.

export interface ConversationRow {
  id: string;
  agency_id: string;
  kind: 'direct' | 'group';
  name: string | null;
  created_by: string;
  created_at: Date;
  last_message_at: Date | null;
  last_read_seq: string;
}

/** The conversation if `user` is a current member of it, in their agency. */
export async function findMembership(db: Executor, user: CurrentUser, conversationId: string): Promise<ConversationRow | undefined> {
  return db.selectFrom('conversations as c')
    .innerJoin('conversation_members as m', 'm.conversation_id', 'c.id')
    .select(['c.id', 'c.agency_id', 'c.kind', 'c.name', 'c.created_by', 'c.created_at', 'c.last_message_at', 'm.last_read_seq'])
    .where('c.id', '=', conversationId).where('c.agency_id', '=', user.agencyId)
    .where('m.user_id', '=', user.id).where('m.left_at', 'is', null)
    .executeTakeFirst();
}

export interface SummaryRow {
  id: string;
  kind: 'direct' | 'group';
  name: string | null;
  created_by: string;
  member_count: string;
  unread: string;
  other_name: string | null;
  last_body: string | null;
  last_sender: string | null;
  last_at: Date | null;
  last_link: string | null;
  last_files: string | null;
}

/** My conversations (or one of them), newest activity first, with unread counts and the last message. */
export async function summaries(db: Executor, user: CurrentUser, onlyId?: string): Promise<SummaryRow[]> {
  const { rows } = await sql<SummaryRow>`
    SELECT c.id, c.kind, c.name, c.created_by,
      (SELECT count(*) FROM conversation_members m2 WHERE m2.conversation_id = c.id AND m2.left_at IS NULL) AS member_count,
      (SELECT count(*) FROM messages x WHERE x.conversation_id = c.id AND x.seq > me.last_read_seq AND x.sender_id <> me.user_id) AS unread,
      (SELECT u.full_name FROM conversation_members o JOIN users u ON u.id = o.user_id
        WHERE o.conversation_id = c.id AND o.user_id <> me.user_id ORDER BY u.full_name LIMIT 1) AS other_name,
      lm.body AS last_body, lm.sender AS last_sender, lm.created_at AS last_at, lm.link_kind AS last_link, lm.files AS last_files
    FROM conversation_members me
    JOIN conversations c ON c.id = me.conversation_id
    LEFT JOIN LATERAL (
      SELECT x.body, x.created_at, x.link_kind, u.full_name AS sender,
        (SELECT string_agg(f.file_name, ', ') FROM message_files f WHERE f.message_id = x.id) AS files
      FROM messages x JOIN users u ON u.id = x.sender_id
      WHERE x.conversation_id = c.id ORDER BY x.seq DESC LIMIT 1
    ) lm ON true
    WHERE me.user_id = ${user.id} AND me.left_at IS NULL AND c.agency_id = ${user.agencyId}
      ${onlyId ? sql`AND c.id = ${onlyId}` : sql``}
    ORDER BY coalesce(c.last_message_at, c.created_at) DESC
    LIMIT 500`.execute(db);
  return rows;
}

/** Unread messages in all my conversations (the side menu's badge). */
export async function unreadTotal(db: Executor, user: CurrentUser): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    SELECT count(*) AS n FROM conversation_members me
    JOIN conversations c ON c.id = me.conversation_id AND c.agency_id = ${user.agencyId}
    JOIN messages x ON x.conversation_id = me.conversation_id AND x.seq > me.last_read_seq AND x.sender_id <> me.user_id
    WHERE me.user_id = ${user.id} AND me.left_at IS NULL`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export interface MemberRow { id: string; full_name: string; unit_name: string | null; last_read_seq: string }

export async function currentMembers(db: Executor, conversationId: string): Promise<MemberRow[]> {
  return db.selectFrom('conversation_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .leftJoin('units as un', 'un.id', 'u.unit_id')
    .select(['u.id', 'u.full_name', 'un.name as unit_name', 'm.last_read_seq'])
    .where('m.conversation_id', '=', conversationId).where('m.left_at', 'is', null)
    .orderBy('u.full_name')
    .execute();
}

/** Of these ids, the active officials of the agency (members must be colleagues). */
export async function colleagues(db: Executor, agencyId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('users').select('id').where('id', 'in', ids).where('agency_id', '=', agencyId).where('active', '=', true).execute();
  return new Set(rows.map((r) => r.id));
}

export interface MessageRow {
  id: string;
  seq: string;
  conversation_id: string;
  sender_id: string;
  sender_name: string;
  body: string;
  link_kind: 'document' | 'task' | null;
  link_id: string | null;
  created_at: Date;
}

const messageColumns = ['x.id', 'x.seq', 'x.conversation_id', 'x.sender_id', 'u.full_name as sender_name', 'x.body', 'x.link_kind', 'x.link_id', 'x.created_at'] as const;

export async function messagesOf(db: Executor, conversationId: string, before: number | undefined, limit: number): Promise<MessageRow[]> {
  let query = db.selectFrom('messages as x').innerJoin('users as u', 'u.id', 'x.sender_id').select(messageColumns)
    .where('x.conversation_id', '=', conversationId);
  if (before) query = query.where('x.seq', '<', String(before) as never);
  return query.orderBy('x.seq', 'desc').limit(limit).execute();
}

export async function messageById(db: Executor, id: string): Promise<MessageRow | undefined> {
  return db.selectFrom('messages as x').innerJoin('users as u', 'u.id', 'x.sender_id').select(messageColumns).where('x.id', '=', id).executeTakeFirst();
}

/**
 * Messages of my current conversations whose text holds every word of the query, with or without
 * diacritics: each word (as search.text.ts folds it, unaccented) is a prefix in a tsquery against
 * vn_search_vector(), which holds both forms of every word (migration 0017).
 */
export async function searchMessages(db: Executor, user: CurrentUser, words: string[], conversationId: string | undefined): Promise<(MessageRow & { conversation_title: string })[]> {
  const tsquery = words.map((w) => `${w}:*`).join(' & ');
  const { rows } = await sql<MessageRow & { conversation_title: string }>`
    SELECT x.id, x.seq, x.conversation_id, x.sender_id, u.full_name AS sender_name, x.body, x.link_kind, x.link_id, x.created_at,
      coalesce(c.name, (SELECT ou.full_name FROM conversation_members o JOIN users ou ON ou.id = o.user_id
        WHERE o.conversation_id = c.id AND o.user_id <> ${user.id} LIMIT 1), '') AS conversation_title
    FROM conversation_members me
    JOIN conversations c ON c.id = me.conversation_id AND c.agency_id = ${user.agencyId}
    JOIN messages x ON x.conversation_id = me.conversation_id
    JOIN users u ON u.id = x.sender_id
    WHERE me.user_id = ${user.id} AND me.left_at IS NULL
      AND x.search_vector @@ to_tsquery('simple', ${tsquery})
      ${conversationId ? sql`AND c.id = ${conversationId}` : sql``}
    ORDER BY x.seq DESC LIMIT 50`.execute(db);
  return rows;
}

export async function filesOf(db: Executor, messageIds: string[]) {
  if (!messageIds.length) return [];
  return db.selectFrom('message_files').select(['id', 'message_id', 'file_name', 'mime_type', 'size_bytes']).where('message_id', 'in', messageIds).orderBy('file_name').execute();
}

/** A file of a conversation, found only through a current membership of its reader. */
export async function fileFor(db: Executor, user: CurrentUser, conversationId: string, fileId: string) {
  return db.selectFrom('message_files as f')
    .innerJoin('messages as x', 'x.id', 'f.message_id')
    .innerJoin('conversations as c', 'c.id', 'x.conversation_id')
    .innerJoin('conversation_members as m', (join) => join.onRef('m.conversation_id', '=', 'c.id').on('m.user_id', '=', user.id).on('m.left_at', 'is', null))
    .select(['f.file_hash', 'f.file_name', 'f.mime_type', 'f.size_bytes'])
    .where('f.id', '=', fileId).where('c.id', '=', conversationId).where('c.agency_id', '=', user.agencyId)
    .executeTakeFirst();
}

/** Of the online officials, those who are current members of the conversation (the stream's filter). */
export async function onlineMembers(db: Executor, conversationId: string, userIds: string[]): Promise<string[]> {
  if (!userIds.length) return [];
  const rows = await db.selectFrom('conversation_members').select('user_id')
    .where('conversation_id', '=', conversationId).where('left_at', 'is', null).where('user_id', 'in', userIds).execute();
  return rows.map((r) => r.user_id);
}
