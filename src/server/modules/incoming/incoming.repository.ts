import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { InboxBox } from '../../../shared/enums.js';
import type { Executor } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { type CurrentUser, hasRole } from '../auth/current-user.js';
import { seesWholeAgency } from './incoming.policies.js';
import type { ListQuery } from './incoming.schemas.js';

type DocEb = ExpressionBuilder<Database, 'documents'>;

/** An assignment `a` held by the user: named, or to a unit the user heads. */
function heldBy(user: CurrentUser) {
  const headsUnit = hasRole(user, 'unit_head') && user.unitId;
  return headsUnit
    ? sql<SqlBool>`(a.assignee_user_id = ${user.id} OR a.assignee_unit_id = ${user.unitId})`
    : sql<SqlBool>`a.assignee_user_id = ${user.id}`;
}

/**
 * The documents a user may see, as a WHERE condition: the agency's own documents only, and of
 * those all for the clerk and leaders, otherwise the ones assigned to the user or a unit they head.
 */
export function visibleTo(user: CurrentUser) {
  return (eb: DocEb): Expression<SqlBool> => {
    const sameAgency = eb('documents.agency_id', '=', user.agencyId);
    if (seesWholeAgency(user)) return sameAgency;
    return eb.and([
      sameAgency,
      sql<SqlBool>`EXISTS (SELECT 1 FROM assignments a WHERE a.document_id = documents.id AND ${heldBy(user)})`,
    ]);
  };
}

/** Each inbox as a condition on `documents`; `today` is the agency's date. */
function inboxCondition(user: CurrentUser, box: InboxBox, today: string) {
  const held = heldBy(user);
  const isClerk = hasRole(user, 'clerk') ? sql`TRUE` : sql`FALSE`;
  const isLeader = hasRole(user, 'leader') ? sql`TRUE` : sql`FALSE`;
  const own = (extra: ReturnType<typeof sql>) =>
    sql<SqlBool>`EXISTS (SELECT 1 FROM assignments a WHERE a.document_id = documents.id AND ${held} AND ${extra})`;
  switch (box) {
    case 'todo':
      return sql<SqlBool>`(${own(sql`a.status = 'pending' AND a.role <> 'info'`)}
        OR (documents.status = 'submitted' AND documents.submitted_to = ${user.id})
        OR (${isClerk} AND documents.status IN ('registered', 'returned')))`;
    case 'in_progress':
      return sql<SqlBool>`(${own(sql`a.status = 'in_progress' AND a.role <> 'info'`)}
        OR (${isLeader} AND documents.status = 'in_progress' AND EXISTS (SELECT 1 FROM assignments a
              WHERE a.document_id = documents.id AND a.parent_id IS NULL AND a.assigned_by = ${user.id})))`;
    case 'done':
      return sql<SqlBool>`(${own(sql`a.status = 'completed' AND a.role <> 'info'`)}
        OR (${isLeader} AND documents.status = 'completed' AND EXISTS (SELECT 1 FROM assignments a
              WHERE a.document_id = documents.id AND a.parent_id IS NULL AND a.assigned_by = ${user.id})))`;
    case 'overdue':
      return sql<SqlBool>`(${own(sql`a.status IN ('pending', 'in_progress') AND a.role <> 'info' AND a.due_date < ${today}`)}
        OR (documents.status = 'submitted' AND documents.submitted_to = ${user.id} AND documents.due_date < ${today}))`;
    case 'info':
      return own(sql`a.role = 'info'`);
  }
}

/** The due date that matters to this user: their earliest open assignment's, else the document's. */
function myDueDate(user: CurrentUser) {
  return sql<string | null>`COALESCE((SELECT min(a.due_date) FROM assignments a
    WHERE a.document_id = documents.id AND ${heldBy(user)} AND a.status IN ('pending', 'in_progress')), documents.due_date)`;
}

