import { z } from 'zod';
import { DOCUMENT_STATUSES, DOCUMENT_TYPES, OUTGOING_STATUSES, SECRECIES, URGENCIES } from './enums.js';

// Search (tra cứu) over incoming and outgoing documents: the request (validated by the server,
// built by the web client) and the answer, from one source.

export const SEARCH_SORTS = ['relevance', 'date'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];
export const SEARCH_DIRECTIONS = ['incoming', 'outgoing'] as const;
export const SEARCH_STATUSES = [...new Set([...DOCUMENT_STATUSES, ...OUTGOING_STATUSES])] as [string, ...string[]];
/** A query longer than this is refused (400): nobody types it, and each word costs an index lookup. */
export const SEARCH_QUERY_MAX = 1000;

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

/** Text and the [start, end) offsets of the words that matched in it. */
export interface HighlightedText { text: string; highlights: [number, number][] }

export interface SearchHit {
  id: string;
  direction: 'incoming' | 'outgoing';
  /** "123/QĐ-UBND"; null for an outgoing draft not yet numbered. */
  reference: string | null;
  arrivalNumber: number | null;
  date: string;
  issuer: string;
  documentType: string;
  urgency: string;
  secrecy: string;
  status: string;
  summary: HighlightedText;
  /** Where the words are in the files' text; null when they matched elsewhere or the files are not the user's to open. */
  snippet: HighlightedText | null;
  /** The words all matched with their diacritics as typed (ranked first). */
  exact: boolean;
}

export const FACET_FIELDS = ['direction', 'documentType', 'urgency', 'secrecy', 'status', 'issuer'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];
export interface FacetValue { value: string; count: number }

export interface SearchResult {
  items: SearchHit[];
  total: number;
  /** More than `total` documents match: the count stopped there (and facets are not counted). */
  totalCapped: boolean;
  /** Counts per value of each filter, over the documents the user may open; null past the cap. */
  facets: Record<FacetField, FacetValue[]> | null;
}

export interface SearchSuggestion {
  id: string;
  direction: 'incoming' | 'outgoing';
  reference: string | null;
  summary: HighlightedText;
}

export interface SavedSearch { id: string; name: string; filters: SearchFilters; createdAt: string }
