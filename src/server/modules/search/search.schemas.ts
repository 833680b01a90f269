import { z } from 'zod';
import { SEARCH_QUERY_MAX } from '../../../shared/search.js';
import { searchQuery } from '../../../shared/search.schemas.js';

export { searchQuery };
export const suggestQuery = z.object({ q: z.string().max(SEARCH_QUERY_MAX) });
