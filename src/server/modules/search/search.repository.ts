import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { countUpTo, type CountedTotal, estimateRows } from '../../db/count.js';
import { seesWholeAgency } from '../incoming/incoming.policies.js';
import type { Executor } from '../../db/database.js';
import type { CurrentUser } from '../auth/current-user.js';
import { documentIdsVisibleTo, documentVisibleTo } from '../documents/documents.visibility.js';
import { FACET_FIELDS, FACET_SAMPLE, SEARCH_COUNT_CAP, type FacetField, type FacetValue, type SearchFilters } from '../../../shared/search.js';
import { filesOpenTo, textMatches, textMatchesIndex } from './search.match.js';
import { candidateQuery, exactQuery, type ParsedQuery } from './search.text.js';

// Every query here keeps the user's visibility in its WHERE (documents.visibility.ts): results,
// totals and facet counts never hold a document the user may not open.
//
// Plans: kysely over `pg` sends unnamed statements, planned for their own parameters (a custom
// plan): a generic plan cannot choose between walking the date index (a common word) and the
// bitmap of a rare one (DESIGN.md).

export type Filters = Omit<SearchFilters, 'q' | 'sort'>;

/** The filters that are columns of `documents` (the dates are the index row's). */
function documentConditions(filters: Filters): RawBuilder<SqlBool>[] {
  const where: RawBuilder<SqlBool>[] = [];
  if (filters.direction) where.push(sql<SqlBool>`documents.direction = ${filters.direction}`);
  if (filters.documentType) where.push(sql<SqlBool>`documents.document_type = ${filters.documentType}`);
  if (filters.issuer) where.push(sql<SqlBool>`documents.issuer = ${filters.issuer}`);
  if (filters.urgency) where.push(sql<SqlBool>`documents.urgency = ${filters.urgency}`);
  if (filters.secrecy) where.push(sql<SqlBool>`documents.secrecy = ${filters.secrecy}`);
  if (filters.registerId) where.push(sql<SqlBool>`documents.register_id = ${filters.registerId}`);
  if (filters.status) where.push(sql<SqlBool>`documents.status = ${filters.status}`);
  if (filters.unitId) {
    where.push(sql<SqlBool>`(documents.drafting_unit_id = ${filters.unitId} OR EXISTS (SELECT 1 FROM assignments a WHERE a.document_id = documents.id AND a.assignee_unit_id = ${filters.unitId}))`);
  }
  if (filters.assigneeId) {
    where.push(sql<SqlBool>`EXISTS (SELECT 1 FROM assignments a WHERE a.document_id = documents.id AND a.assignee_user_id = ${filters.assigneeId})`);
  }
  return where;
}

interface MatchOptions {
  /** A further condition (the exact-diacritics split of a ranked page). */
  extra?: RawBuilder<SqlBool>;
  /** The text condition as a tsquery, if not the query's own (the prefix of the suggestions). */
  tsquery?: string;
  /**
   * The query's phrases match few of the agency's documents (the planner's estimate): their
   * candidates come from the index, newest first, and the positions are checked only on those read.
   */
  fewPhraseMatches?: boolean;
}

/** The visible documents matching the text and the filters, joined to their index row `s`. */
function matching(db: Executor, user: CurrentUser, q: ParsedQuery, filters: Filters, options: MatchOptions = {}) {
  const joined = db.selectFrom('documents')
    .innerJoin('document_search as s', 's.document_id', 'documents.id')
    // Said twice (the visibility rule says it of documents): lets the planner walk (agency, date).
    .where('s.agency_id', '=', user.agencyId)
    .where(documentVisibleTo(user));
  // Others see few documents: the join starts from those (their ids said twice as well).
  const own = () => joined.where(documentIdsVisibleTo(user));
  // An official who sees the whole agency: the index rows are walked newest first and each one's
  // document checked for visibility on its own (a LATERAL the planner cannot flatten). As a join the
  // planner took the agency said on both sides for two independent conditions, expected 20 times
  // too few matches, and hashed every match's index row before sorting (0.7–2.4 s for "tỉnh" at
  // 100,000 documents, 15 ms this way). Others see few documents: the join starts from those.
  const rows = seesWholeAgency(user) && options.fewPhraseMatches ? phraseCandidates(db, user, q, filters) : db.selectFrom('document_search as s');
  const walked = rows
    .innerJoinLateral((eb) => eb.selectFrom('documents').selectAll().whereRef('documents.id', '=', 's.document_id').where(documentVisibleTo(user)).offset(0).as('documents'), (join) => join.onTrue())
    .where('s.agency_id', '=', user.agencyId);
  // The same columns under the same names either way ("documents", "s"): one type for the callers.
  let base = (seesWholeAgency(user) ? walked as unknown as typeof joined : own()).where(textMatches(user, q, options.tsquery));
  if (options.extra) base = base.where(options.extra);
  if (filters.from) base = base.where('s.search_date', '>=', filters.from);
  if (filters.to) base = base.where('s.search_date', '<=', filters.to);
  for (const condition of documentConditions(filters)) base = base.where(condition);
  return base;
}

