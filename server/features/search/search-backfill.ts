import type { DossierSearchProjection } from '../../../src/lib/dossier-doc';
import type { Dossier } from '../../kernel/types';
import { documentEntries, ticketEntry, timelineEntry } from './search.rules';
import type { SearchEntry, SearchIndex } from './search-store';

/**
 * Bump when what is indexed changes (search.rules.ts R1/R2): the next start rebuilds the index from the
 * records. 1: issue #11's first index.
 */
export const SEARCH_BACKFILL_VERSION = 1;

/** What the backfill reads: every dossier, its document's search projection, its timeline and tickets. */
export interface SearchBackfillSources {
  dossierPages(): AsyncIterable<Dossier[]>;
  /** Null when the dossier has no stored document (its record still gives the name). */
  documentOf(dossierId: string): Promise<DossierSearchProjection | null>;
  interactionsOf(
    dossierId: string
  ): Promise<Array<{ id: string; at: number; summary: string; contactName: string | null }>>;
  ticketsOf(dossierId: string): Promise<Array<{ id: string; title: string; createdAt: number }>>;
}

/**
 * Fills the index from the records when it holds an older backfill than SEARCH_BACKFILL_VERSION (a new
 * database, the demo seed, an upgrade): the migration of data that existed before the index. Runs on start,
 * before requests are served. Reads each document once here, never at query time. Entries are written per
 * 200 dossiers, so memory stays bounded; the version is recorded last, so an interrupted run starts over.
 * Returns how many entries it wrote (0 when the index was current).
 */
export async function backfillSearchIndex(deps: {
  index: SearchIndex;
  sources: SearchBackfillSources;
}): Promise<number> {
  const { index, sources } = deps;
  if ((await index.builtVersion()) >= SEARCH_BACKFILL_VERSION) return 0;
  await index.clear();
  let written = 0;
  let batch: SearchEntry[] = [];
  const flush = async () => {
    await index.bulkInsert(batch);
    written += batch.length;
    batch = [];
  };
  for await (const page of sources.dossierPages()) {
    for (const d of page) {
      const projection = (await sources.documentOf(d.id)) ?? {
        company: d.company,
        fields: [],
        contacts: [],
        notes: ''
      };
      batch.push(...documentEntries({ dossierId: d.id, teamId: d.teamId, projection }));
      for (const i of await sources.interactionsOf(d.id)) {
        const entry = timelineEntry({
          dossierId: d.id,
          teamId: d.teamId,
          item: { ...i, kind: 'interaction', at: new Date(i.at).toISOString() }
        });
        if (entry) batch.push(entry);
      }
      for (const t of await sources.ticketsOf(d.id)) {
        const entry = ticketEntry({
          teamId: d.teamId,
          task: {
            id: t.id,
            dossierId: d.id,
            kind: 'ticket',
            title: t.title,
            createdAt: new Date(t.createdAt).toISOString()
          }
        });
        if (entry) batch.push(entry);
      }
    }
    if (batch.length > 5000) await flush();
  }
  await flush();
  await index.markBuilt(SEARCH_BACKFILL_VERSION);
  return written;
}
