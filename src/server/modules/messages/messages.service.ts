import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { ConversationDetail, ConversationSummary, MessageLink, MessagePage, MessageSearchHit, MessageView } from '../../../shared/chat.js';
import type { Db, Executor } from '../../db/database.js';
import { isUniqueViolation } from '../../db/unique.js';
import { DomainError, ValidationError, forbidden, notFound } from '../../http/errors.js';
import type { Clock } from '../../time.js';
import type { ActionContext, CurrentUser } from '../auth/current-user.js';
import { reference } from '../documents/documents.presenters.js';
import { documentVisibleTo } from '../documents/documents.visibility.js';
import { type FileStore, openStoredFile } from '../files/file-store.js';
import type { ReceivedUpload } from '../files/uploads.js';
import { publish } from '../notifications/notifications.bus.js';
import { parseQuery } from '../search/search.text.js';
import { canLeave, canManage } from './messages.policies.js';
import * as repo from './messages.repository.js';
import type { CreateBody, MessageBody } from './messages.schemas.js';

// Messages between officials of one agency (issue 12).
//
// Leaving a group, or being removed from it, ends ALL access to it: the conversation leaves the
// list, its messages and files answer 404, and the stream no longer forwards its events. We do not
// keep "what they saw before" readable: a removal in an agency usually means the official should no
// longer see the group's work (a transfer to another unit, a confidential follow-up), files sent in
// a group are the agency's working files rather than personal property, and one rule ("current
// members only", in the SQL of every read) is simpler to check than a per-member cut-off. Whoever
// is added (again) sees the conversation's whole history, as a newcomer needs the context.

export interface MessagesDeps { db: Db; clock: Clock; files: FileStore }

const conversationNotFound = () => notFound('CONVERSATION_NOT_FOUND');

async function requireMembership(db: Executor, user: CurrentUser, id: string) {
  const conversation = await repo.findMembership(db, user, id);
  if (!conversation) throw conversationNotFound();
  return conversation;
}

function toSummary(row: repo.SummaryRow): ConversationSummary {
  const text = row.last_body || (row.last_files ? `📎 ${row.last_files}` : row.last_link ? '🔗' : '');
  return {
    id: row.id,
    kind: row.kind,
    title: row.kind === 'group' ? row.name ?? '' : row.other_name ?? '',
    createdBy: row.created_by,
    memberCount: Number(row.member_count),
    unread: Number(row.unread),
    lastMessage: row.last_at ? { sender: row.last_sender ?? '', text: text.slice(0, 200), at: new Date(row.last_at).toISOString() } : null,
  };
}

export async function listConversations(deps: MessagesDeps, ctx: ActionContext): Promise<{ items: ConversationSummary[]; unread: number }> {
  const items = (await repo.summaries(deps.db, ctx.user)).map(toSummary);
  return { items, unread: items.reduce((n, c) => n + c.unread, 0) };
}

export async function unreadCount(deps: MessagesDeps, ctx: ActionContext): Promise<{ unread: number }> {
  return { unread: await repo.unreadTotal(deps.db, ctx.user) };
}

export async function getConversation(deps: MessagesDeps, ctx: ActionContext, id: string): Promise<ConversationDetail> {
  const conversation = await requireMembership(deps.db, ctx.user, id);
  const [summary] = await repo.summaries(deps.db, ctx.user, id);
  if (!summary) throw conversationNotFound();
  const members = await repo.currentMembers(deps.db, id);
  const actions: ConversationDetail['actions'] = [];
  if (canManage(ctx.user, conversation)) actions.push('manage');
  if (canLeave(ctx.user, conversation)) actions.push('leave');
  return {
    ...toSummary(summary),
    members: members.map((m) => ({ id: m.id, fullName: m.full_name, unitName: m.unit_name, lastReadSeq: Number(m.last_read_seq) })),
    actions,
  };
}

async function requireColleagues(db: Executor, user: CurrentUser, ids: string[], field: string) {
  const found = await repo.colleagues(db, user.agencyId, ids);
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) throw ValidationError.field(ids.length === 1 && field === 'userId' ? field : `${field}.${missing}`, 'NOT_COLLEAGUE');
}