/**
 * The agency's index rows holding a phrase's syllable pairs (and the query's words), newest first:
 * found by the GIN index alone, no row's words read. Sorted inside a subquery the planner keeps
 * whole (ORDER BY, OFFSET 0), the positions (`textMatches` above it) are checked row by row as the
 * page reads them: for the first page, the newest twenty or so. Checked by the index itself, every
 * candidate of every agency was read (its whole row, ~10 KB) before the agency's were kept: 366 rows
 * for "cửa khẩu Tây Trang" at 100,000 documents, 153 ms on PostgreSQL, 437 ms through PGlite's API.
 */
function phraseCandidates(db: Executor, user: CurrentUser, q: ParsedQuery, filters: Filters) {
  const words = candidateQuery(q);
  let candidates = db.selectFrom('document_search as c').selectAll('c')
    .where('c.agency_id', '=', user.agencyId)
    .where(sql<SqlBool>`(c.vector @@ ${words}::tsquery OR c.secret_vector @@ ${words}::tsquery)`);
  if (filters.from) candidates = candidates.where('c.search_date', '>=', filters.from);
  if (filters.to) candidates = candidates.where('c.search_date', '<=', filters.to);
  return db.selectFrom(candidates.orderBy('c.search_date', 'desc').orderBy('c.document_id', 'desc').offset(0).as('s'));
}

/** Matches at least this many (by the planner's estimate) are "broad": not counted, their facets sampled. */
const BROAD = 2 * SEARCH_COUNT_CAP;

/**
 * How many documents the search matches, by the planner's estimate, for an official who sees the
 * whole agency (clerk, leaders: the visibility rule is the agency itself); null for others, whose
 * few visible documents are counted. Estimated in two parts the planner gets right, the words and
 * dates on the index rows (10,000 lexemes of statistics) times the share of the agency's documents
 * the other filters keep; estimated as one join it is 20 times too low (the agency said on both
 * sides is taken for two independent conditions).
 */
async function estimateMatches(db: Executor, user: CurrentUser, q: ParsedQuery, filters: Filters): Promise<number | null> {
  if (!seesWholeAgency(user) || q.reference) return null;
  let words = db.selectFrom('document_search as s').select('s.document_id').where('s.agency_id', '=', user.agencyId).where(textMatchesIndex(q));
  if (filters.from) words = words.where('s.search_date', '>=', filters.from);
  if (filters.to) words = words.where('s.search_date', '<=', filters.to);
  const conditions = documentConditions(filters);
  if (!conditions.length) return estimateRows(db, words);
  const agency = db.selectFrom('documents').select('documents.id').where('documents.agency_id', '=', user.agencyId);
  let kept = agency;
  for (const condition of conditions) kept = kept.where(condition);
  const [matched, all, filtered] = await Promise.all([estimateRows(db, words), estimateRows(db, agency), estimateRows(db, kept)]);
  return Math.round((matched * filtered) / Math.max(1, all));
}

export interface SearchTotal extends CountedTotal {
  /** Broad matches are not counted: the planner's estimate of how many ("about …"), with `totalCapped`. */
  estimate: number | null;
}

/** The total: estimated when broad (counting would read every match's index row), else counted up to the cap. */
async function totalOf(db: Executor, user: CurrentUser, q: ParsedQuery, filters: Filters, estimating: Promise<number | null>, options: MatchOptions): Promise<SearchTotal> {
  const estimate = await estimating;
  if (estimate !== null && estimate >= BROAD) return { total: SEARCH_COUNT_CAP, totalCapped: true, estimate };
  return { ...(await countUpTo(db, matching(db, user, q, filters, options), SEARCH_COUNT_CAP)), estimate: null };
}

