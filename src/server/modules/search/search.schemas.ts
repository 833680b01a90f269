import { z } from 'zod';
import { SAVED_SEARCH_NAME_MAX, SEARCH_EXPORT_FORMATS, SEARCH_QUERY_MAX } from '../../../shared/search.js';
import { searchFilters, searchQuery } from '../../../shared/search.schemas.js';

export { searchQuery };
export const suggestQuery = z.object({ q: z.string().max(SEARCH_QUERY_MAX) });

export const idParams = z.object({ id: z.uuid() });
const name = z.string().trim().min(1).max(SAVED_SEARCH_NAME_MAX);
export const saveBody = z.strictObject({ name, filters: searchFilters });
export const renameBody = z.strictObject({ name });
export const runQuery = searchQuery.pick({ page: true, pageSize: true });

/** The list's own filters and sort, without the pager: the export holds every match up to its limit. */
export const exportParams = z.object({ format: z.enum(SEARCH_EXPORT_FORMATS) });
export const exportQuery = searchFilters;
