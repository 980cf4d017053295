/**
 * Persistence of Yjs documents as a snapshot plus an append-only log of updates.
 * Loading replays snapshot + tail; compaction folds the tail into the snapshot.
 */
export interface StoredDocument {
  /** Merged state up to snapshotSeq, or null if never compacted. */
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  /** Updates with seq > snapshotSeq, in seq order. */
  tail: Array<{ seq: number; update: Uint8Array }>;
}

/** Who may write a Yjs client id's structs in one document (see ClientOwnership in server/collab). */
export interface ClientOwner {
  /** A Yjs client id (an unsigned 32-bit integer). */
  clientId: number;
  /** A user id, or a reserved marker starting with '@' (the server itself, or a sealed legacy id). */
  ownerId: string;
}

export interface DocumentStore {
  /** DOC1 an unknown document loads as { snapshot: null, snapshotSeq: 0, tail: [] }. */
  load(docId: string): Promise<StoredDocument>;
  /**
   * DOC2 appends the updates atomically in order and resolves with the seq of the last one, once they are
   * durable (survive a process kill). DOC3 seqs are strictly increasing per document.
   */
  append(docId: string, updates: Uint8Array[]): Promise<number>;
  /**
   * DOC4 atomically stores `snapshot` as the state up to `uptoSeq` and drops log entries with seq <= uptoSeq;
   * entries appended after uptoSeq stay in the tail. DOC5 a compaction with uptoSeq lower than the stored
   * snapshotSeq is ignored (a stale compaction never rolls state back).
   */
  compact(docId: string, snapshot: Uint8Array, uptoSeq: number): Promise<void>;
  /** DOC6 size of the tail, for deciding when to compact. */
  tailStats(docId: string): Promise<{ count: number; bytes: number }>;
  /**
   * DOC7 records an owner for each client id of the document that has none and resolves once that is durable;
   * an id that has an owner keeps it (the first claim wins, also between two entries of one call). Owners are
   * per document: the same client id may have another owner in another document.
   */
  claimClients(docId: string, claims: ClientOwner[]): Promise<void>;
  /** DOC8 the recorded owners of a document's client ids, in any order; [] for an unknown document. */
  loadClientOwners(docId: string): Promise<ClientOwner[]>;
}
