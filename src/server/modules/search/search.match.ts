import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { LIST_COUNT_CAP } from '../../db/count.js';
import type { Executor } from '../../db/database.js';
import { SEARCH_COUNT_CAP } from '../../../shared/search.js';
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
 * The rows of a register (incoming or outgoing), filtered by its own text box on the same index as
 * the search page: every word of `raw`, diacritics optional, in the document's metadata or its files
 * (a secret one's only for those who may open them), or its reference. The caller adds the
 * register's visibility and filters and orders by `newest` (the index row's date: the arrival date
 * of an incoming document, the issue date of an issued one, so the register's own order).
 *
 * Filtered by text, the rows are the index rows `s` joined to their documents as the search page
 * does (search.repository `matching`): for an official who sees the whole agency the index rows are
 * walked newest first (the date index, each row's words checked, a LATERAL the planner cannot
 * flatten), or a rare word's rows taken from the GIN index, whichever the planner costs lower; for
 * others the join starts from their few documents. As an EXISTS beside the register's own order
 * the planner misjudged words that always come together ("tram bom": 1,058 expected, 9,584 found)
 * and read every index row: 3.7 s on PostgreSQL, 4.7 s on PGlite at 100,000 documents.
 * Counted up to SEARCH_COUNT_CAP only: counting reads each match's words.
 */
export function registerRows(db: Executor, user: CurrentUser, raw: string | undefined, date: 'received_on' | 'issued_on') {
  const q = raw === undefined ? null : parseQuery(raw);
  if (!q || isEmptyQuery(q)) return { rows: db.selectFrom('documents'), newest: sql.ref(`documents.${date}`), countCap: LIST_COUNT_CAP };
  const joined = db.selectFrom('documents').innerJoin('document_search as s', 's.document_id', 'documents.id');
  const walked = db.selectFrom('document_search as s')
    .innerJoinLateral((eb) => eb.selectFrom('documents').selectAll().whereRef('documents.id', '=', 's.document_id').offset(0).as('documents'), (join) => join.onTrue());
  // The same columns under the same names either way ("documents", "s"); the register sees only `documents`.
  const rows = (seesWholeAgency(user) ? walked as unknown as typeof joined : joined)
    .where('s.agency_id', '=', user.agencyId)
    .where(textMatches(user, q));
  return { rows: rows as unknown as ReturnType<typeof db.selectFrom<'documents'>>, newest: sql.ref('s.search_date'), countCap: SEARCH_COUNT_CAP };
}
