import { SEARCH_RESULT_LIMIT, type SearchResultDTO } from '../../../src/lib/contract';
import type { DossierSearchProjection } from '../../../src/lib/dossier-doc';
import type { StoredEvent } from '../../kernel/events';
import { visibleTeams } from '../../kernel/permissions';
import type { Dossier, User } from '../../kernel/types';
import {
  createdDossierEntries,
  documentEntries,
  readQuery,
  snippetParts,
  ticketEntry,
  timelineEntry
} from './search.rules';
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
      switch (event.type) {
        case 'dossier.created':
          await index.replaceDossier({
            dossierId: event.data.dossier.id,
            kinds: DOCUMENT_KINDS,
            entries: createdDossierEntries(event.data.dossier)
          });
          return;
        case 'interaction.logged':
        case 'interaction.corrected': {
          const dossierId = event.dossierId;
          const teamId = dossierId ? await teamOf(dossierId, event.teamId) : null;
          if (dossierId && teamId) await upsert(timelineEntry({ dossierId, teamId, item: event.data.item }));
          return;
        }
        case 'task.created':
        case 'task.changed':
        case 'task.completed': {
          const { task } = event.data;
          if (task.kind !== 'ticket') return;
          const teamId = await teamOf(task.dossierId, event.teamId);
          if (teamId) await upsert(ticketEntry({ teamId, task }));
          return;
        }
        default:
      }
    }
  };
}
