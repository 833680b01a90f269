import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Executor } from '../../db/database.js';
import type { TrackingState } from '../../../shared/reports.js';
import type { CurrentUser } from '../auth/current-user.js';
import { visibleTo } from '../incoming/incoming.repository.js';
import { seesWholeAgency } from '../incoming/incoming.policies.js';
import type { TrackingFilter } from './reports.schemas.js';

// The facts every tracking screen and report reads about an incoming document, in one query so the
// dashboard, the tracking register, the exports and the statistics count the same way:
// - its state (TrackingState) as of `today`: completion compared with the due date on Vietnam dates;
// - its lead: the unit (or the unit of the person) the leader's newest top-level lead assignment names;
// - its handler: the official of its newest lead assignment held by a person (at any depth), i.e.
//   the specialist a unit head passed it to, or the person the leader named.
// Work given back (returned) is not theirs any more and is skipped. Visibility is the incoming
// register's own rule (visibleTo), inside the WHERE.

/** The Vietnam calendar date of a timestamp column (Vietnam keeps UTC+7 all year). */
export const vietnamDateOf = (column: string) => sql<string>`((${sql.ref(column)} AT TIME ZONE 'UTC') + interval '7 hours')::date`;

export function stateOf(today: string) {
  return sql<TrackingState>`CASE
    WHEN documents.status = 'completed' THEN
      CASE WHEN documents.due_date IS NULL OR ${vietnamDateOf('documents.completed_at')} <= documents.due_date THEN 'on_time' ELSE 'late' END
    WHEN documents.due_date < ${today}::date THEN 'overdue'
    ELSE 'in_progress' END`;
}

/**
 * How a document's lead and handler are found. `lateral`: two index lookups per document, cheapest
 * when a page of 20 rows is read in order. `join`: each computed once for the whole agency (DISTINCT
 * ON over its assignments) and hash-joined, cheapest when every document of a period is counted or
 * grouped (measured at 100,000 documents, BENCHMARKS.md). Both give the same rows.
 */
export type FactsShape = 'lateral' | 'join';

/** The agency's newest top-level lead of each document, and its newest lead held by a person: the `join` shape. */
function joinedFacts(db: Executor, user: CurrentUser) {
  return db
    .selectFrom('documents')
    .leftJoin(
      (eb) => eb.selectFrom('assignments as la')
        .leftJoin('users as lu', 'lu.id', 'la.assignee_user_id')
        .distinctOn('la.document_id')
        .select(['la.document_id', 'la.id as assignment_id', sql<string | null>`COALESCE(la.assignee_unit_id, lu.unit_id)`.as('unit_id'), 'la.assignee_user_id as user_id'])
        .where('la.agency_id', '=', user.agencyId)
        .where('la.parent_id', 'is', null).where('la.role', '=', 'lead').where('la.status', '<>', 'returned')
        .orderBy('la.document_id').orderBy('la.seq', 'desc')
        .as('lead'),
      (join) => join.onRef('lead.document_id', '=', 'documents.id'),
    )
    .leftJoin(
      (eb) => eb.selectFrom('assignments as ha').distinctOn('ha.document_id').select(['ha.document_id', 'ha.assignee_user_id as user_id'])
        .where('ha.agency_id', '=', user.agencyId)
        .where('ha.role', '=', 'lead').where('ha.assignee_user_id', 'is not', null).where('ha.status', '<>', 'returned')
        .orderBy('ha.document_id').orderBy('ha.seq', 'desc')
        .as('handler'),
      (join) => join.onRef('handler.document_id', '=', 'documents.id'),
    );
}

function lateralFacts(db: Executor) {
  return db
    .selectFrom('documents')
    .leftJoinLateral(
      (eb) => eb.selectFrom('assignments as la')
        .leftJoin('users as lu', 'lu.id', 'la.assignee_user_id')
        .select(['la.id as assignment_id', sql<string | null>`COALESCE(la.assignee_unit_id, lu.unit_id)`.as('unit_id'), 'la.assignee_user_id as user_id'])
        .whereRef('la.document_id', '=', 'documents.id')
        .where('la.parent_id', 'is', null).where('la.role', '=', 'lead').where('la.status', '<>', 'returned')
        .orderBy('la.seq', 'desc').limit(1)
        .as('lead'),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      (eb) => eb.selectFrom('assignments as ha').select('ha.assignee_user_id as user_id')
        .whereRef('ha.document_id', '=', 'documents.id')
        .where('ha.role', '=', 'lead').where('ha.assignee_user_id', 'is not', null).where('ha.status', '<>', 'returned')
        .orderBy('ha.seq', 'desc').limit(1)
        .as('handler'),
      (join) => join.onTrue(),
    );
}

