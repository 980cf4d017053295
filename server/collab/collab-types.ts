import type * as Y from 'yjs';

export { CollabConnection, type CollabAccess, type CollabUser } from './collab-connection';

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
  /**
   * Content rules the generic runtime does not know (e.g. a dossier's field lengths). Called synchronously
   * before a client's update is applied, so it can measure what it needs; the function it returns is called
   * right after, with the shared types the update changed (Yjs `transaction.changed`: types that existed
   * before, with the map keys that changed, `null` for content). A verdict's `repair` is applied as a server
   * change attributed to the sender (persisted and relayed like any edit) and `close` ends the sender's
   * connection. Must not throw; errors are reported and the update stands.
   */
  inspectUpdate?(options: { docId: string; doc: Y.Doc }): (changed: ChangedTypes) => UpdateVerdict | null;
  /**
   * Who wrote which Yjs client ids before ownership was recorded (documents stored by older servers, or
   * written outside the collab runtime such as a new dossier's first state). Called once at load with the
   * client ids the document holds that have no recorded owner; ids left out of the answer are sealed (nobody
   * may write them again). See ClientOwnership.
   */
  attributeClients?(options: { docId: string; clientIds: number[] }): Promise<Map<number, string>>;
}

/** Yjs `transaction.changed`: each changed type with the keys that changed (`null`: its content). */
export type ChangedTypes = ReadonlyMap<Y.AbstractType<unknown>, ReadonlySet<string | null>>;

export interface UpdateVerdict {
  /** A change that brings the document back within the rules; runs inside a server transaction. */
  repair?(doc: Y.Doc): void;
  /** Ends the sender's connection: `too_large` closes with 4413, `invalid` with 4400. */
  close?: { code: 'too_large' | 'invalid'; reason: string };
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
