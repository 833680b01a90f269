import { DOCUMENT_STATUSES, OUTGOING_STATUSES } from './enums.js';

// Search (tra cứu) over incoming and outgoing documents: the answer and the request's vocabulary,
// shared by server and web (the request's zod schema is search.schemas.ts, kept out of the web bundle).

export const SEARCH_SORTS = ['relevance', 'date'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];
export const SEARCH_DIRECTIONS = ['incoming', 'outgoing'] as const;
export const SEARCH_STATUSES = [...new Set([...DOCUMENT_STATUSES, ...OUTGOING_STATUSES])] as [string, ...string[]];
/** A query longer than this is refused (400): nobody types it, and each word costs an index lookup. */
export const SEARCH_QUERY_MAX = 1000;

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

/** A search counts its matches exactly up to this many; past it the total reads "more than 1,000". */
export const SEARCH_COUNT_CAP = 1000;
/** A facet of a broad search (thousands of matches) counts over only this many, the newest, and says so. */
export const FACET_SAMPLE = 200;

export interface SearchResult {
  items: SearchHit[];
  total: number;
  /** More than `total` (SEARCH_COUNT_CAP) documents match: the count stopped there. */
  totalCapped: boolean;
  /** A broad search is not counted: the planner's estimate of its matches, shown as "about …" (with `totalCapped`). */
  totalEstimate: number | null;
  /**
   * Counts per value of each filter over the documents the user may open, each facet with every
   * chosen filter but its own.
   */
  facets: Record<FacetField, FacetValue[]>;
  /** The facets counted over only the newest `facetSample` of their matches (more matched). */
  facetsSampled: FacetField[];
  facetSample: number;
}

export interface SearchSuggestion {
  id: string;
  direction: 'incoming' | 'outgoing';
  reference: string | null;
  summary: HighlightedText;
}

export type { SearchFilters, SearchQuery } from './search.schemas.js';
import type { SearchFilters } from './search.schemas.js';
/** A search an official keeps under a name: the words, the filters and the sort. Nobody else sees it. */
export interface SavedSearch { id: string; name: string; filters: SearchFilters; createdAt: string }
/** Saved searches one official may keep. */
export const SAVED_SEARCHES_MAX = 100;
export const SAVED_SEARCH_NAME_MAX = 200;

/** A result list exports as a spreadsheet (XLSX) or CSV of at most this many documents; more is refused (422). */
export const SEARCH_EXPORT_LIMIT = 2000;
export const SEARCH_EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type SearchExportFormat = (typeof SEARCH_EXPORT_FORMATS)[number];
