import type { Db } from '../../db/database.js';
import type { ActionContext } from '../auth/current-user.js';
import { reference } from '../documents/documents.presenters.js';
import type { SearchHit, SearchQuery, SearchResult, SearchSuggestion } from '../../../shared/search.js';
import { facetCounts, type HitRow, openableTexts, searchPage, suggestions } from './search.repository.js';
import { highlight, markedTerms, parseQuery, prefixQuery, unaccentText, foldText, cleanInput } from './search.text.js';

// Search (tra cứu) over the incoming and outgoing documents the user may open: metadata and the
// text of every file, with or without diacritics. The SQL (search.repository.ts) keeps the
// visibility rule; here the query is parsed and the page is presented with its marked words.

export interface SearchDeps { db: Db }

/** How many suggestions show under the box. */
const SUGGESTIONS = 8;
/** Letters typed before suggestions are looked for. */
export const SUGGEST_MIN_CHARS = 2;

function present(row: HitRow, terms: string[], body: string | undefined): SearchHit {
  return {
    id: row.id,
    direction: row.direction === 'incoming' ? 'incoming' : 'outgoing',
    reference: reference(row.number, row.notation) || null,
    arrivalNumber: row.arrival_number,
    date: row.search_date,
    issuer: row.issuer,
    documentType: row.document_type,
    urgency: row.urgency,
    secrecy: row.secrecy,
    status: row.status,
    summary: highlight(row.summary, terms, Number.MAX_SAFE_INTEGER) ?? { text: row.summary, highlights: [] },
    snippet: body && terms.length ? highlight(body, terms) : null,
    exact: row.exact,
  };
}

export async function search(deps: SearchDeps, ctx: ActionContext, query: SearchQuery): Promise<SearchResult> {
  const { q: raw, sort, page, pageSize, ...filters } = query;
  const q = parseQuery(raw);
  const rankExact = sort === 'relevance' && q.accented && !q.reference;
  const result = await searchPage(deps.db, ctx.user, q, filters, rankExact, { offset: (page - 1) * pageSize, limit: pageSize });
  const terms = markedTerms(q);
  const [bodies, facets] = await Promise.all([
    terms.length ? openableTexts(deps.db, ctx.user, result.rows.map((r) => r.id)) : Promise.resolve(new Map<string, string>()),
    facetCounts(deps.db, ctx.user, q, filters),
  ]);
  return {
    items: result.rows.map((row) => present(row, terms, bodies.get(row.id))),
    total: result.total,
    totalCapped: result.totalCapped,
    totalEstimate: result.estimate,
    facets: facets.facets,
    facetsSampled: facets.sampled,
    facetSample: facets.sample,
  };
}

export async function suggest(deps: SearchDeps, ctx: ActionContext, raw: string): Promise<SearchSuggestion[]> {
  const text = cleanInput(raw).trim();
  if ([...text].length < SUGGEST_MIN_CHARS) return [];
  const q = parseQuery(text);
  const tsquery = prefixQuery(text);
  if (!tsquery && !q.reference) return [];
  const rows = await suggestions(deps.db, ctx.user, q, tsquery ?? '', SUGGESTIONS);
  const words = [...foldText(text).matchAll(/[\p{L}\p{N}]+/gu)].map((m) => unaccentText(m[0]));
  const last = words.pop() ?? null;
  return rows.map((row) => ({
    id: row.id,
    direction: row.direction === 'incoming' ? 'incoming' : 'outgoing',
    reference: reference(row.number, row.notation) || null,
    summary: highlight(row.summary, words, Number.MAX_SAFE_INTEGER, last) ?? { text: row.summary, highlights: [] },
  }));
}
