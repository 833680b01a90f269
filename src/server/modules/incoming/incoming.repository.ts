import { type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { InboxBox } from '../../../shared/enums.js';
import { countUpTo } from '../../db/count.js';
import type { Executor } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { type CurrentUser, delegatorsFor, hasRole } from '../auth/current-user.js';
import { heldBy } from '../assignments/assignments.repository.js';
import { registerRows } from '../search/search.match.js';
import { seesWholeAgency } from './incoming.policies.js';
import type { ListQuery } from './incoming.schemas.js';

type DocEb = ExpressionBuilder<Database, 'documents'>;

/**
 * The documents a user may see, as a WHERE condition: the agency's own documents only, and of
 * those all for the clerk and leaders, otherwise the ones assigned to the user or a unit they head.
 */
export function visibleTo(user: CurrentUser) {
  return (eb: DocEb): Expression<SqlBool> => {
    const sameAgency = eb('documents.agency_id', '=', user.agencyId);
    if (seesWholeAgency(user)) return sameAgency;
    const held = sql<SqlBool>`EXISTS (SELECT 1 FROM assignments a WHERE a.document_id = documents.id AND ${heldBy(user)})`;
    // A delegate sees the delegator's desk while the delegation lasts: what waits for their
    // direction, and what they (or the delegate in their name) directed.
    const delegators = delegatorsFor(user, 'incoming');
    if (!delegators.length) return eb.and([sameAgency, held]);
    return eb.and([sameAgency, eb.or([
      held,
      sql<SqlBool>`(documents.status = 'submitted' AND documents.submitted_to IN (${sql.join(delegators)}))`,
      sql<SqlBool>`EXISTS (SELECT 1 FROM assignments a WHERE a.document_id = documents.id AND a.parent_id IS NULL AND a.assigned_by IN (${sql.join(delegators)}))`,
    ])]);
  };
}

/**
 * The ids of the incoming documents `visibleTo` lets an official who does not see the whole agency
 * see, as small indexed lookups (the same rule, row by row there): a superset a list can start
 * from, with `visibleTo` still deciding (search.repository `matching`).
 */
export function incomingIdSources(user: CurrentUser): RawBuilder<unknown>[] {
  const sources = [sql`SELECT a.document_id FROM assignments a WHERE ${heldBy(user)}`];
  const delegators = delegatorsFor(user, 'incoming');
  if (delegators.length) {
    sources.push(
      sql`SELECT d.id FROM documents d WHERE d.status = 'submitted' AND d.submitted_to IN (${sql.join(delegators)})`,
      sql`SELECT a.document_id FROM assignments a WHERE a.parent_id IS NULL AND a.assigned_by IN (${sql.join(delegators)})`,
    );
  }
  return sources;
}

type Entry = RawBuilder<unknown>;

/**
 * The documents of one inbox — incoming ones, and issued outgoing ones delivered to the user's unit
 * or to them — with the due date that matters for each and two flags (the work came
 * back to the user; a result waits for their confirmation), as a UNION of small indexed lookups
 * (assignments the user holds, documents waiting on them), so the cost follows the size of the
 * user's own work, not of the agency's register.
 */
function inboxEntries(user: CurrentUser, box: InboxBox, today: string) {
  const headsUnit = hasRole(user, 'unit_head') && user.unitId;
  const held = (condition: Entry) => {
    const columns = sql`a.document_id, a.due_date, a.sent_back_at IS NOT NULL, false`;
    const byName = sql`SELECT ${columns} FROM assignments a WHERE a.assignee_user_id = ${user.id} AND a.role <> 'info' AND ${condition}`;
    return headsUnit
      ? sql`${byName} UNION ALL SELECT ${columns} FROM assignments a WHERE a.assignee_unit_id = ${user.unitId} AND a.role <> 'info' AND ${condition}`
      : byName;
  };
  const awaitingMyConfirmation = () => {
    const columns = sql`c.document_id, c.due_date, false, true`;
    const parts = [
      sql`SELECT ${columns} FROM assignments c JOIN assignments p ON p.id = c.parent_id WHERE c.status = 'awaiting_confirmation' AND p.assignee_user_id = ${user.id}`,
      sql`SELECT ${columns} FROM assignments c WHERE c.parent_id IS NULL AND COALESCE(c.confirm_by, c.assigned_by) = ${user.id} AND c.status = 'awaiting_confirmation'`,
    ];
    if (headsUnit) parts.push(sql`SELECT ${columns} FROM assignments c JOIN assignments p ON p.id = c.parent_id WHERE c.status = 'awaiting_confirmation' AND p.assignee_unit_id = ${user.unitId}`);
    return sql.join(parts, sql` UNION ALL `);
  };
  const submittedToMe = (condition: Entry = sql`true`) =>
    sql`SELECT d.id, d.due_date, d.returned_at IS NOT NULL, false FROM documents d WHERE d.status = 'submitted' AND d.direction = 'incoming' AND d.submitted_to = ${user.id} AND ${condition}`;
  const clerkDesk = (statuses: string[]) =>
    sql`SELECT d.id, d.due_date, d.status = 'returned', false FROM documents d WHERE d.agency_id = ${user.agencyId} AND d.direction = 'incoming' AND d.status IN (${sql.join(statuses)})`;
  const directedByMe = (status: string) =>
    sql`SELECT d.id, d.due_date, false, false FROM assignments a JOIN documents d ON d.id = a.document_id
        WHERE a.assigned_by = ${user.id} AND a.parent_id IS NULL AND d.direction = 'incoming' AND d.status = ${status}`;
  const parts: Entry[] = [];
  switch (box) {
    case 'todo':
      parts.push(held(sql`a.status = 'pending'`), awaitingMyConfirmation(), submittedToMe());
      if (hasRole(user, 'clerk')) parts.push(clerkDesk(['registered', 'returned']));
      break;
    case 'in_progress':
      parts.push(held(sql`a.status IN ('in_progress', 'awaiting_confirmation')`));
      if (hasRole(user, 'leader')) parts.push(directedByMe('in_progress'));
      break;
    case 'returned':
      parts.push(held(sql`a.status IN ('pending', 'in_progress') AND a.sent_back_at IS NOT NULL`), submittedToMe(sql`d.returned_at IS NOT NULL`));
      if (hasRole(user, 'clerk')) parts.push(clerkDesk(['returned']));
      break;
    case 'done':
      parts.push(held(sql`a.status = 'completed'`));
      if (hasRole(user, 'leader')) parts.push(directedByMe('completed'));
      break;
    case 'overdue':
      parts.push(held(sql`a.status IN ('pending', 'in_progress') AND a.due_date < ${today}`), submittedToMe(sql`d.due_date < ${today}`));
      break;
    case 'info': {
      const columns = sql`a.document_id, a.due_date, false, false`;
      parts.push(sql`SELECT ${columns} FROM assignments a WHERE a.assignee_user_id = ${user.id} AND a.role = 'info'`);
      if (headsUnit) parts.push(sql`SELECT ${columns} FROM assignments a WHERE a.assignee_unit_id = ${user.unitId} AND a.role = 'info'`);
      break;
    }
  }
  return sql<{ document_id: string; my_due_date: string | null; returned: boolean; to_confirm: boolean }>`(SELECT document_id, min(due_date) AS my_due_date, bool_or(returned) AS returned, bool_or(to_confirm) AS to_confirm
    FROM (${sql.join(parts, sql` UNION ALL `)}) AS entries (document_id, due_date, returned, to_confirm) GROUP BY document_id)`;
}

/** For-information assignments the user has not seen yet. */
function inboxEntriesUnreadInfo(user: CurrentUser) {
  return sql`SELECT a.id FROM assignments a WHERE a.agency_id = ${user.agencyId} AND ${heldBy(user)} AND a.role = 'info' AND a.status = 'pending'`;
}

const listColumns = [
  'documents.id',
  'documents.direction',
  'documents.arrival_number',
  'documents.received_on',
  'documents.issuer',
  'documents.issuer_id',
  'documents.number',
  'documents.notation',
  'documents.issued_on',
  'documents.document_type',
  'documents.summary',
  'documents.urgency',
  'documents.secrecy',
  'documents.due_date',
  'documents.status',
  'documents.created_at',
] as const;

/**
 * The register's own columns (Decree 30, appendix IV): who the clerk passed the document to, when that
 * person first opened it (the electronic "ký nhận"), who leads its handling, and the note (why it came back).
 */
export const registerColumns = [
  sql<string | null>`(SELECT u.full_name FROM users u WHERE u.id = documents.submitted_to)`.as('recipient'),
  sql<Date | null>`(SELECT min(v.viewed_at) FROM document_views v WHERE v.document_id = documents.id AND v.user_id = documents.submitted_to)`.as('acknowledged_at'),
  sql<string | null>`(SELECT string_agg(COALESCE(un.name, us.full_name), ', ' ORDER BY a.seq) FROM assignments a
    LEFT JOIN units un ON un.id = a.assignee_unit_id LEFT JOIN users us ON us.id = a.assignee_user_id
    WHERE a.document_id = documents.id AND a.parent_id IS NULL AND a.role = 'lead')`.as('lead_name'),
  'documents.return_reason',
  // "Số, ký hiệu VB trả lời": the issued replies named when the work was completed.
  sql<string | null>`(SELECT string_agg(DISTINCT concat_ws('/', r.number, r.notation), ', ') FROM assignments a
    JOIN documents r ON r.id = a.reply_document_id WHERE a.document_id = documents.id)`.as('reply_reference'),
] as const;

export function createIncomingRepository(db: Executor) {
  return {
    async findVisible(user: CurrentUser, id: string) {
      return db.selectFrom('documents').selectAll().where('id', '=', id).where('direction', '=', 'incoming').where(visibleTo(user)).executeTakeFirst();
    },

    /** The incoming register: filters, newest first, one page and the total. */
    async list(user: CurrentUser, query: ListQuery) {
      const text = registerRows(db, user, query.q, 'received_on');
      let base = text.rows.where('documents.direction', '=', 'incoming').where(visibleTo(user));
      if (query.from) base = base.where('documents.received_on', '>=', query.from);
      if (query.to) base = base.where('documents.received_on', '<=', query.to);
      if (query.issuer) base = base.where('documents.issuer', 'ilike', `%${escapeLike(query.issuer)}%`);
      if (query.documentType) base = base.where('documents.document_type', '=', query.documentType);
      if (query.status) base = base.where('documents.status', '=', query.status);
      if (query.urgency) base = base.where('documents.urgency', '=', query.urgency);
      if (query.submittedTo) base = base.where('documents.submitted_to', '=', query.submittedTo);
      const [items, total] = await Promise.all([
        base
          .select(listColumns)
          .select(registerColumns)
          .orderBy(text.newest, 'desc')
          .orderBy('documents.arrival_number', 'desc')
          .limit(query.pageSize)
          .offset((query.page - 1) * query.pageSize)
          .execute(),
        countUpTo(db, base, text.countCap),
      ]);
      return { items, ...total };
    },

    /** One inbox, ordered by urgency (hỏa tốc first), then the nearest due date. */
    async inbox(user: CurrentUser, box: InboxBox, today: string, page: number, pageSize: number) {
      const base = db
        .selectFrom('documents')
        .innerJoin(inboxEntries(user, box, today).as('mine'), 'mine.document_id', 'documents.id')
        .where('documents.agency_id', '=', user.agencyId);
      const [items, total] = await Promise.all([
        base
          .select(listColumns)
          .select(sql<string | null>`COALESCE(mine.my_due_date, documents.due_date)`.as('my_due_date'))
          .select(['mine.returned', 'mine.to_confirm'])
          // Someone acted on it in this official's name (delegation): their list marks it.
          .select(sql<boolean>`EXISTS (SELECT 1 FROM events e WHERE e.document_id = documents.id AND e.on_behalf_of_id = ${user.id})`.as('by_delegate'))
          .orderBy('documents.urgency_rank', 'desc')
          .orderBy(sql`COALESCE(mine.my_due_date, documents.due_date)`, (ob) => ob.asc().nullsLast())
          .orderBy('documents.received_on', 'desc')
          .orderBy('documents.arrival_number', 'desc')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        countUpTo(db, base),
      ]);
      return { items, ...total };
    },

    async inboxCounts(user: CurrentUser, today: string) {
      const count = (box: InboxBox) => sql<number>`(SELECT count(*)::int FROM documents
          JOIN ${inboxEntries(user, box, today)} AS mine ON mine.document_id = documents.id
          WHERE documents.agency_id = ${user.agencyId})`;
      const unreadInfo = sql<number>`(SELECT count(*)::int FROM (${inboxEntriesUnreadInfo(user)}) AS unread)`;
      const row = await sql<{ todo: number; in_progress: number; returned: number; overdue: number; info: number }>`
        SELECT ${count('todo')} AS todo, ${count('in_progress')} AS in_progress, ${count('returned')} AS returned, ${count('overdue')} AS overdue, ${unreadInfo} AS info`.execute(db);
      return row.rows[0]!;
    },

    async duplicates(agencyId: string, issuer: string, number: string | undefined, notation: string | undefined) {
      if (!number && !notation) return [];
      return db
        .selectFrom('documents')
        .select(['id', 'arrival_number', 'received_on', 'issuer', 'number', 'notation', 'summary'])
        .where('agency_id', '=', agencyId)
        .where('direction', '=', 'incoming')
        .where(sql`lower(number)`, 'is not distinct from', number?.toLowerCase() ?? null)
        .where(sql`lower(notation)`, 'is not distinct from', notation?.toLowerCase() ?? null)
        .where(sql`lower(btrim(issuer))`, '=', issuer.trim().toLowerCase())
        .orderBy('received_on', 'desc')
        .limit(10)
        .execute();
    },

    attachment: (documentId: string, attachmentId: string) =>
      db.selectFrom('attachments').selectAll().where('id', '=', attachmentId).where('document_id', '=', documentId).executeTakeFirst(),

    attachments: (documentId: string) =>
      db.selectFrom('attachments').selectAll().where('document_id', '=', documentId).orderBy('created_at').execute(),

    events: (documentId: string) =>
      db
        .selectFrom('events')
        .leftJoin('users as actor', 'actor.id', 'events.actor_id')
        .leftJoin('users as principal', 'principal.id', 'events.on_behalf_of_id')
        .select(['events.id', 'events.action', 'events.payload', 'events.created_at', 'events.assignment_id', 'events.actor_id', 'actor.full_name as actor_name', 'actor.position as actor_position', 'principal.full_name as on_behalf_of_name'])
        .where('events.document_id', '=', documentId)
        .orderBy('events.id')
        .execute(),

    userNames: async (ids: string[]) => {
      if (!ids.length) return new Map<string, string>();
      const rows = await db.selectFrom('users').select(['id', 'full_name']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, r.full_name]));
    },
  };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
