import * as Y from 'yjs';
import { TASK_STATUSES } from '../src/lib/contract';
import { projectDossierSearch } from '../src/lib/dossier-doc';
import type { CoverageService } from './features/continuity';
import {
  backfillSearchIndex,
  createSearchRoutes,
  createSearchService,
  registerSearchIndexing,
  searchWriteProjector,
  type SearchBackfillSources
} from './features/search';
import type { Dossier } from './kernel/types';
import type { EventBus } from './ports/event-bus';
import type { Store } from './storage/store';

/**
 * Composition of issue #11's full-text search, kept out of app.ts (which calls it once): the service, its
 * route, the backfill from the records on start, and the two feeds that keep the index current — the
 * document projection on save (`indexDocument`, called by the collab projection hook) and events on the bus.
 */
export async function composeSearch(deps: {
  store: Store;
  bus: EventBus;
  dossiers: { findMany(ids: readonly string[]): Promise<Dossier[]>; find(id: string): Promise<Dossier | null> };
  coverage: () => Pick<CoverageService, 'coveringFor'>;
  onError: (err: unknown) => void;
}) {
  const { store } = deps;
  const service = createSearchService({
    index: store.search,
    dossiers: deps.dossiers,
    coveredBy: async (userId) => (await deps.coverage().coveringFor(userId)).map((c) => c.dossierId)
  });
  // SearchIndex SI8: where the adapter can index inside each store write's transaction (SQLite), it does, and
  // nothing follows the bus (a crash between commit and indexing would lose the entry); otherwise (MongoDB)
  // committed events on the bus feed it. CSV imports are indexed only on the in-transaction path.
  const indexing = store.search.indexInWrites
    ? inTransaction(store.search.indexInWrites.bind(store.search))
    : registerSearchIndexing({ bus: deps.bus, indexer: service, onError: deps.onError });
  const backfilled = await backfillSearchIndex({ index: store.search, sources: storeSources(store) });
  return {
    service,
    backfilled,
    router: createSearchRoutes({ search: service }),
    /** The collab projection hook: reads the document now (it is live), indexes without holding it. */
    indexDocument: (dossierId: string, doc: Y.Doc) =>
      service.indexDocument({ dossierId, projection: projectDossierSearch(doc) }),
    /** Resolves when every event received so far is indexed (tests, benchmarks). */
    idle: indexing.idle,
    close: indexing.close
  };
}

/** The index follows store writes itself: nothing is pending after a write returns. */
function inTransaction(indexInWrites: (projector: typeof searchWriteProjector) => void) {
  indexInWrites(searchWriteProjector);
  return { close() {}, idle: async () => {} };
}

/** The backfill's reads over the store's ports: pages of dossiers, each one's document, timeline and tickets. */
function storeSources(store: Store): SearchBackfillSources {
  return {
    async *dossierPages() {
      let cursor: string | undefined;
      do {
        const page = await store.dossiers.list({ teamIds: 'all', sort: 'name', limit: 200, cursor });
        yield page.items;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    },
    async documentOf(dossierId) {
      const stored = await store.documents.load(dossierId);
      if (!stored.snapshot && stored.tail.length === 0) return null;
      const doc = new Y.Doc();
      try {
        if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
        for (const { update } of stored.tail) Y.applyUpdate(doc, update);
        return projectDossierSearch(doc);
      } catch {
        return null; // an unreadable document is indexed by its record; its next save indexes it fully
      } finally {
        doc.destroy();
      }
    },
    async interactionsOf(dossierId) {
      const all = [];
      let cursor: string | undefined;
      do {
        const page = await store.interactions.page(dossierId, { limit: 200, cursor });
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return all;
    },
    async ticketsOf(dossierId) {
      const all = [];
      let cursor: string | undefined;
      do {
        const page = await store.tasks.list({ teamIds: 'all', dossierId, statuses: TASK_STATUSES, limit: 200, cursor });
        all.push(...page.items.filter((t) => t.kind === 'ticket'));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return all;
    }
  };
}
