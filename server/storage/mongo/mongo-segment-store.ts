import { DomainError } from '../../kernel/domain-error';
import type { ImportStore } from '../../features/segments/import-store';
import type { SegmentStore } from '../../features/segments/segment-store';

/**
 * Issue #11 on MongoDB: not built yet. Every call refuses with a clear message instead of answering wrongly;
 * the contract suites (tests/contract/segment-store.test.ts) name what an adapter must do.
 */
function unavailable(): never {
  throw new DomainError('internal', 'tags, saved lists and CSV import are not available on MongoDB yet');
}
export function createMongoSegmentStore(): SegmentStore {
  return {
    tagCounts: async () => unavailable(),
    dossierIdsWithTag: async () => unavailable(),
    saveList: async () => unavailable(),
    getList: async () => unavailable(),
    updateList: async () => unavailable(),
    deleteList: async () => unavailable(),
    listsFor: async () => unavailable(),
    query: async () => unavailable(),
    count: async () => unavailable()
  };
}
export function createMongoImportStore(): ImportStore {
  return { identities: async () => unavailable(), commit: async () => unavailable() };
}