/** The scoped, filtered incoming documents with their lead unit and handler. */
export function trackedDocuments(db: Executor, user: CurrentUser, today: string, filter: TrackingFilter = {}, shape: FactsShape = 'lateral') {
  // The two shapes select the same columns under the same names (lead.*, handler.*); the query
  // builder types them apart only by the document_id column the join shape adds.
  const base = shape === 'join' ? (joinedFacts(db, user) as unknown as ReturnType<typeof lateralFacts>) : lateralFacts(db);
  let q = base
    .where('documents.direction', '=', 'incoming')
    .where(visibleTo(user));
  if (filter.from) q = q.where('documents.received_on', '>=', filter.from);
  if (filter.to) q = q.where('documents.received_on', '<=', filter.to);
  if (filter.dueFrom) q = q.where('documents.due_date', '>=', filter.dueFrom);
  if (filter.dueTo) q = q.where('documents.due_date', '<=', filter.dueTo);
  if (filter.urgency) q = q.where('documents.urgency', '=', filter.urgency);
  if (filter.unitId) q = q.where('lead.unit_id', '=', filter.unitId);
  if (filter.userId) q = q.where('handler.user_id', '=', filter.userId);
  if (filter.state) q = q.where(stateCondition(filter.state, today));
  return q;
}

/** The same rule as stateOf, written so the open/completed partial indexes serve it. */
export function stateCondition(state: TrackingState, today: string) {
  const completedOn = vietnamDateOf('documents.completed_at');
  switch (state) {
    case 'overdue': return sql<SqlBool>`(documents.status <> 'completed' AND documents.due_date < ${today}::date)`;
    case 'in_progress': return sql<SqlBool>`(documents.status <> 'completed' AND (documents.due_date IS NULL OR documents.due_date >= ${today}::date))`;
    case 'on_time': return sql<SqlBool>`(documents.status = 'completed' AND (documents.due_date IS NULL OR ${completedOn} <= documents.due_date))`;
    case 'late': return sql<SqlBool>`(documents.status = 'completed' AND ${completedOn} > documents.due_date)`;
  }
}

/** The columns of the tracking register (Decree 30, PL IV: sổ theo dõi giải quyết văn bản đến). */
export function trackingColumns(today: string) {
  return [
    'documents.id', 'documents.arrival_number', 'documents.received_on', 'documents.document_type', 'documents.number', 'documents.notation',
    'documents.issued_on', 'documents.issuer', 'documents.summary', 'documents.urgency', 'documents.due_date', 'documents.status',
    'documents.signer', 'documents.page_count', 'lead.assignment_id as lead_assignment_id',
    stateOf(today).as('state'),
    vietnamDateOf('documents.completed_at').as('completed_on'),
    sql<string | null>`(SELECT COALESCE(un.name, us.full_name) FROM assignments a LEFT JOIN units un ON un.id = a.assignee_unit_id
      LEFT JOIN users us ON us.id = a.assignee_user_id WHERE a.id = lead.assignment_id)`.as('lead_name'),
    sql<string | null>`(SELECT u.full_name FROM users u WHERE u.id = handler.user_id)`.as('handler_name'),
    sql<string | null>`(SELECT string_agg(DISTINCT COALESCE(un.name, us.full_name), ', ') FROM assignments a
      LEFT JOIN units un ON un.id = a.assignee_unit_id LEFT JOIN users us ON us.id = a.assignee_user_id
      WHERE a.document_id = documents.id AND a.role = 'coordinate' AND a.status <> 'returned')`.as('coordinators'),
    sql<string | null>`(SELECT e.payload->>'note' FROM events e WHERE e.document_id = documents.id AND e.action = 'progress_noted' ORDER BY e.id DESC LIMIT 1)`.as('progress'),
    // "Số, ký hiệu VB trả lời": replies named at completion, and issued outgoing documents drafted as replies.
    sql<string | null>`(SELECT string_agg(DISTINCT concat_ws('/', r.number, r.notation), ', ') FROM documents r
      WHERE r.status = 'issued' AND (r.reply_to_id = documents.id OR r.id IN (SELECT a.reply_document_id FROM assignments a WHERE a.document_id = documents.id)))`.as('reply_reference'),
  ] as const;
}

