import type { EventBus } from '../../ports/event-bus';
import type { SearchIndexer } from './search.service';

/**
 * Keeps the index current from committed events (relayed in seq order). Handled one at a time, in order, so
 * a correction never lands before the entry it corrects. A failed update is reported and skipped: the index
 * is derived data, and the next change of the same entry (or a rebuild) writes it again.
 */
export function registerSearchIndexing(deps: {
  bus: EventBus;
  indexer: SearchIndexer;
  onError: (err: unknown) => void;
}): { close(): void; idle(): Promise<void> } {
  let chain: Promise<void> = Promise.resolve();
  const unsubscribe = deps.bus.subscribe((event) => {
    chain = chain.then(() => deps.indexer.onEvent(event)).catch(deps.onError);
  });
  return { close: unsubscribe, idle: () => chain };
}
