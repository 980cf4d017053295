import type { NewEvent } from '../../kernel/events';

/** A named point in a dossier's history: who changed it since the previous one, and its full state. */
export interface DocVersionMeta {
  id: string;
  docId: string;
  /** Strictly increasing per document (the history service guarantees it). */
  createdAt: number;
  kind: 'created' | 'edit' | 'restore';
  /** Users whose changes this version contains (since the previous version). */
  authorIds: string[];
  /** For kind 'restore': the version whose content was restored. */
  restoredFrom: string | null;
}

export interface DocVersion extends DocVersionMeta {
  /**
   * With baseId null: the whole state (Y.encodeStateAsUpdate). Otherwise a delta: applied on top of the state
   * of version `baseId`, it gives this version's state (a document's state only grows, so this is exact).
   */
  snapshot: Uint8Array;
  baseId: string | null;
}

/** add takes the events describing the change and writes them in its transaction (ActivityStore AS3). */
export interface VersionStore {
  /** VS1 add then get returns an equal version (snapshot bytes exact); VS2 a duplicate id rejects with 'conflict'. */
  add(version: DocVersion, events: readonly NewEvent[]): Promise<void>;
  /** VS3 metadata (no snapshots) of a document's versions, newest first, at most `limit`; `before` pages by createdAt. */
  list(docId: string, options: { limit: number; before?: number }): Promise<DocVersionMeta[]>;
  /** VS4 unknown id, or a version of another document, resolves null. */
  get(docId: string, id: string): Promise<DocVersion | null>;
}
