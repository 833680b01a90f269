import { type Expression, type ExpressionBuilder, sql, type SqlBool } from 'kysely';
import type { RecordNumbering } from '../../../shared/records.js';
import type { Executor } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { type CurrentUser, hasRole } from '../auth/current-user.js';
import { isAgencyHead } from '../delegation/delegation.policies.js';

// The file plan and case files as stored. Every read of case files goes through
// `caseFileReadableBy`, in the WHERE clause, so no list can show a file of another agency or one
// the reader has no part in.

type FileEb = ExpressionBuilder<Database, 'case_files'>;

/** The keeper, the head of the keeper's unit, and the people the keeper shared the file with; same agency only. */
export function caseFileReadableBy(user: CurrentUser) {
  return (eb: FileEb): Expression<SqlBool> => {
    const mine = [
      eb('case_files.keeper_id', '=', user.id),
      sql<SqlBool>`EXISTS (SELECT 1 FROM case_file_shares s WHERE s.case_file_id = case_files.id AND s.user_id = ${user.id})`,
    ];
    if (hasRole(user, 'unit_head') && user.unitId) mine.push(eb('case_files.keeper_unit_id', '=', user.unitId));
    // The office (which receives files into the agency archive) and the head of the agency (who decides
    // on them when retention ends) read the files that are no longer open; the documents inside keep their own rules.
    if (hasRole(user, 'clerk') || isAgencyHead(user)) mine.push(eb('case_files.status', '<>', 'open'));
    return eb.and([eb('case_files.agency_id', '=', user.agencyId), eb.or(mine)]);
  };
}

export const findPlan = (db: Executor, agencyId: string, year: number) =>
  db.selectFrom('record_plans').selectAll().where('agency_id', '=', agencyId).where('year', '=', year).executeTakeFirst();

/** The plan row locked: changes to one plan (numbers, version) run one at a time. */
export const lockPlan = (db: Executor, agencyId: string, year: number) =>
  db.selectFrom('record_plans').selectAll().where('agency_id', '=', agencyId).where('year', '=', year).forUpdate().executeTakeFirst();

export const agencyNumbering = async (db: Executor, agencyId: string): Promise<RecordNumbering> =>
  (await db.selectFrom('agencies').select('record_numbering').where('id', '=', agencyId).executeTakeFirstOrThrow()).record_numbering;

export const headingsOf = (db: Executor, planId: string) =>
  db.selectFrom('record_headings').selectAll().where('plan_id', '=', planId).orderBy('position').orderBy('created_at').execute();

/** The entries of a plan in the plan's order: by top-level heading, then sub-heading, then number; `window`: only those. */
export function entriesOf(db: Executor, planId: string, window?: { offset: number; limit: number }) {
  const query = db
    .selectFrom('record_plan_entries as e')
    .innerJoin('record_headings as h', 'h.id', 'e.heading_id')
    .innerJoin('record_headings as top', 'top.id', 'e.top_heading_id')
    .leftJoin('units as ku', 'ku.id', 'e.keeper_unit_id')
    .leftJoin('users as kp', 'kp.id', 'e.keeper_user_id')
    .leftJoin('case_files as f', 'f.plan_entry_id', 'e.id')
    .leftJoin('users as fk', 'fk.id', 'f.keeper_id')
    .select([
      'e.id', 'e.heading_id', 'e.top_heading_id', 'top.code as top_code', 'e.number', 'e.notation', 'e.title', 'e.retention', 'e.access_regime',
      'e.keeper_unit_id', 'ku.name as keeper_unit_name', 'e.keeper_user_id', 'kp.full_name as keeper_user_name',
      'f.id as file_id', 'f.code as file_code', 'f.status as file_status', 'f.keeper_id as file_keeper_id', 'f.keeper_unit_id as file_keeper_unit_id', 'fk.full_name as file_keeper_name',
    ])
    .where('e.plan_id', '=', planId)
    .orderBy('top.position').orderBy(sql`CASE WHEN h.id = top.id THEN 0 ELSE h.position END`).orderBy('e.number').orderBy('e.created_at').orderBy('e.id');
  return (window ? query.offset(window.offset).limit(window.limit) : query).execute();
}

/** How many planned files stand directly under each heading of a plan. */
export const entryCounts = async (db: Executor, planId: string) => new Map((await db.selectFrom('record_plan_entries').select(['heading_id', (eb) => eb.fn.countAll<number>().as('n')])
  .where('plan_id', '=', planId).groupBy('heading_id').execute()).map((r) => [r.heading_id, Number(r.n)]));
export type EntryRow = Awaited<ReturnType<typeof entriesOf>>[number];

/**
 * Numbers the entries of a draft plan from 01 in the plan's order (top-level heading, then its own
 * entries before those of its sub-headings, then the order they were added), across the plan or
 * within each top-level heading.
 */
export async function renumberPlan(db: Executor, planId: string, numbering: RecordNumbering) {
  const partition = numbering === 'heading' ? sql`PARTITION BY e.top_heading_id` : sql``;
  await sql`UPDATE record_plan_entries AS t SET number = r.n FROM (
      SELECT e.id, row_number() OVER (${partition} ORDER BY top.position, CASE WHEN h.id = top.id THEN 0 ELSE h.position END, e.created_at, e.id) AS n
      FROM record_plan_entries e JOIN record_headings h ON h.id = e.heading_id JOIN record_headings top ON top.id = e.top_heading_id
      WHERE e.plan_id = ${planId}) AS r
    WHERE t.id = r.id AND t.number <> r.n`.execute(db);
}