/** Phrases whose words the estimate finds in few documents take their candidates from the index (phraseCandidates). */
const phraseOptions = (q: ParsedQuery, estimate: number | null): MatchOptions =>
  ({ fewPhraseMatches: q.phrases.length > 0 && estimate !== null && estimate < BROAD });

const hitColumns = [
  'documents.id', 'documents.direction', 'documents.number', 'documents.notation', 'documents.arrival_number',
  's.search_date', 'documents.issuer', 'documents.document_type', 'documents.urgency', 'documents.secrecy',
  'documents.status', 'documents.summary',
] as const;

export interface PageRequest { offset: number; limit: number }

type Matching = ReturnType<typeof matching>;
const pageOf = (base: Matching, page: PageRequest) =>
  base.select(hitColumns).orderBy('s.search_date', 'desc').orderBy('s.document_id', 'desc').limit(page.limit).offset(page.offset).execute();

export type HitRow = Awaited<ReturnType<typeof pageOf>>[number] & { exact: boolean };

/**
 * A page ordered by relevance without ranking every match (ts_rank over 300,000 matches took
 * 10–14 s, DESIGN.md): the documents holding the words with their diacritics as typed come first,
 * then those matching only without diacritics, each newest first. Indexed queries only, no sort of
 * the whole match; the total is counted no further than SEARCH_COUNT_CAP (past it the answer says
 * "more than 1,000", as the registers do): counting 6,666 matches of "tỉnh" to 10,000 was most of
 * the 2–3 s a search took at 100,000 documents (BENCHMARKS.md).
 */
export async function searchPage(db: Executor, user: CurrentUser, q: ParsedQuery, filters: Filters, rankExact: boolean, page: PageRequest, withTotal = true): Promise<{ rows: HitRow[] } & SearchTotal> {
  const estimating = withTotal || q.phrases.length ? estimateMatches(db, user, q, filters) : Promise.resolve(null);
  // Only a phrase's page waits for the estimate: it decides how the phrase is checked.
  const options = q.phrases.length ? phraseOptions(q, await estimating) : {};
  const all = matching(db, user, q, filters, options);
  const counted = withTotal ? totalOf(db, user, q, filters, estimating, options) : Promise.resolve({ total: 0, totalCapped: false, estimate: null });
  if (!rankExact) {
    const [rows, total] = await Promise.all([pageOf(all, page), counted]);
    return { rows: rows.map((r) => ({ ...r, exact: false })), ...total };
  }
  const exact = exactQuery(q);
  // COALESCE: most documents have no secret_vector, and NOT (false OR NULL) would drop them.
  const exactMatch = sql<SqlBool>`(s.vector @@ ${exact}::tsquery OR COALESCE(s.secret_vector @@ ${exact}::tsquery AND ${filesOpenTo(user)}, false))`;
  const [first, total] = await Promise.all([pageOf(matching(db, user, q, filters, { ...options, extra: exactMatch }), page), counted]);
  let rest: typeof first = [];
  if (first.length < page.limit) {
    // The exact matches end on this page (or before it): how many there are, to start the others where they end.
    const exactTotal = first.length > 0 || page.offset === 0
      ? page.offset + first.length
      : (await countUpTo(db, matching(db, user, q, filters, { ...options, extra: exactMatch }), page.offset)).total;
    rest = await pageOf(matching(db, user, q, filters, { ...options, extra: sql<SqlBool>`NOT ${exactMatch}` }), { offset: Math.max(0, page.offset - exactTotal), limit: page.limit - first.length });
  }
  return { rows: [...first.map((r) => ({ ...r, exact: true })), ...rest.map((r) => ({ ...r, exact: false }))], ...total };
}

const FACET_COLUMNS: Record<FacetField, string> = {
  direction: 'direction', documentType: 'document_type', urgency: 'urgency', secrecy: 'secrecy', status: 'status', issuer: 'issuer',
};
/** The issuers shown in the facet: the most frequent ones. */
const FACET_TOP = 15;

export interface Facets { facets: Record<FacetField, FacetValue[]>; sampled: FacetField[]; sample: number }