/** A direct conversation with a colleague (the existing one if any: 200), or a new group (201). */
export async function createConversation(deps: MessagesDeps, ctx: ActionContext, body: CreateBody): Promise<{ created: boolean; conversation: ConversationDetail }> {
  const user = ctx.user;
  if (body.kind === 'direct') {
    if (body.userId === user.id) throw ValidationError.field('userId', 'NOT_YOURSELF');
    await requireColleagues(deps.db, user, [body.userId], 'userId');
    const key = [user.id, body.userId].sort().join(':');
    const existing = await deps.db.selectFrom('conversations').select('id').where('direct_key', '=', key).executeTakeFirst();
    if (existing) return { created: false, conversation: await getConversation(deps, ctx, existing.id) };
    let id: string;
    try {
      id = await deps.db.transaction().execute(async (tx) => {
        const row = await tx.insertInto('conversations').values({ agency_id: user.agencyId, kind: 'direct', name: null, created_by: user.id, direct_key: key }).returning('id').executeTakeFirstOrThrow();
        await tx.insertInto('conversation_members').values([{ conversation_id: row.id, user_id: user.id }, { conversation_id: row.id, user_id: body.userId }]).execute();
        return row.id;
      });
    } catch (error) {
      // Both opened it at the same moment: the other request's conversation is the one.
      if (!isUniqueViolation(error)) throw error;
      id = (await deps.db.selectFrom('conversations').select('id').where('direct_key', '=', key).executeTakeFirstOrThrow()).id;
    }
    return { created: true, conversation: await getConversation(deps, ctx, id) };
  }
  const others = [...new Set(body.memberIds)].filter((id) => id !== user.id);
  await requireColleagues(deps.db, user, others, 'memberIds');
  const id = await deps.db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('conversations').values({ agency_id: user.agencyId, kind: 'group', name: body.name, created_by: user.id, direct_key: null }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('conversation_members').values([user.id, ...others].map((userId) => ({ conversation_id: row.id, user_id: userId }))).execute();
    await publish(tx, { t: 'm', conversation: row.id, message: null });
    return row.id;
  });
  return { created: true, conversation: await getConversation(deps, ctx, id) };
}

/** The creator of a group adds colleagues (back). */
export async function addMembers(deps: MessagesDeps, ctx: ActionContext, id: string, userIds: string[]): Promise<ConversationDetail> {
  const conversation = await requireMembership(deps.db, ctx.user, id);
  if (conversation.kind === 'direct') throw new DomainError('DIRECT_CONVERSATION_FIXED', 409);
  if (!canManage(ctx.user, conversation)) throw forbidden('CONVERSATION_CREATOR_ONLY');
  const ids = [...new Set(userIds)];
  await requireColleagues(deps.db, ctx.user, ids, 'userIds');
  await deps.db.transaction().execute(async (tx) => {
    // What was said before they joined is read in the app, never mailed to them (messages.unread-mails.ts).
    const said = sql<string>`(SELECT coalesce(max(seq), 0) FROM messages WHERE conversation_id = ${id})`;
    for (const userId of ids) {
      await tx.insertInto('conversation_members').values({ conversation_id: id, user_id: userId, mailed_seq: said })
        .onConflict((oc) => oc.columns(['conversation_id', 'user_id']).doUpdateSet({ left_at: null, joined_at: sql`now()`, mailed_seq: said }))
        .execute();
    }
    await publish(tx, { t: 'm', conversation: id, message: null });
  });
  return getConversation(deps, ctx, id);
}

async function endMembership(tx: Executor, id: string, userId: string) {
  await tx.updateTable('conversation_members').set({ left_at: sql`now()` }).where('conversation_id', '=', id).where('user_id', '=', userId).where('left_at', 'is', null).execute();
  await publish(tx, { t: 'm', conversation: id, message: null });
}

/** The creator removes a member: from now on they read nothing of the group. */
export async function removeMember(deps: MessagesDeps, ctx: ActionContext, id: string, userId: string): Promise<ConversationDetail> {
  const conversation = await requireMembership(deps.db, ctx.user, id);
  if (conversation.kind === 'direct') throw new DomainError('DIRECT_CONVERSATION_FIXED', 409);
  if (!canManage(ctx.user, conversation)) throw forbidden('CONVERSATION_CREATOR_ONLY');
  if (userId === ctx.user.id) throw ValidationError.field('userId', 'NOT_YOURSELF');
  await deps.db.transaction().execute((tx) => endMembership(tx, id, userId));
  return getConversation(deps, ctx, id);
}

