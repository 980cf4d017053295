import type * as Y from 'yjs';

/**
 * A client connection as the collab layer sees it. Transports (WebSocket today) adapt their sockets to
 * this, so the collab layer imports neither express nor ws.
 */
export interface CollabConnection {
  readonly id: string;
  readonly user: { id: string; name: string; color: string };
  /** Checked on every update message, not only at connect; the transport lowers it when rights change. */
  access: 'read' | 'edit';
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** Extension points in the spirit of Hocuspocus extensions. All are awaited; errors are reported, not thrown. */
export interface CollabHooks {
  /**
   * Fires after a batch of updates is durable, at most once per `projectionDelayMs`, with the user who
   * made the latest change. May read the doc; must not change it.
   */
  onProjection?(options: { docId: string; doc: Y.Doc; actorId: string | null }): Promise<void>;
  onError?(err: unknown, context: { docId: string; phase: string }): void;
  /**
   * Fires when a version is due: after `checkpointIdleMs` without edits, after `checkpointMaxMs` of
   * continuous editing, before a restore, and when the document is unloaded. The snapshot is durable state.
   */
  onCheckpoint?(checkpoint: Checkpoint): Promise<unknown>;
}

export interface Checkpoint {
  docId: string;
  snapshot: Uint8Array;
  authorIds: string[];
  kind: 'edit' | 'restore';
  restoredFrom: string | null;
}

export interface CollabLimits {
  /** Largest accepted message; larger ones close the connection with 4413. */
  maxMessageBytes: number;
  /** How long a document with no connections stays loaded. */
  evictAfterMs: number;
  /** Tail length that forces folding the log into a snapshot (bounds load time). */
  compactAfterUpdates: number;
  /** Fold when the tail's bytes reach this multiple of the snapshot's (bounds write amplification). */
  compactTailRatio: number;
  /** Upper bound of a document's encoded size; updates that would pass it close the sender with 4413. */
  maxDocBytes: number;
  /** Messages per second per connection (bursts of twice that); beyond it the connection closes with 4429. */
  maxMessagesPerSecond: number;
  /** Bytes per second per connection (bursts of twice that, at least one maximal message); beyond it 4429. */
  maxBytesPerSecond: number;
  /** Quiet time after which the edits so far become a version. */
  checkpointIdleMs: number;
  /** Longest stretch of continuous editing folded into one version. */
  checkpointMaxMs: number;
  /** Trailing delay of the projection hook. */
  projectionDelayMs: number;
}

/** Origin marker for updates replayed from the store at load: already durable, never re-persisted. */
export const LOADER = Symbol('loader');

/** Origin of changes the server makes on behalf of a user (restore): relayed to every client. */
export const SERVER_ORIGIN = Symbol('server');