export type TrackingRow = Awaited<ReturnType<ReturnType<typeof listTracking>['execute']>>[number];
export type TrackingScreenRow = Awaited<ReturnType<ReturnType<typeof listTrackingWithOpenWork>['execute']>>[number];

export function listTracking(db: Executor, user: CurrentUser, today: string, filter: TrackingFilter) {
  return trackedDocuments(db, user, today, filter)
    .select(trackingColumns(today))
    .orderBy('documents.received_on', 'desc')
    .orderBy('documents.arrival_number', 'desc');
}

/**
 * The cheaper shape for counting: `join` when the viewer sees the whole agency and the period is
 * long (more than WIDE_PERIOD_DAYS, or open-ended: a year's statistics, all overdue work), where
 * computing every document's lead once beats a lookup per document; `lateral` otherwise (a unit
 * head's own documents, the charts' twelve weeks). Measured at 100,000 documents (BENCHMARKS.md).
 */
const WIDE_PERIOD_DAYS = 120;
export function factsShapeFor(user: CurrentUser, today: string, filter: TrackingFilter): FactsShape {
  if (!seesWholeAgency(user)) return 'lateral';
  if (!filter.from) return 'join';
  const days = (Date.parse(`${filter.to ?? today}T00:00:00Z`) - Date.parse(`${filter.from}T00:00:00Z`)) / 86_400_000;
  return days > WIDE_PERIOD_DAYS ? 'join' : 'lateral';
}

export type GroupKey = 'unit' | 'person' | 'none' | 'month' | 'type' | 'issuer' | 'urgency' | 'state';
export type StateCountRow = { key: string | null; received: number; onTime: number; late: number; inProgress: number; overdue: number };

function keyColumn(key: GroupKey, today: string): RawBuilder<string | null> {
  return {
    unit: sql<string | null>`lead.unit_id::text`,
    person: sql<string | null>`handler.user_id::text`,
    none: sql<string | null>`NULL::text`,
    month: sql<string | null>`to_char(documents.received_on, 'YYYY-MM')`,
    type: sql<string | null>`documents.document_type`,
    issuer: sql<string | null>`documents.issuer`,
    urgency: sql<string | null>`documents.urgency`,
    state: sql<string | null>`${stateOf(today)}`,
  }[key];
}

/**
 * Counts by state of the scoped documents, grouped by each of `keys` (largest first), in one pass:
 * the facts are read once and grouped by GROUPING SETS, instead of once per key.
 */
export async function stateCountsByMany<K extends GroupKey>(db: Executor, user: CurrentUser, today: string, filter: TrackingFilter, keys: readonly K[]): Promise<Record<K, StateCountRow[]>> {
  const shape = factsShapeFor(user, today, filter);
  if (shape === 'lateral' && keys.length > 1) {
    // Few documents (a unit's, a short period): one query per key, side by side on the pool, was
    // faster than one grouped pass here (the lookups are cheap, the connections run in parallel).
    const parts = await Promise.all(keys.map((key) => groupedCounts(db, user, today, filter, [key], shape)));
    return Object.assign({}, ...parts) as Record<K, StateCountRow[]>;
  }
  return groupedCounts(db, user, today, filter, keys, shape);
}