/** A member leaves a group. */
export async function leave(deps: MessagesDeps, ctx: ActionContext, id: string): Promise<void> {
  const conversation = await requireMembership(deps.db, ctx.user, id);
  if (conversation.kind === 'direct') throw new DomainError('DIRECT_CONVERSATION_FIXED', 409);
  if (!canLeave(ctx.user, conversation)) {
    const others = (await repo.currentMembers(deps.db, id)).filter((m) => m.id !== ctx.user.id);
    if (others.length) throw new DomainError('CREATOR_CANNOT_LEAVE', 409);
  }
  await deps.db.transaction().execute((tx) => endMembership(tx, id, ctx.user.id));
}

/** Messages as `reader` sees them: files, links (details only of documents they may open), receipts. */
async function present(db: Executor, reader: CurrentUser, rows: repo.MessageRow[], members: repo.MemberRow[] | null): Promise<MessageView[]> {
  const files = await repo.filesOf(db, rows.map((r) => r.id));
  const documentIds = [...new Set(rows.filter((r) => r.link_kind === 'document').map((r) => r.link_id!))];
  const visible = documentIds.length
    ? new Map((await db.selectFrom('documents').select(['id', 'number', 'notation', 'summary', 'direction']).where('id', 'in', documentIds).where(documentVisibleTo(reader)).execute()).map((d) => [d.id, d]))
    : new Map();
  return rows.map((row) => {
    let link: MessageLink | null = null;
    if (row.link_kind && row.link_id) {
      const doc = row.link_kind === 'document' ? visible.get(row.link_id) : undefined;
      link = doc
        ? { kind: 'document', id: row.link_id, visible: true, title: doc.summary, reference: reference(doc.number, doc.notation) || null, direction: doc.direction }
        // A task's own page checks its reader (tasks are another module); a document the reader may not open shows nothing of it.
        : { kind: row.link_kind, id: row.link_id, visible: row.link_kind === 'task', title: null, reference: null, direction: null };
    }
    const seq = Number(row.seq);
    return {
      id: row.id,
      seq,
      conversationId: row.conversation_id,
      sender: { id: row.sender_id, fullName: row.sender_name },
      text: row.body,
      link,
      files: files.filter((f) => f.message_id === row.id).map((f) => ({ id: f.id, fileName: f.file_name, mimeType: f.mime_type, size: Number(f.size_bytes) })),
      createdAt: new Date(row.created_at).toISOString(),
      seenBy: members && row.sender_id === reader.id ? members.filter((m) => m.id !== reader.id && Number(m.last_read_seq) >= seq).map((m) => m.full_name) : [],
    };
  });
}

export async function listMessages(deps: MessagesDeps, ctx: ActionContext, id: string, before: number | undefined, limit: number): Promise<MessagePage> {
  await requireMembership(deps.db, ctx.user, id);
  const rows = await repo.messagesOf(deps.db, id, before, limit + 1);
  const more = rows.length > limit;
  const page = rows.slice(0, limit).reverse();
  const items = await present(deps.db, ctx.user, page, await repo.currentMembers(deps.db, id));
  return { items, nextBefore: more && page.length ? Number(page[0]!.seq) : null };
}

async function insertMessage(tx: Executor, clock: Clock, ctx: ActionContext, conversationId: string, text: string, link: MessageBody['link']): Promise<string> {
  const row = await tx.insertInto('messages').values({
    // The server's clock: how long a message stays unread (its e-mail) is measured against the same one.
    conversation_id: conversationId, sender_id: ctx.user.id, body: text, link_kind: link?.kind ?? null, link_id: link?.id ?? null, created_at: clock.now(),
    search_vector: sql<string>`vn_search_vector(${text})`,
  }).returning(['id', 'seq', 'created_at']).executeTakeFirstOrThrow();
  await tx.updateTable('conversations').set({ last_message_at: row.created_at }).where('id', '=', conversationId).execute();
  // What I send I have seen.
  await tx.updateTable('conversation_members').set({ last_read_seq: row.seq }).where('conversation_id', '=', conversationId).where('user_id', '=', ctx.user.id).execute();
  // Delivered to the members' open browsers at commit (never for a rolled-back message).
  await publish(tx, { t: 'm', conversation: conversationId, message: row.id });
  return row.id;
}

async function viewOf(db: Executor, reader: CurrentUser, messageId: string): Promise<MessageView> {
  const row = await repo.messageById(db, messageId);
  if (!row) throw notFound();
  const [view] = await present(db, reader, [row], await repo.currentMembers(db, row.conversation_id));
  return view!;
}

