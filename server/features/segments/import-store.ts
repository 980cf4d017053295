import type { NewEvent } from '../../kernel/events';
import type { Dossier } from '../../kernel/types';
import type { DocVersion } from '../history';

/** One dossier an import creates: its row, its first Yjs state and the "created" version of it. */
export interface ImportedDossier {
  dossier: Dossier;
  document: Uint8Array;
  version: DocVersion;
}

/**
 * Port: what a CSV import reads and writes (issue #11).
 *
 * IM1 identities(teamId) gives id, company and city of every dossier of the team (duplicate detection runs
 *     on these; three short strings a row, ~5 MB for 100,000 dossiers, read once per preview).
 * IM2 commit writes every dossier (row, first document state, "created" version) and the events all or nothing:
 *     if any write fails (e.g. an id already taken), nothing is stored and it rejects. Until it resolves, readers
 *     see none of its dossiers (then all of them, with the events); an adapter may write in steps to keep each
 *     short (SQLite stages slices and publishes the rows in one short transaction), so the document or version of
 *     a dossier not yet visible may already be stored — reachable by nobody, as its id is not known — and is
 *     removed if the import fails or the process stops before it finishes.
 * IM3 commit reports how far it got through the optional `onProgress(written)`: rows written so far, never
 *     decreasing, at most the number of rows, and the number of rows once (last) before it resolves. An adapter
 *     that writes in steps reports after each (SQLite: each slice); one that writes at once may report only at
 *     the end. "Written" is not "visible": readers see the rows only when commit resolves (IM2). If the callback
 *     returns a promise the adapter waits for it before its next step (tests look at the status in between).
 */
export interface ImportStore {
  identities(teamId: string): Promise<Array<{ id: string; company: string; city: string }>>;
  commit(options: {
    dossiers: readonly ImportedDossier[];
    events: readonly NewEvent[];
    onProgress?: (written: number) => void | Promise<void>;
  }): Promise<void>;
}
