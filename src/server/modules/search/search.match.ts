import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { CurrentUser } from '../auth/current-user.js';
import { heldBy } from '../assignments/assignments.repository.js';
import { seesWholeAgency } from '../incoming/incoming.policies.js';
import { isEmptyQuery, matchQuery, parseQuery, type ParsedQuery } from './search.text.js';

// The one text condition of every search: the search page, the suggestions and the registers'
// own filter. It needs `documents` and its index row joined as `s`.

/**
 * May the user open the files of the document in the row (incoming.policies `canOpenFiles`, as
 * SQL): the clerk and leaders always; else whoever holds or held an assignment of it. Outgoing
 * documents have no rule of their own: whoever sees one opens its files.
 */
export function filesOpenTo(user: CurrentUser): RawBuilder<SqlBool> {
  if (seesWholeAgency(user)) return sql<SqlBool>`true`;
  return sql<SqlBool>`(documents.direction <> 'incoming' OR EXISTS (SELECT 1 FROM assignments a WHERE a.document_id = documents.id AND ${heldBy(user)}))`;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The documents whose metadata or file text hold every word of the query (or whose reference
 * starts with it). A secret document's file text counts only for those who may open its files.
 * The tsquery is a literal cast with ::tsquery, built only of quoted letters and digits.
 */
export function textMatches(user: CurrentUser, q: ParsedQuery, tsquery = matchQuery(q)): RawBuilder<SqlBool> {
  if (q.reference) return sql<SqlBool>`s.reference LIKE ${`${escapeLike(q.reference)}%`}`;
  if (isEmptyQuery(q)) return sql<SqlBool>`true`;
  return sql<SqlBool>`(s.vector @@ ${tsquery}::tsquery OR (s.secret_vector @@ ${tsquery}::tsquery AND ${filesOpenTo(user)}))`;
}

/** The words on the index row alone, the secret text included (an upper bound, for the planner's estimate). */
export function textMatchesIndex(q: ParsedQuery): RawBuilder<SqlBool> {
  if (isEmptyQuery(q)) return sql<SqlBool>`true`;
  const tsquery = matchQuery(q);
  return sql<SqlBool>`(s.vector @@ ${tsquery}::tsquery OR s.secret_vector @@ ${tsquery}::tsquery)`;
}

/**
 * The registers' own text filter, on the same index as the search page: every word of `raw`,
 * diacritics optional, in the document's metadata or its files (a secret one's only for those who
 * may open them), or its reference. Replaces an ILIKE on the summary that missed the files and
 * every query typed without diacritics, and read every row of the register (240–590 ms at 100,000).
 */
export function registerTextFilter(user: CurrentUser, raw: string): RawBuilder<SqlBool> {
  const q = parseQuery(raw);
  if (isEmptyQuery(q)) return sql<SqlBool>`true`;
  return sql<SqlBool>`EXISTS (SELECT 1 FROM document_search s WHERE s.document_id = documents.id AND ${textMatches(user, q)})`;
}