const listColumns = [
  'documents.id',
  'documents.arrival_number',
  'documents.received_on',
  'documents.issuer',
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

export function createIncomingRepository(db: Executor) {
  return {
    async findVisible(user: CurrentUser, id: string) {
      return db.selectFrom('documents').selectAll().where('id', '=', id).where('direction', '=', 'incoming').where(visibleTo(user)).executeTakeFirst();
    },

    /** The incoming register: filters, newest first, one page and the total. */
    async list(user: CurrentUser, query: ListQuery) {
      let base = db.selectFrom('documents').where('documents.direction', '=', 'incoming').where(visibleTo(user));
      if (query.from) base = base.where('documents.received_on', '>=', query.from);
      if (query.to) base = base.where('documents.received_on', '<=', query.to);
      if (query.issuer) base = base.where('documents.issuer', 'ilike', `%${escapeLike(query.issuer)}%`);
      if (query.documentType) base = base.where('documents.document_type', '=', query.documentType);
      if (query.status) base = base.where('documents.status', '=', query.status);
      if (query.urgency) base = base.where('documents.urgency', '=', query.urgency);
      if (query.q) {
        const like = `%${escapeLike(query.q)}%`;
        base = base.where((eb) => eb.or([
          eb('documents.summary', 'ilike', like),
          eb('documents.notation', 'ilike', like),
          eb('documents.number', 'ilike', like),
        ]));
      }
      const [items, total] = await Promise.all([
        base
          .select(listColumns)
          .orderBy('documents.received_on', 'desc')
          .orderBy('documents.arrival_number', 'desc')
          .limit(query.pageSize)
          .offset((query.page - 1) * query.pageSize)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.count) };
    },

    /** One inbox, ordered by urgency (hỏa tốc first), then the nearest due date. */
    async inbox(user: CurrentUser, box: InboxBox, today: string, page: number, pageSize: number) {
      const base = db
        .selectFrom('documents')
        .where('documents.agency_id', '=', user.agencyId)
        .where('documents.direction', '=', 'incoming')
        .where(inboxCondition(user, box, today));
      const [items, total] = await Promise.all([
        base
          .select(listColumns)
          .select(myDueDate(user).as('my_due_date'))
          .orderBy('documents.urgency_rank', 'desc')
          .orderBy(sql`my_due_date`, (ob) => ob.asc().nullsLast())
          .orderBy('documents.received_on', 'desc')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.count) };
    },

    async inboxCounts(user: CurrentUser, today: string) {
      const count = (box: InboxBox) =>
        sql<number>`(SELECT count(*)::int FROM documents WHERE documents.agency_id = ${user.agencyId}
          AND documents.direction = 'incoming' AND ${inboxCondition(user, box, today)})`;
      const unreadInfo = sql<number>`(SELECT count(*)::int FROM assignments a WHERE a.agency_id = ${user.agencyId}
          AND ${heldBy(user)} AND a.role = 'info' AND a.status = 'pending')`;
      const row = await sql<{ todo: number; in_progress: number; overdue: number; info: number }>`
        SELECT ${count('todo')} AS todo, ${count('in_progress')} AS in_progress, ${count('overdue')} AS overdue, ${unreadInfo} AS info`.execute(db);
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

    attachments: (documentId: string) =>
      db.selectFrom('attachments').selectAll().where('document_id', '=', documentId).orderBy('created_at').execute(),

    assignments: (documentId: string) =>
      db
        .selectFrom('assignments')
        .leftJoin('users as assignee', 'assignee.id', 'assignments.assignee_user_id')
        .leftJoin('units as unit', 'unit.id', 'assignments.assignee_unit_id')
        .innerJoin('users as assigner', 'assigner.id', 'assignments.assigned_by')
        .selectAll('assignments')
        .select(['assignee.full_name as assignee_user_name', 'assignee.position as assignee_position', 'unit.name as assignee_unit_name', 'assigner.full_name as assigned_by_name'])
        .where('assignments.document_id', '=', documentId)
        .orderBy('assignments.seq')
        .execute(),

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
