import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import { dossierDbName } from './offline-keys';

export interface LocalDoc {
  /**
   * Resolves once the stored updates are in the Y.Doc, or after LOAD_WAIT_MS / on failure: connecting to
   * the server must never hang on a broken IndexedDB (private windows, quota, a blocked upgrade).
   */
  readonly loaded: Promise<void>;
  /**
   * Deletes this device's copy, unsent edits included: the way out when the server refuses an update for
   * good (4413 too large), which the copy would otherwise resend on every reload. The doc is no longer stored.
   */
  discard(): Promise<void>;
  destroy(): void;
}

/** Long enough for a large dossier on a slow disk; short enough that a stuck database barely delays going live. */
const LOAD_WAIT_MS = 2_000;

/**
 * Keeps one user's copy of one dossier's Y.Doc in IndexedDB. Every update — typed here or received from
 * colleagues — is appended, so a reload while offline shows the last state this device saw plus the rep's
 * unsent edits; y-websocket's sync handshake sends those edits on reconnect and Yjs merges them without
 * conflicts. The database name carries the user id, see offline-keys.ts.
 */
export function attachLocalDoc(options: { userId: string; dossierId: string; doc: Y.Doc }): LocalDoc {
  let persistence: IndexeddbPersistence | null = null;
  try {
    persistence = new IndexeddbPersistence(dossierDbName(options), options.doc);
  } catch {
    // indexedDB is missing or throws synchronously: online editing works, just without an offline copy
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const loaded = persistence
    ? Promise.race([
        persistence.whenSynced.then(() => undefined),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, LOAD_WAIT_MS)))
      ]).finally(() => clearTimeout(timer))
    : Promise.resolve();
  return {
    loaded,
    async discard() {
      clearTimeout(timer);
      await persistence?.destroy().catch(() => {});
      if (typeof indexedDB === 'undefined') return;
      await new Promise<void>((resolve) => {
        const request = indexedDB.deleteDatabase(dossierDbName(options));
        // 'blocked': another tab still has it open; the deletion stays queued ahead of any later open.
        request.onsuccess = request.onerror = request.onblocked = () => resolve();
      });
    },
    destroy() {
      clearTimeout(timer);
      // Closes the database; the doc's own destroy would do it too, but the order must not matter.
      void persistence?.destroy().catch(() => {});
    }
  };
}
