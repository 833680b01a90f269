import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { countUpTo, type CountedTotal } from '../../db/count.js';
import type { Executor } from '../../db/database.js';
import type { CurrentUser } from '../auth/current-user.js';
import { documentVisibleTo } from '../documents/documents.visibility.js';
import type { FacetField, FacetValue, SearchFilters } from '../../../shared/search.js';
import { filesOpenTo, textMatches } from './search.match.js';
import { exactQuery, type ParsedQuery } from './search.text.js';

// Every query here keeps the user's visibility in its WHERE (documents.visibility.ts): results,
// totals and facet counts never hold a document the user may not open.
//
// Plans: kysely over `pg` sends unnamed statements, planned for their own parameters (a custom
// plan): a generic plan cannot choose between walking the date index (a common word) and the
// bitmap of a rare one (DESIGN.md).

export type Filters = Omit<SearchFilters, 'q' | 'sort'>;

/** The visible documents matching the text and the filters, joined to their index row `s`. */
function matching(db: Executor, user: CurrentUser, q: ParsedQuery, filters: Filters, extra?: RawBuilder<SqlBool>, tsquery?: string) {
  let base = db.selectFrom('documents')
    .innerJoin('document_search as s', 's.document_id', 'documents.id')
    // Said twice (the visibility rule says it of documents): lets the planner walk (agency, date).
    .where('s.agency_id', '=', user.agencyId)
    .where(documentVisibleTo(user))
    .where(textMatches(user, q, tsquery));
  if (extra) base = base.where(extra);
  if (filters.direction) base = base.where('documents.direction', '=', filters.direction);
  if (filters.documentType) base = base.where('documents.document_type', '=', filters.documentType);
  if (filters.issuer) base = base.where('documents.issuer', '=', filters.issuer);
  if (filters.from) base = base.where('s.search_date', '>=', filters.from);
  if (filters.to) base = base.where('s.search_date', '<=', filters.to);
  if (filters.urgency) base = base.where('documents.urgency', '=', filters.urgency);
  if (filters.secrecy) base = base.where('documents.secrecy', '=', filters.secrecy);
  if (filters.registerId) base = base.where('documents.register_id', '=', filters.registerId);
  if (filters.status) base = base.where('documents.status', '=', filters.status);
  if (filters.unitId) {
    const unitId = filters.unitId;
    base = base.where(sql<SqlBool>`(documents.drafting_unit_id = ${unitId} OR EXISTS (SELECT 1 FROM assignments a WHERE a.document_id = documents.id AND a.assignee_unit_id = ${unitId}))`);
  }
  if (filters.assigneeId) {
    base = base.where(sql<SqlBool>`EXISTS (SELECT 1 FROM assignments a WHERE a.document_id = documents.id AND a.assignee_user_id = ${filters.assigneeId})`);
  }
  return base;
}

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
 * the whole match; the totals come from the index (no row is read to tell exact from not).
 */
export async function searchPage(db: Executor, user: CurrentUser, q: ParsedQuery, filters: Filters, rankExact: boolean, page: PageRequest): Promise<{ rows: HitRow[] } & CountedTotal> {
  const all = matching(db, user, q, filters);
  if (!rankExact) {
    const [rows, total] = await Promise.all([pageOf(all, page), countUpTo(db, all)]);
    return { rows: rows.map((r) => ({ ...r, exact: false })), ...total };
  }
  const exact = exactQuery(q);
  // COALESCE: most documents have no secret_vector, and NOT (false OR NULL) would drop them.
  const exactMatch = sql<SqlBool>`(s.vector @@ ${exact}::tsquery OR COALESCE(s.secret_vector @@ ${exact}::tsquery AND ${filesOpenTo(user)}, false))`;
  const exactOnly = matching(db, user, q, filters, exactMatch);
  const [first, exactTotal, total] = await Promise.all([pageOf(exactOnly, page), countUpTo(db, exactOnly), countUpTo(db, all)]);
  const wanted = page.limit - first.length;
  const rest = wanted > 0 && !exactTotal.totalCapped
    ? await pageOf(matching(db, user, q, filters, sql<SqlBool>`NOT ${exactMatch}`), { offset: Math.max(0, page.offset - exactTotal.total), limit: wanted })
    : [];
  return { rows: [...first.map((r) => ({ ...r, exact: true })), ...rest.map((r) => ({ ...r, exact: false }))], ...total };
}

const FACET_COLUMNS: Record<FacetField, string> = {
  direction: 'direction', documentType: 'document_type', urgency: 'urgency', secrecy: 'secrecy', status: 'status', issuer: 'issuer',
};
/** The issuers shown in the facet: the most frequent ones. */
const FACET_TOP = 15;

/** Counts per value of each filter over the same visible matches (the caller asks only under the cap). */
export async function facetCounts(db: Executor, user: CurrentUser, q: ParsedQuery, filters: Filters): Promise<Record<FacetField, FacetValue[]>> {
  const base = matching(db, user, q, filters).select(['documents.direction', 'documents.document_type', 'documents.urgency', 'documents.secrecy', 'documents.status', 'documents.issuer']);
  const { rows } = await sql<{ direction: string | null; document_type: string | null; urgency: string | null; secrecy: string | null; status: string | null; issuer: string | null; n: number }>`
    SELECT direction, document_type, urgency, secrecy, status, issuer, count(*)::int AS n FROM (${base}) AS m
    GROUP BY GROUPING SETS ((direction), (document_type), (urgency), (secrecy), (status), (issuer))`.execute(db);
  const facets = Object.fromEntries(Object.keys(FACET_COLUMNS).map((k) => [k, [] as FacetValue[]])) as Record<FacetField, FacetValue[]>;
  for (const row of rows) {
    for (const [field, column] of Object.entries(FACET_COLUMNS) as [FacetField, keyof typeof row][]) {
      const value = row[column];
      if (typeof value === 'string') facets[field].push({ value, count: row.n });
    }
  }
  for (const field of Object.keys(facets) as FacetField[]) facets[field].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  facets.issuer = facets.issuer.slice(0, FACET_TOP);
  return facets;
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
  return matching(db, user, q, {}, undefined, tsquery)
    .select(['documents.id', 'documents.direction', 'documents.number', 'documents.notation', 'documents.summary'])
    .orderBy('s.search_date', 'desc').orderBy('s.document_id', 'desc')
    .limit(limit)
    .execute();
}
