import { z } from 'zod';
import { SEARCH_QUERY_MAX, searchQuery } from '../../../shared/search.js';

export { searchQuery };
export const suggestQuery = z.object({ q: z.string().max(SEARCH_QUERY_MAX) });
