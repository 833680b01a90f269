import { z } from 'zod';
import { DOCUMENT_TYPES, SECRECIES, URGENCIES } from './enums.js';
import { SEARCH_DIRECTIONS, SEARCH_QUERY_MAX, SEARCH_SORTS, SEARCH_STATUSES } from './search.js';

// The search request, validated by the server; the web client imports only its types.

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The filters of a search, shared by the search page, saved searches and the exports. */
export const searchFilters = z.object({
  q: z.string().max(SEARCH_QUERY_MAX).default(''),
  direction: z.enum(SEARCH_DIRECTIONS).optional(),
  documentType: z.enum(DOCUMENT_TYPES).optional(),
  issuer: z.string().min(1).max(300).optional(),
  from: date.optional(),
  to: date.optional(),
  urgency: z.enum([...URGENCIES, 'flash_timed']).optional(),
  secrecy: z.enum(SECRECIES).optional(),
  registerId: z.uuid().optional(),
  status: z.enum(SEARCH_STATUSES).optional(),
  unitId: z.uuid().optional(),
  assigneeId: z.uuid().optional(),
  sort: z.enum(SEARCH_SORTS).default('relevance'),
});
export type SearchFilters = z.infer<typeof searchFilters>;

export const searchQuery = searchFilters.extend({
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type SearchQuery = z.infer<typeof searchQuery>;