/** The next number after an approved plan's last one, in the numbering's scope (numbers already given never change). */
export async function nextNumber(db: Executor, planId: string, topHeadingId: string, numbering: RecordNumbering): Promise<number> {
  let query = db.selectFrom('record_plan_entries').select((eb) => eb.fn.max('number').as('last')).where('plan_id', '=', planId);
  if (numbering === 'heading') query = query.where('top_heading_id', '=', topHeadingId);
  const row = await query.executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

export const revisionsOf = (db: Executor, planId: string) =>
  db.selectFrom('record_plan_revisions as r').innerJoin('users as u', 'u.id', 'r.changed_by')
    .select(['r.version', 'r.action', 'r.before', 'r.after', 'r.changed_at', 'u.full_name'])
    .where('r.plan_id', '=', planId).orderBy('r.version', 'desc').limit(500).execute();

const fileColumns = [
  'case_files.id', 'case_files.agency_id', 'case_files.plan_entry_id', 'case_files.year', 'case_files.code', 'case_files.title', 'case_files.retention',
  'case_files.access_regime', 'case_files.language', 'case_files.keywords', 'case_files.description', 'case_files.start_date', 'case_files.end_date',
  'case_files.page_total', 'case_files.reliability', 'case_files.keeper_id', 'case_files.keeper_unit_id', 'case_files.status', 'case_files.closed_at',
  'case_files.closed_by', 'case_files.next_ordinal', 'case_files.created_at',
  'case_files.deposit_id', 'case_files.deposited_on', 'case_files.retain_until', 'case_files.destroyed_at',
] as const;

/** A case file the user may read; undefined for any other (another agency's, or not theirs). */
export function findReadableFile(db: Executor, user: CurrentUser, id: string, lock = false) {
  const query = db.selectFrom('case_files').select(fileColumns).where('case_files.id', '=', id).where(caseFileReadableBy(user));
  return lock ? query.forUpdate().executeTakeFirst() : query.executeTakeFirst();
}
export type FileRow = NonNullable<Awaited<ReturnType<typeof findReadableFile>>>;

/** The documents linked to a file, in ordinal order, with what the metadata is computed from. */
export const linksOf = (db: Executor, fileId: string) =>
  db.selectFrom('case_file_documents as l')
    .innerJoin('documents as d', 'd.id', 'l.document_id')
    .leftJoin('users as u', 'u.id', 'l.added_by')
    .select([
      'l.ordinal', 'l.added_at', 'u.full_name as added_by_name', 'd.id', 'd.direction', 'd.number', 'd.notation', 'd.document_type', 'd.summary',
      'd.issuer', 'd.issued_on', 'd.received_on', 'd.page_count', 'd.sent_document_id', 'd.edxml_document_id',
    ])
    .where('l.case_file_id', '=', fileId)
    .orderBy('l.ordinal')
    .execute();
export type LinkRow = Awaited<ReturnType<typeof linksOf>>[number];

/** Readable files of a list, newest first, with their document counts. */
export function listFiles(db: Executor, user: CurrentUser, filter: { view: 'mine' | 'shared' | 'unit'; status?: 'open' | 'closed' | 'deposited' | 'destroyed'; documentId?: string }) {
  let query = db.selectFrom('case_files')
    .innerJoin('users as k', 'k.id', 'case_files.keeper_id')
    .select(['case_files.id', 'case_files.code', 'case_files.title', 'case_files.year', 'case_files.status', 'case_files.keeper_id', 'k.full_name as keeper_name',
      'case_files.plan_entry_id', 'case_files.created_at'])
    .select((eb) => eb.selectFrom('case_file_documents as l').select((e) => e.fn.countAll<number>().as('n')).whereRef('l.case_file_id', '=', 'case_files.id').as('doc_total'))
    .where(caseFileReadableBy(user));
  if (filter.documentId) {
    query = query.where((eb) => eb.exists(eb.selectFrom('case_file_documents as l').select('l.ordinal').whereRef('l.case_file_id', '=', 'case_files.id').where('l.document_id', '=', filter.documentId!)));
  } else if (filter.view === 'mine') query = query.where('case_files.keeper_id', '=', user.id);
  else if (filter.view === 'shared') query = query.where((eb) => eb.exists(eb.selectFrom('case_file_shares as s').select('s.user_id').whereRef('s.case_file_id', '=', 'case_files.id').where('s.user_id', '=', user.id)));
  else query = query.where('case_files.keeper_unit_id', '=', user.unitId ?? '00000000-0000-0000-0000-000000000000');
  if (filter.status) query = query.where('case_files.status', '=', filter.status);
  return query.orderBy('case_files.created_at', 'desc').limit(500).execute();
}

export const sharesOf = (db: Executor, fileId: string) =>
  db.selectFrom('case_file_shares as s').innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.full_name', 's.granted_at']).where('s.case_file_id', '=', fileId).orderBy('s.granted_at').execute();
