import type { DomainEvent } from '../../kernel/events';
import type { Dossier } from '../../kernel/types';
import { createdDossierEntries, ticketEntry, timelineEntry } from './search.rules';
import { DOCUMENT_KINDS, type SearchChange, type SearchWriteProjector } from './search-store';

/** The dossier an indexed event is about (tickets name theirs in the task), or null for other events. */
export function indexedDossierOf(event: DomainEvent): string | null {
  switch (event.type) {
    case 'interaction.logged':
    case 'interaction.corrected':
      return event.dossierId;
    case 'task.created':
    case 'task.changed':
    case 'task.completed':
      return event.data.task.kind === 'ticket' ? event.data.task.dossierId : null;
    default:
      return null;
  }
}

/**
 * R1/R2 as index changes for one event: a created dossier replaces its document kinds; a logged or corrected
 * interaction and a created or changed ticket write their one entry. `teamOf` gives the dossier's team (the
 * event's own team when it has one). Pure: the bus path and the in-transaction path (SQLite) share it.
 */
export function eventChanges(event: DomainEvent, teamOf: (dossierId: string) => string | null): SearchChange[] {
  const team = (dossierId: string) => event.teamId ?? teamOf(dossierId);
  switch (event.type) {
    case 'dossier.created': {
      const { dossier } = event.data;
      return [{ op: 'replace', dossierId: dossier.id, kinds: DOCUMENT_KINDS, entries: createdDossierEntries(dossier) }];
    }
    case 'interaction.logged':
    case 'interaction.corrected': {
      const dossierId = event.dossierId;
      const teamId = dossierId ? team(dossierId) : null;
      const entry = dossierId && teamId ? timelineEntry({ dossierId, teamId, item: event.data.item }) : null;
      return entry ? [{ op: 'upsert', entry }] : [];
    }
    case 'task.created':
    case 'task.changed':
    case 'task.completed': {
      const { task } = event.data;
      if (task.kind !== 'ticket') return [];
      const teamId = team(task.dossierId);
      const entry = teamId ? ticketEntry({ teamId, task }) : null;
      return entry ? [{ op: 'upsert', entry }] : [];
    }
    default:
      return [];
  }
}

/** R1 for dossiers a CSV import writes (no event per dossier: one import.committed for all of them). */
export function importedChanges(dossiers: readonly Dossier[]): SearchChange[] {
  return dossiers.map((d) => ({
    op: 'replace',
    dossierId: d.id,
    kinds: DOCUMENT_KINDS,
    entries: createdDossierEntries(d)
  }));
}

export const searchWriteProjector: SearchWriteProjector = { event: eventChanges, imported: importedChanges };
