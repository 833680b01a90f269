import { sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { NotificationKind, NotificationParams, NotificationSubject, NotificationSubjectKind, NotificationView } from '../../../shared/notifications.js';

export interface NotificationRow {
  agencyId: string;
  recipientId: string;
  kind: NotificationKind;
  documentId: string | null;
  assignmentId: string | null;
  actorId: string | null;
  subject: NotificationSubject | null;
  params: NotificationParams;
}

export async function insertNotifications(db: Executor, rows: NotificationRow[]): Promise<string[]> {
  if (!rows.length) return [];
  const inserted = await db.insertInto('notifications').values(rows.map((r) => ({
    agency_id: r.agencyId, recipient_id: r.recipientId, kind: r.kind, document_id: r.documentId,
    assignment_id: r.assignmentId, actor_id: r.actorId, subject_kind: r.subject?.kind ?? null, subject_id: r.subject?.id ?? null,
    params: JSON.stringify(r.params),
  }))).returning('id').execute();
  return inserted.map((r) => r.id);
}

const viewColumns = ['notifications.id', 'notifications.kind', 'notifications.params', 'notifications.document_id', 'notifications.assignment_id', 'notifications.subject_kind', 'notifications.subject_id', 'notifications.created_at', 'notifications.read_at', 'notifications.recipient_id', 'documents.direction'] as const;

type ViewRow = { id: string; kind: string; params: NotificationParams; document_id: string | null; assignment_id: string | null; subject_kind: string | null; subject_id: string | null; created_at: Date; read_at: Date | null; recipient_id: string; direction: string | null };

export function presentNotification(row: ViewRow): NotificationView {
  return {
    id: row.id, kind: row.kind as NotificationKind, params: row.params, documentId: row.document_id, documentDirection: row.direction,
    assignmentId: row.assignment_id,
    subject: row.subject_kind && row.subject_id ? { kind: row.subject_kind as NotificationSubjectKind, id: row.subject_id } : null,
    createdAt: row.created_at.toISOString(), readAt: row.read_at?.toISOString() ?? null,
  };
}

/** The recipient's own notices, newest first (the recipient is the only filter anyone may use). */
export async function listOwn(db: Executor, recipientId: string, options: { limit: number; before?: string; unreadOnly?: boolean }): Promise<(NotificationView & { recipientId: string })[]> {
  let query = db.selectFrom('notifications').leftJoin('documents', 'documents.id', 'notifications.document_id').select(viewColumns)
    .where('notifications.recipient_id', '=', recipientId);
  if (options.before) query = query.where('notifications.created_at', '<', new Date(options.before));
  if (options.unreadOnly) query = query.where('notifications.read_at', 'is', null);
  const rows = await query.orderBy('notifications.created_at', 'desc').orderBy('notifications.id', 'desc').limit(options.limit).execute();
  return rows.map((r) => ({ ...presentNotification(r as ViewRow), recipientId: r.recipient_id }));
}

/** Notices by id for the recipients this server streams to. */
export async function byIdsFor(db: Executor, ids: string[], recipientIds: string[]): Promise<(NotificationView & { recipientId: string })[]> {
  if (!ids.length || !recipientIds.length) return [];
  const rows = await db.selectFrom('notifications').leftJoin('documents', 'documents.id', 'notifications.document_id').select(viewColumns)
    .where('notifications.id', 'in', ids).where('notifications.recipient_id', 'in', recipientIds).orderBy('notifications.created_at').execute();
  return rows.map((r) => ({ ...presentNotification(r as ViewRow), recipientId: r.recipient_id }));
}

export async function unreadCount(db: Executor, recipientId: string): Promise<number> {
  const row = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('recipient_id', '=', recipientId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The unread count of each of these officials (those with none are left out). */
export async function unreadCounts(db: Executor, recipientIds: string[]): Promise<{ recipientId: string; unread: number }[]> {
  const rows = await db.selectFrom('notifications').select(['recipient_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('recipient_id', 'in', recipientIds).where('read_at', 'is', null).groupBy('recipient_id').execute();
  return rows.map((r) => ({ recipientId: r.recipient_id, unread: Number(r.n) }));
}

/** Marks the recipient's own notices read (others' ids are ignored): how many changed. */
export async function markRead(db: Executor, recipientId: string, ids: string[] | 'all', at: Date): Promise<number> {
  let query = db.updateTable('notifications').set({ read_at: at }).where('recipient_id', '=', recipientId).where('read_at', 'is', null);
  if (ids !== 'all') {
    if (!ids.length) return 0;
    query = query.where('id', 'in', ids);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface Recipient { id: string; email: string | null; fullName: string }

export async function activeRecipients(db: Executor, agencyId: string, ids: string[]): Promise<Recipient[]> {
  if (!ids.length) return [];
  return db.selectFrom('users').select(['id', 'email', 'full_name as fullName']).where('agency_id', '=', agencyId).where('active', '=', true).where('id', 'in', ids).execute();
}

/** The heads of a unit (active officials of the unit with the unit_head role). */
export async function unitHeads(db: Executor, unitIds: string[]): Promise<{ id: string; unitId: string }[]> {
  if (!unitIds.length) return [];
  const rows = await db.selectFrom('users').select(['id', 'unit_id']).where('unit_id', 'in', unitIds).where('active', '=', true)
    .where(sql<boolean>`'unit_head' = ANY(roles)`).execute();
  return rows.map((r) => ({ id: r.id, unitId: r.unit_id! }));
}

export async function preferencesOf(db: Executor, userIds: string[]): Promise<{ user_id: string; kind: string; in_app: boolean; email: boolean }[]> {
  if (!userIds.length) return [];
  return db.selectFrom('notification_preferences').selectAll().where('user_id', 'in', userIds).execute();
}

/** Officials concerned by a document, among `among`: whose menu counts its change may move. */
export async function involvedUsers(db: Executor, documentId: string, among: string[]): Promise<string[]> {
  if (!among.length) return [];
  const rows = await sql<{ id: string }>`
    SELECT DISTINCT id FROM (
      SELECT assignee_user_id AS id FROM assignments WHERE document_id = ${documentId}
      UNION SELECT assigned_by FROM assignments WHERE document_id = ${documentId}
      UNION SELECT users.id FROM assignments JOIN users ON users.unit_id = assignments.assignee_unit_id WHERE assignments.document_id = ${documentId}
      UNION SELECT submitted_to FROM documents WHERE id = ${documentId}
      UNION SELECT created_by FROM documents WHERE id = ${documentId}
      UNION SELECT holder_id FROM approval_steps WHERE document_id = ${documentId}
      UNION SELECT users.id FROM documents JOIN users ON users.agency_id = documents.agency_id AND 'clerk' = ANY(users.roles) WHERE documents.id = ${documentId}
    ) AS concerned
    WHERE id = ANY(${sql.val(among)}::uuid[])`.execute(db);
  return rows.rows.map((r) => r.id);
}