export async function postMessage(deps: MessagesDeps, ctx: ActionContext, id: string, body: MessageBody): Promise<MessageView> {
  await requireMembership(deps.db, ctx.user, id);
  if (body.link?.kind === 'document') {
    // Only a document the sender may open is shared; each reader's own right decides what they see of it.
    const doc = await deps.db.selectFrom('documents').select('id').where('id', '=', body.link.id).where(documentVisibleTo(ctx.user)).executeTakeFirst();
    if (!doc) throw ValidationError.field('link.id', 'LINK_NOT_OPENABLE');
  }
  const messageId = await deps.db.transaction().execute(async (tx) => {
    // Membership checked again inside the transaction, locked: a removal cannot slip between.
    const still = await tx.selectFrom('conversation_members').select('user_id').where('conversation_id', '=', id).where('user_id', '=', ctx.user.id).where('left_at', 'is', null).forUpdate().executeTakeFirst();
    if (!still) throw conversationNotFound();
    return insertMessage(tx, deps.clock, ctx, id, body.text, body.link ?? null);
  });
  return viewOf(deps.db, ctx.user, messageId);
}

/** Files dropped into a conversation: one message carrying them (and the text typed with them). */
export async function postFiles(deps: MessagesDeps, ctx: ActionContext, id: string, upload: ReceivedUpload, text: string): Promise<MessageView> {
  await requireMembership(deps.db, ctx.user, id);
  if (!upload.files.length) throw new DomainError('FILE_REQUIRED', 400);
  const messageId = await deps.db.transaction().execute(async (tx) => {
    const still = await tx.selectFrom('conversation_members').select('user_id').where('conversation_id', '=', id).where('user_id', '=', ctx.user.id).where('left_at', 'is', null).forUpdate().executeTakeFirst();
    if (!still) throw conversationNotFound();
    await upload.commit();
    const messageId = await insertMessage(tx, deps.clock, ctx, id, text, null);
    await tx.insertInto('message_files').values(upload.files.map((f) => ({ message_id: messageId, file_hash: f.hash, file_name: f.fileName, mime_type: f.mimeType, size_bytes: f.size }))).execute();
    return messageId;
  });
  return viewOf(deps.db, ctx.user, messageId);
}

/** I have seen the conversation up to `seq` (never moves back). */
export async function markRead(deps: MessagesDeps, ctx: ActionContext, id: string, seq: number): Promise<{ unread: number }> {
  await requireMembership(deps.db, ctx.user, id);
  await deps.db.transaction().execute(async (tx) => {
    const max = await tx.selectFrom('messages').select((eb) => eb.fn.max('seq').as('max')).where('conversation_id', '=', id).executeTakeFirst();
    const upTo = Math.min(seq, Number(max?.max ?? 0));
    const changed = await tx.updateTable('conversation_members').set({ last_read_seq: upTo })
      .where('conversation_id', '=', id).where('user_id', '=', ctx.user.id).where('last_read_seq', '<', String(upTo) as never).executeTakeFirst();
    // The senders' "đã xem" and my other browsers' badges follow.
    if (Number(changed.numUpdatedRows)) await publish(tx, { t: 'm', conversation: id, message: null });
  });
  return unreadCount(deps, ctx);
}

export async function searchHistory(deps: MessagesDeps, ctx: ActionContext, q: string, conversationId: string | undefined): Promise<{ items: MessageSearchHit[] }> {
  const words = [...new Set([...parseQuery(q).words, ...parseQuery(q).phrases.flat()].map((w) => w.plain))].filter(Boolean);
  if (!words.length) return { items: [] };
  const rows = await repo.searchMessages(deps.db, ctx.user, words, conversationId);
  const views = await present(deps.db, ctx.user, rows, null);
  return { items: views.map((v, i) => ({ ...v, conversationTitle: rows[i]!.conversation_title })) };
}

export async function openFile(deps: MessagesDeps, ctx: ActionContext, id: string, fileId: string): Promise<{ stream: Readable; mimeType: string; fileName: string; size: number }> {
  const file = await repo.fileFor(deps.db, ctx.user, id, fileId);
  if (!file) throw notFound();
  const stream = await openStoredFile(deps.files, file.file_hash, file.file_name);
  return { stream, mimeType: file.mime_type, fileName: file.file_name, size: Number(file.size_bytes) };
}
