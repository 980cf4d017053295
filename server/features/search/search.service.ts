import { SEARCH_RESULT_LIMIT, type SearchResultDTO } from '../../../src/lib/contract';
import type { DossierSearchProjection } from '../../../src/lib/dossier-doc';
import type { StoredEvent } from '../../kernel/events';
import { visibleTeams } from '../../kernel/permissions';
import type { Dossier, User } from '../../kernel/types';
import { eventChanges, indexedDossierOf } from './search-changes';
import { documentEntries, readQuery, snippetParts } from './search.rules';
import { DOCUMENT_KINDS, type SearchEntry, type SearchIndex } from './search-store';

export interface SearchService {
  /** Ranked hits the actor may see: their teams' dossiers and those they cover now (admins all). */
  search(actor: User, q: string): Promise<SearchResultDTO>;
}

export interface SearchIndexer {
  /** A save of the dossier's document: replaces its name, field, contact and note entries (R1). */
  indexDocument(options: { dossierId: string; projection: DossierSearchProjection }): Promise<void>;
  /** Follows the events that change searchable records (R1 created dossiers, R2 timeline and tickets). */
  onEvent(event: StoredEvent): Promise<void>;
}

export function createSearchService(deps: {
  index: SearchIndex;
  dossiers: { findMany(ids: readonly string[]): Promise<Dossier[]>; find(id: string): Promise<Dossier | null> };
  /** Dossiers the user acts for now through coverage (continuity's coveringFor), beyond their teams. */
  coveredBy(userId: string): Promise<string[]>;
}): SearchService & SearchIndexer {
  const { index } = deps;

  async function teamOf(dossierId: string, teamId: string | null): Promise<string | null> {
    return teamId ?? (await deps.dossiers.find(dossierId))?.teamId ?? null;
  }

  async function upsert(entry: SearchEntry | null): Promise<void> {
    if (entry) await index.upsert(entry);
  }

  return {
    async search(actor, q) {
      const { words, prefixLast } = readQuery(q);
      if (words.length === 0) return { items: [] };
      const teamIds = visibleTeams(actor);
      const covered = teamIds === 'all' ? [] : await deps.coveredBy(actor.id);
      const hits = await index.search({ words, prefixLast, teamIds, dossierIds: covered, limit: SEARCH_RESULT_LIMIT });
      const dossiers = new Map(
        (await deps.dossiers.findMany([...new Set(hits.map((h) => h.dossierId))])).map((d) => [d.id, d])
      );
      const coveredSet = new Set(covered);
      const items: SearchResultDTO['items'] = [];
      for (const hit of hits) {
        const d = dossiers.get(hit.dossierId);
        // The record decides, not the index row: a dossier deleted or out of reach is never shown.
        if (!d || (teamIds !== 'all' && !teamIds.includes(d.teamId) && !coveredSet.has(d.id))) continue;
        items.push({
          dossierId: d.id,
          company: d.company,
          stage: d.stage,
          kind: hit.kind,
          ref: hit.ref || null,
          snippet: snippetParts(hit.snippet),
          at: hit.at === null ? null : new Date(hit.at).toISOString()
        });
      }
      return { items };
    },

    async indexDocument({ dossierId, projection }) {
      const teamId = await teamOf(dossierId, null);
      if (!teamId) return;
      await index.replaceDossier({
        dossierId,
        kinds: DOCUMENT_KINDS,
        entries: documentEntries({ dossierId, teamId, projection })
      });
    },

    async onEvent(event) {
      // The same changes the in-transaction path applies (search-changes.ts); the team is read first, here async.
      const dossierId = indexedDossierOf(event);
      const team = event.teamId ?? (dossierId ? await teamOf(dossierId, null) : null);
      for (const change of eventChanges(event, () => team)) {
        if (change.op === 'replace') await index.replaceDossier(change);
        else await upsert(change.entry);
      }
    }
  };
}
