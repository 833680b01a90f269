import type { Db } from '../../db/database.js';
import { uniqueOr } from '../../db/unique.js';
import { DomainError, notFound } from '../../http/errors.js';
import type { ActionContext } from '../auth/current-user.js';
import { SAVED_SEARCHES_MAX, type SavedSearch, type SearchResult } from '../../../shared/search.js';
import { type SearchFilters, searchFilters } from '../../../shared/search.schemas.js';
import { countOwn, deleteOwn, findOwn, insertOwn, listOwn, renameOwn } from './saved-searches.repository.js';
import { search, type SearchDeps } from './search.service.js';

// Each official's own saved searches (tra cứu đã lưu): the words, filters and sort under a name,
// to run again later with the permissions the official has then. Only the owner lists, runs,
// renames or deletes one; to anyone else it does not exist (404).

interface Row { id: string; name: string; query: unknown; created_at: Date }

/** What was stored, read again through today's schema: a value no longer valid is dropped, not a 500. */
function filtersOf(stored: unknown): SearchFilters {
  const parsed = searchFilters.safeParse(stored);
  if (parsed.success) return parsed.data;
  const fallback = searchFilters.parse({});
  if (typeof stored !== 'object' || stored === null) return fallback;
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stored)) {
    if (searchFilters.safeParse({ [key]: value }).success) kept[key] = value;
  }
  return searchFilters.parse(kept);
}

const present = (row: Row): SavedSearch => ({ id: row.id, name: row.name, filters: filtersOf(row.query), createdAt: row.created_at.toISOString() });

export async function listSavedSearches(deps: SearchDeps, ctx: ActionContext): Promise<SavedSearch[]> {
  return (await listOwn(deps.db, ctx.user.id)).map(present);
}

export async function saveSearch(deps: { db: Db }, ctx: ActionContext, body: { name: string; filters: SearchFilters }): Promise<SavedSearch> {
  if (await countOwn(deps.db, ctx.user.id) >= SAVED_SEARCHES_MAX) throw new DomainError('SAVED_SEARCHES_FULL', 409, { limit: SAVED_SEARCHES_MAX });
  return present(await uniqueOr('SAVED_SEARCH_NAME_TAKEN', () => insertOwn(deps.db, ctx.user.id, body.name, body.filters)));
}

export async function renameSavedSearch(deps: SearchDeps, ctx: ActionContext, id: string, name: string): Promise<SavedSearch> {
  const row = await uniqueOr('SAVED_SEARCH_NAME_TAKEN', () => renameOwn(deps.db, ctx.user.id, id, name));
  if (!row) throw notFound('SAVED_SEARCH_NOT_FOUND');
  return present(row);
}

export async function deleteSavedSearch(deps: SearchDeps, ctx: ActionContext, id: string): Promise<void> {
  if (!(await deleteOwn(deps.db, ctx.user.id, id))) throw notFound('SAVED_SEARCH_NOT_FOUND');
}

/** Runs a saved search as the page does, with the permissions the official holds now. */
export async function runSavedSearch(deps: SearchDeps, ctx: ActionContext, id: string, page: { page: number; pageSize: number }): Promise<SearchResult & { savedSearch: SavedSearch }> {
  const row = await findOwn(deps.db, ctx.user.id, id);
  if (!row) throw notFound('SAVED_SEARCH_NOT_FOUND');
  const saved = present(row);
  return { ...(await search(deps, ctx, { ...saved.filters, ...page })), savedSearch: saved };
}
