/** Full-text search (issue #11): the index port, its feeding from projection and events, GET /api/search. */
export { createSearchService, type SearchService, type SearchIndexer } from './search.service';
export { createSearchRoutes } from './search.routes';
export { registerSearchIndexing } from './search-indexing';
export { backfillSearchIndex, SEARCH_BACKFILL_VERSION, type SearchBackfillSources } from './search-backfill';
export type { SearchIndex, SearchEntry, SearchIndexQuery, SearchIndexHit, SearchChange } from './search-store';
export { DOCUMENT_KINDS } from './search-store';
export { searchWriteProjector } from './search-changes';