async function groupedCounts<K extends GroupKey>(db: Executor, user: CurrentUser, today: string, filter: TrackingFilter, keys: readonly K[], shape: FactsShape): Promise<Record<K, StateCountRow[]>> {
  const columns = keys.map((key) => keyColumn(key, today).as(`k_${key}`));
  const facts = trackedDocuments(db, user, today, filter, shape).select([...columns, stateOf(today).as('state')]);
  const refs = keys.map((key) => sql.ref(`f.k_${key}`));
  const { rows } = await sql<{ g: number; received: number; onTime: number; late: number; inProgress: number; overdue: number } & Record<string, string | null>>`
    SELECT GROUPING(${sql.join(refs)})::int AS g, ${sql.join(refs)},
      count(*)::int AS received,
      (count(*) FILTER (WHERE f.state = 'on_time'))::int AS "onTime",
      (count(*) FILTER (WHERE f.state = 'late'))::int AS late,
      (count(*) FILTER (WHERE f.state = 'in_progress'))::int AS "inProgress",
      (count(*) FILTER (WHERE f.state = 'overdue'))::int AS overdue
    FROM (${facts}) AS f
    GROUP BY GROUPING SETS (${sql.join(refs.map((ref) => sql`(${ref})`))})`.execute(db);
  const all = (1 << keys.length) - 1;
  const result = {} as Record<K, StateCountRow[]>;
  keys.forEach((key, i) => {
    // GROUPING() has a 1 bit for each column left out of the row's set; the first column is the highest bit.
    const mine = all - (1 << (keys.length - 1 - i));
    result[key] = rows.filter((r) => r.g === mine)
      .map((r) => ({ key: r[`k_${key}`] ?? null, received: r.received, onTime: r.onTime, late: r.late, inProgress: r.inProgress, overdue: r.overdue }))
      .sort((a, b) => b.received - a.received || String(a.key ?? '\uffff').localeCompare(String(b.key ?? '\uffff')));
  });
  return result;
}

/** Counts by state of the scoped documents, grouped by `key` (a column of the facts), largest first. */
export async function stateCountsBy(db: Executor, user: CurrentUser, today: string, filter: TrackingFilter, key: GroupKey): Promise<StateCountRow[]> {
  return (await stateCountsByMany(db, user, today, filter, [key]))[key];
}

/** Names of the units and officials of the agency, for keys of grouped counts. */
export async function namesOf(db: Executor, agencyId: string) {
  const [units, users] = await Promise.all([
    db.selectFrom('units').select(['id', 'name']).where('agency_id', '=', agencyId).execute(),
    db.selectFrom('users').select(['id', 'full_name as name']).where('agency_id', '=', agencyId).execute(),
  ]);
  return { unit: new Map(units.map((u) => [u.id, u.name])), user: new Map(users.map((u) => [u.id, u.name])) };
}

/** The agency as a register's header names it: its governing body (cơ quan chủ quản), its name, its place. */
export function agencyHeader(db: Executor, agencyId: string) {
  return db.selectFrom('agencies as a').leftJoin('agencies as p', 'p.id', 'a.parent_id')
    .select(['a.name', 'a.short_name', 'a.place_name', 'p.name as parent_name'])
    .where('a.id', '=', agencyId).executeTakeFirstOrThrow();
}

/**
 * The register's screen also names the open work a reminder (đôn đốc) would go to: the newest open
 * lead assignment at any depth (the specialist a unit head passed it to, else the unit or person the
 * leader named). Looked up for the page's rows only, never for the count.
 */
export function listTrackingWithOpenWork(db: Executor, user: CurrentUser, today: string, filter: TrackingFilter) {
  return listTracking(db, user, today, filter)
    .leftJoinLateral(
      (eb) => eb.selectFrom('assignments as wa')
        .leftJoin('users as wu', 'wu.id', 'wa.assignee_user_id')
        .leftJoin('units as wn', 'wn.id', 'wa.assignee_unit_id')
        .select(['wa.id', 'wa.assigned_by', 'wa.assignee_user_id', 'wa.assignee_unit_id', 'wa.role', 'wa.status', 'wu.unit_id as holder_unit_id',
          sql<string | null>`COALESCE(wu.full_name, wn.name)`.as('holder_name')])
        .whereRef('wa.document_id', '=', 'documents.id')
        .where('wa.role', '=', 'lead').where('wa.status', 'in', ['pending', 'in_progress'])
        .orderBy('wa.seq', 'desc').limit(1)
        .as('work'),
      (join) => join.onTrue(),
    )
    .select(['work.id as work_id', 'work.assigned_by as work_assigned_by', 'work.assignee_user_id as work_user_id', 'work.assignee_unit_id as work_unit_id',
      'work.role as work_role', 'work.status as work_status', 'work.holder_unit_id as work_holder_unit_id', 'work.holder_name as work_holder_name']);
}