/**
 * Counts per value of each filter over the visible matches, the usual faceted-search rule: each
 * facet counts with every chosen filter but its own (choosing "decision" leaves the other types
 * countable). Facets sharing the same filters share one query. A query whose matches are broad
 * (the planner's estimate, as for the total) counts only its newest FACET_SAMPLE matches, and the
 * facet says so (`sampled`): counting all would read every match's index row (2–3 s at 100,000).
 * Others count every match, up to BROAD.
 */
export async function facetCounts(db: Executor, user: CurrentUser, q: ParsedQuery, filters: Filters): Promise<Facets> {
  const groups = new Map<string, { filters: Filters; fields: FacetField[] }>();
  for (const field of FACET_FIELDS) {
    const own = filters[field] !== undefined;
    const key = own ? field : '';
    const group = groups.get(key) ?? { filters: own ? { ...filters, [field]: undefined } : filters, fields: [] };
    group.fields.push(field);
    groups.set(key, group);
  }
  const facets = Object.fromEntries(FACET_FIELDS.map((k) => [k, [] as FacetValue[]])) as Record<FacetField, FacetValue[]>;
  const sampled: FacetField[] = [];
  let sample = BROAD;
  await Promise.all([...groups.values()].map(async (group) => {
    const estimate = await estimateMatches(db, user, q, group.filters);
    const size = estimate !== null && estimate >= BROAD ? FACET_SAMPLE : BROAD;
    const columns = group.fields.map((f) => FACET_COLUMNS[f]);
    const newest = matching(db, user, q, group.filters, phraseOptions(q, estimate))
      .select(columns.map((c) => sql.ref(`documents.${c}`).as(c)))
      .orderBy('s.search_date', 'desc').orderBy('s.document_id', 'desc')
      .limit(size + 1);
    const { rows } = await sql<Record<string, string | number | null>>`
      WITH m AS (${newest})
      SELECT ${sql.join(columns.map((c) => sql.ref(c)))}, count(*)::int AS n, (SELECT count(*) FROM m)::int AS read
        FROM (SELECT * FROM m LIMIT ${size}) AS sample
       GROUP BY GROUPING SETS (${sql.join(columns.map((c) => sql`(${sql.ref(c)})`))})`.execute(db);
    if (rows.some((r) => Number(r.read) > size)) {
      sampled.push(...group.fields);
      sample = Math.min(sample, size);
    }
    for (const row of rows) {
      for (const field of group.fields) {
        const value = row[FACET_COLUMNS[field]];
        if (typeof value === 'string') facets[field].push({ value, count: Number(row.n) });
      }
    }
  }));
  for (const field of FACET_FIELDS) facets[field].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  facets.issuer = facets.issuer.slice(0, FACET_TOP);
  return { facets, sampled: FACET_FIELDS.filter((f) => sampled.includes(f)), sample };
}

/** Characters of each document's file text read for its snippet. */
const SNIPPET_SOURCE_CHARS = 60_000;

/** The file text of the page's documents, only of those whose files the user may open. */
export async function openableTexts(db: Executor, user: CurrentUser, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const { rows } = await sql<{ id: string; body: string | null }>`
    SELECT documents.id, (SELECT left(string_agg(ft.text, E'\n' ORDER BY a.created_at), ${SNIPPET_SOURCE_CHARS})
        FROM attachments a JOIN file_texts ft ON ft.file_hash = a.file_hash::text
       WHERE a.document_id = documents.id AND a.removed_at IS NULL AND ft.text IS NOT NULL) AS body
      FROM documents
     WHERE documents.id IN (${sql.join(ids)}) AND (documents.secrecy = 'none' OR ${filesOpenTo(user)})`.execute(db);
  return new Map(rows.filter((r) => r.body).map((r) => [r.id, r.body!]));
}

/** While typing: the newest visible documents holding the words, the last one as a prefix. */
export function suggestions(db: Executor, user: CurrentUser, q: ParsedQuery, tsquery: string, limit: number) {
  return matching(db, user, q, {}, { tsquery })
    .select(['documents.id', 'documents.direction', 'documents.number', 'documents.notation', 'documents.summary'])
    .orderBy('s.search_date', 'desc').orderBy('s.document_id', 'desc')
    .limit(limit)
    .execute();
}
