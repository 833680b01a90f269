import { type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from 'kysely';
import { countUpTo } from '../../db/count.js';
import type { Executor } from '../../db/database.js';
import { reference } from '../documents/documents.presenters.js';
import type { Database } from '../../db/schema.js';
import { type CurrentUser, delegatorsFor, hasRole } from '../auth/current-user.js';
import { registerRows } from '../search/search.match.js';
import type { OutgoingBox, RegisterQuery } from './outgoing.schemas.js';

type DocEb = ExpressionBuilder<Database, 'documents'>;

/**
 * The ids an official other than a leader may see among the outgoing documents, beside the clerk's
 * approved ones (`outgoingVisibleTo`): a UNION of small indexed lookups.
 */
export function outgoingIdSources(user: CurrentUser): RawBuilder<unknown>[] {
  const headsUnit = hasRole(user, 'unit_head') && user.unitId ? user.unitId : null;
  const sources = [
    sql`SELECT d.id FROM documents d WHERE d.created_by = ${user.id} AND d.direction = 'outgoing'`,
    sql`SELECT s.document_id FROM approval_steps s WHERE s.holder_id = ${user.id}`,
    sql`SELECT ca.document_id FROM consultation_answers ca WHERE ca.user_id = ${user.id}`,
    sql`SELECT r.document_id FROM document_recipients r JOIN documents d ON d.id = r.document_id AND d.status = 'issued' WHERE r.user_id = ${user.id}`,
    // The work on a delivered document, passed on inside the recipient unit.
    sql`SELECT a.document_id FROM assignments a JOIN documents d ON d.id = a.document_id AND d.direction = 'outgoing' WHERE a.assignee_user_id = ${user.id}`,
  ];
  // A delegate sees the drafts that reach (or reached) the desk of whoever delegated approvals to them, while it lasts.
  const delegators = delegatorsFor(user, 'approval');
  if (delegators.length) sources.push(sql`SELECT s.document_id FROM approval_steps s WHERE s.holder_id IN (${sql.join(delegators)})`);
  if (headsUnit) {
    sources.push(
      sql`SELECT d.id FROM documents d WHERE d.drafting_unit_id = ${headsUnit} AND d.direction = 'outgoing'`,
      sql`SELECT ca.document_id FROM consultation_answers ca WHERE ca.unit_id = ${headsUnit}`,
      sql`SELECT r.document_id FROM document_recipients r JOIN documents d ON d.id = r.document_id AND d.status = 'issued' WHERE r.unit_id = ${headsUnit}`,
      sql`SELECT a.document_id FROM assignments a JOIN documents d ON d.id = a.document_id AND d.direction = 'outgoing' WHERE a.assignee_unit_id = ${headsUnit}`,
    );
  }
  return sources;
}

/**
 * The outgoing documents a user may see, as a WHERE condition, always inside their own agency:
 * the agency's leaders see all; the drafter, the head of the drafting unit and whoever holds or
 * held a review step see the draft, as do those consulted; the clerk sees it once approved; after
 * issuance its recipients inside the agency (the named official, or the head of the named unit)
 * see it too, and so does whoever the work on it was passed to inside the recipient unit. For everyone but leaders and clerks it is a UNION of small indexed lookups, so the
 * cost follows the user's own share of the documents, not the size of the agency's (measured in
 * bench/outgoing-100k.ts: OR-ed EXISTS made the planner test every row of the agency).
 */
export function outgoingVisibleTo(user: CurrentUser) {
  return (eb: DocEb): Expression<SqlBool> => {
    const base = eb.and([eb('documents.agency_id', '=', user.agencyId), eb('documents.direction', '=', 'outgoing')]);
    if (hasRole(user, 'leader')) return base;
    const sources = outgoingIdSources(user);
    const own = sql<SqlBool>`documents.id IN (${sql.join(sources, sql` UNION `)})`;
    // The clerk's share is most of the register anyway: a plain condition on the row.
    if (hasRole(user, 'clerk')) return eb.and([base, eb.or([sql<SqlBool>`documents.status IN ('approved', 'signed', 'issued')`, own])]);
    return eb.and([base, own]);
  };
}

/** An answer row `alias` asked of this user: by name, or of the unit they head. */
function consultedAs(user: CurrentUser, alias: string) {
  const a = sql.raw(alias);
  return hasRole(user, 'unit_head') && user.unitId
    ? sql<SqlBool>`(${a}.user_id = ${user.id} OR ${a}.unit_id = ${user.unitId})`
    : sql<SqlBool>`${a}.user_id = ${user.id}`;
}

function receivedBy(user: CurrentUser) {
  return hasRole(user, 'unit_head') && user.unitId ? sql<SqlBool>`(r.user_id = ${user.id} OR r.unit_id = ${user.unitId})` : sql<SqlBool>`r.user_id = ${user.id}`;
}

/** The condition of one outgoing box for this user. */
function boxCondition(user: CurrentUser, box: OutgoingBox) {
  switch (box) {
    case 'review':
      return sql<SqlBool>`EXISTS (SELECT 1 FROM approval_steps s WHERE s.document_id = documents.id AND s.holder_id = ${user.id} AND s.status = 'current')`;
    case 'to_sign':
      // Approved drafts the user is named to sign (the leader's dashboard links here).
      return sql<SqlBool>`documents.status = 'approved' AND documents.signer_id = ${user.id}`;
    case 'mine':
      return sql<SqlBool>`documents.created_by = ${user.id}`;
    case 'consult':
      return sql<SqlBool>`documents.status <> 'issued' AND EXISTS (SELECT 1 FROM consultation_answers ca WHERE ca.document_id = documents.id AND ca.answered_at IS NULL AND ${consultedAs(user, 'ca')})`;
    case 'received':
      // Issued documents delivered to this official, or to the unit they head.
      return sql<SqlBool>`documents.status = 'issued' AND documents.id IN (SELECT r.document_id FROM document_recipients r WHERE ${receivedBy(user)})`;
    case 'to_issue':
      return sql<SqlBool>`documents.status IN ('approved', 'signed')`;
    case 'issued':
      return sql<SqlBool>`documents.status = 'issued'`;
  }
}

export function createOutgoingRepository(db: Executor) {
  return {
    findVisible: (user: CurrentUser, id: string) =>
      db.selectFrom('documents').selectAll().where('id', '=', id).where(outgoingVisibleTo(user)).executeTakeFirst(),

    /** One box, most urgent first, then the longest waiting. */
    async list(user: CurrentUser, box: OutgoingBox, page: number, pageSize: number) {
      const base = db.selectFrom('documents').where(outgoingVisibleTo(user)).where(boxCondition(user, box));
      const [items, total] = await Promise.all([
        base
          .selectAll('documents')
          // Where each stands: who drafted it, and whose review it waits for (one row per page line).
          .select([
            sql<string | null>`(SELECT u.full_name FROM users u WHERE u.id = documents.created_by)`.as('drafter_name'),
            sql<string | null>`(SELECT u.full_name FROM approval_steps s JOIN users u ON u.id = s.holder_id WHERE s.document_id = documents.id AND s.status = 'current' LIMIT 1)`.as('current_holder_name'),
          ])
          .orderBy('documents.urgency_rank', 'desc')
          .orderBy(box === 'issued' || box === 'received' ? 'documents.issued_at' : 'documents.updated_at', box === 'issued' || box === 'received' ? 'desc' : 'asc')
          .orderBy('documents.id')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        countUpTo(db, base),
      ]);
      return { items, ...total };
    },

    /** The outgoing register (sổ văn bản đi): issued documents the user may see, newest first. */
    async register(user: CurrentUser, query: RegisterQuery) {
      const text = registerRows(db, user, query.q, 'issued_on');
      let base = text.rows.where(outgoingVisibleTo(user)).where('documents.status', '=', 'issued');
      if (query.from) base = base.where('documents.issued_on', '>=', query.from);
      if (query.to) base = base.where('documents.issued_on', '<=', query.to);
      if (query.documentType) base = base.where('documents.document_type', '=', query.documentType);
      const [items, total] = await Promise.all([
        base.selectAll('documents').orderBy(text.newest, 'desc').orderBy('documents.issue_number', 'desc')
          .limit(query.pageSize).offset((query.page - 1) * query.pageSize).execute(),
        countUpTo(db, base, text.countCap),
      ]);
      return { items, ...total };
    },

    /** Nơi nhận of several documents at once, for a register page. */
    recipientsOf: (documentIds: string[]) =>
      documentIds.length
        ? db.selectFrom('document_recipients as r').leftJoin('units', 'units.id', 'r.unit_id').leftJoin('users', 'users.id', 'r.user_id').leftJoin('agencies', 'agencies.id', 'r.agency_id')
          .select(['r.document_id', 'r.kind', 'r.name', 'units.name as unitName', 'users.full_name as userName', 'agencies.name as agencyName', 'r.delivered_at'])
          .where('r.document_id', 'in', documentIds).orderBy('r.sort_order').execute()
        : Promise.resolve([]),

    versions: (documentId: string) => db.selectFrom('document_versions').selectAll().where('document_id', '=', documentId).orderBy('version').execute(),
    /** The attachments still on the document (one the drafter took off keeps its row, marked removed). */
    attachments: (documentId: string) => db.selectFrom('attachments').selectAll().where('document_id', '=', documentId).where('removed_at', 'is', null).orderBy('created_at').execute(),
    recipients: (documentId: string) => db.selectFrom('document_recipients').selectAll().where('document_id', '=', documentId).orderBy('sort_order').execute(),
    steps: (documentId: string) => db.selectFrom('approval_steps').selectAll().where('document_id', '=', documentId).orderBy('seq').execute(),
    currentStep: (documentId: string) => db.selectFrom('approval_steps').selectAll().where('document_id', '=', documentId).where('status', '=', 'current').executeTakeFirst(),
    events: (documentId: string) => db.selectFrom('events').selectAll().where('document_id', '=', documentId).orderBy('id').execute(),

    async names(userIds: string[], unitIds: string[], agencyIds: string[]) {
      const [users, units, agencies] = await Promise.all([
        userIds.length ? db.selectFrom('users').select(['id', 'full_name', 'position']).where('id', 'in', userIds).execute() : [],
        unitIds.length ? db.selectFrom('units').select(['id', 'name']).where('id', 'in', unitIds).execute() : [],
        agencyIds.length ? db.selectFrom('agencies').select(['id', 'name']).where('id', 'in', agencyIds).execute() : [],
      ]);
      return {
        user: new Map(users.map((u) => [u.id, { fullName: u.full_name, position: u.position }])),
        unit: new Map(units.map((u) => [u.id, u.name])),
        agency: new Map(agencies.map((a) => [a.id, a.name])),
      };
    },
  };
}

/** The replies to an incoming document that this user may see, for its page. */
export async function repliesTo(db: Executor, user: CurrentUser, incomingId: string) {
  const rows = await db
    .selectFrom('documents')
    .select(['id', 'status', 'summary', 'number', 'notation', 'issued_on', 'created_by'])
    .where('reply_to_id', '=', incomingId)
    .where(outgoingVisibleTo(user))
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ id: r.id, status: r.status, summary: r.summary, reference: reference(r.number, r.notation) || null, issuedOn: r.issued_on }));
}

/** How many documents wait in each outgoing box of this user, for the menu. */
export async function outgoingCounts(db: Executor, user: CurrentUser) {
  const count = (box: OutgoingBox) =>
    db.selectFrom('documents').where(outgoingVisibleTo(user)).where(boxCondition(user, box)).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const mineOpen = db
    .selectFrom('documents').where(outgoingVisibleTo(user)).where('created_by', '=', user.id).where('status', 'in', ['draft', 'returned'])
    .select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const [review, mine, consult, toIssue] = await Promise.all([count('review'), mineOpen, count('consult'), hasRole(user, 'clerk') ? count('to_issue') : Promise.resolve({ n: '0' })]);
  return { review: Number(review.n), mine: Number(mine.n), consult: Number(consult.n), toIssue: Number(toIssue.n) };
}
