import * as Y from 'yjs';
import type { DocumentStore } from '../ports/document-store';
import type { ClientOwnership } from './client-ownership';
import type { CollabConnection } from './collab-connection';
import type { CollabLimits } from './collab-types';
import { compactionDue, worthCompactingOnUnload, type LogSize } from './compaction-policy';
import { encodeSavedMessage, encodeSyncUpdate } from './y-messages';

interface Pending {
  update: Uint8Array;
  /** The connection that sent it (it is not relayed back there), null for the server's own changes. */
  origin: CollabConnection | null;
  /** The user the change is attributed to (versions, projection), null if nobody. */
  authorId: string | null;
}

/**
 * Persistence of one document: the batch of applied-but-unwritten updates, the store's log shape and
 * compaction, and what may be relayed and confirmed (SAVED).
 *
 * Durability rule: an update is appended to the store before it is relayed to anyone. Updates that arrive
 * while a write is in flight are batched into the next write (one transaction), so the window between
 * "applied in memory" and "on disk" is one store round trip; nothing that was relayed can be lost to a crash.
 * Client-id claims (ClientOwnership) are written before the batch that needs them.
 */
export class PersistQueue {
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  /** The stored log's shape, for the compaction policy. */
  private log: LogSize;
  /** State vector of what is on disk: all that was loaded, then each durable batch. */
  private durableState: Uint8Array;
  /** Encoded size so far: exact after load and compaction, an upper bound in between. */
  private approxBytes: number;
  /** Seq of the last stored update: compaction folds up to it. */
  private lastSeq: number;
  private isBroken = false;

  constructor(
    private readonly deps: {
      docId: string;
      doc: Y.Doc;
      documents: DocumentStore;
      limits: Pick<CollabLimits, 'compactAfterUpdates' | 'compactTailRatio' | 'maxDocBytes'>;
      ownership: ClientOwnership;
      /** Connections to relay to. */
      recipients(): Iterable<CollabConnection>;
      /** A batch is durable and relayed; `authorIds` in order, the latest last. */
      onDurable(authorIds: string[]): void;
      /** The store refused a batch: memory is now ahead of the disk (the queue is already broken). */
      onStoreFailure(err: unknown): void;
      onError(err: unknown, phase: string): void;
    },
    loaded: LogSize & { lastSeq: number }
  ) {
    this.log = { tailCount: loaded.tailCount, tailBytes: loaded.tailBytes, snapshotBytes: loaded.snapshotBytes };
    this.lastSeq = loaded.lastSeq;
    this.approxBytes = loaded.snapshotBytes + loaded.tailBytes;
    this.durableState = Y.encodeStateVector(deps.doc);
  }

  /** Set when memory can no longer be trusted to match the disk: nothing more is written or compacted. */
  get broken(): boolean {
    return this.isBroken;
  }

  markBroken(): void {
    this.isBroken = true;
  }

  /** Called once the stored state has been replayed: all of it is durable. */
  replayed(): void {
    this.durableState = Y.encodeStateVector(this.deps.doc);
  }

  /** SAVED with what is durable now. */
  savedMessage(): Uint8Array {
    return encodeSavedMessage(this.durableState);
  }

  /** Counts `bytes` toward the document's size limit; false (and nothing counted) if they would pass it. */
  reserve(bytes: number): boolean {
    if (this.approxBytes + bytes > this.deps.limits.maxDocBytes) return false;
    this.approxBytes += bytes;
    return true;
  }

  /** A position in the unwritten batch, to drop what a failed apply left behind (see dropSince). */
  mark(): number {
    return this.pending.length;
  }

  /** Drops what was queued after `mark` (a partly applied update must never be written or relayed). */
  dropSince(mark: number): void {
    this.pending.length = Math.min(this.pending.length, mark);
  }

  enqueue(update: Uint8Array, origin: CollabConnection | null, authorId: string | null): void {
    this.pending.push({ update, origin, authorId });
    if (!this.flushing) this.flushing = this.flushLoop();
  }

  /** Resolves once everything applied so far is durable. */
  async flushed(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** Folds the log into a snapshot. */
  async compact(): Promise<void> {
    await this.flushed();
    await this.compactNow();
  }

  /** Compacts if the policy says the log has grown enough (after a load, after each batch). */
  async compactIfDue(): Promise<void> {
    if (compactionDue(this.log, this.deps.limits)) await this.compact();
  }

  /** On unload: flushes, and compacts if the tail is worth folding. */
  async settle(): Promise<void> {
    await this.flushed();
    if (worthCompactingOnUnload(this.log, this.deps.limits)) await this.compactNow();
  }

  /**
   * Compaction proper. Called from inside the flush loop (which must not wait for itself) or after
   * flushed(); appends that race with it land after `lastSeq` and stay in the tail (DocumentStore DOC4).
   */
  private async compactNow(): Promise<void> {
    if (this.log.tailCount === 0 || this.isBroken) return;
    const { lastSeq } = this;
    const { tailCount, tailBytes } = this.log;
    const snapshot = Y.encodeStateAsUpdate(this.deps.doc);
    await this.deps.documents.compact(this.deps.docId, snapshot, lastSeq);
    this.log = {
      tailCount: this.log.tailCount - tailCount,
      tailBytes: this.log.tailBytes - tailBytes,
      snapshotBytes: snapshot.byteLength
    };
    this.approxBytes = snapshot.byteLength + this.log.tailBytes;
  }

  private async flushLoop(): Promise<void> {
    // Let updates that arrive in the same I/O phase join this batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.pending.length > 0 && !this.isBroken) {
        const batch = this.pending;
        this.pending = [];
        // Everything applied so far is in this batch or an earlier one, so this is exactly what the
        // batch makes durable.
        const durableState = Y.encodeStateVector(this.deps.doc);
        await this.persistAndRelay(batch, durableState);
      }
    } finally {
      this.flushing = null;
    }
  }

  private async persistAndRelay(batch: Pending[], durableState: Uint8Array): Promise<void> {
    const { documents, docId } = this.deps;
    try {
      const claims = this.deps.ownership.takeUnsaved();
      if (claims.length > 0) await documents.claimClients(docId, claims);
      this.lastSeq = await documents.append(
        docId,
        batch.map((p) => p.update)
      );
    } catch (err) {
      // Nothing of this batch was relayed; its authors still hold it and resend on reconnect, to a copy
      // reloaded from disk (this one holds state the disk lacks, so it must not be compacted or reused).
      this.isBroken = true;
      this.deps.onStoreFailure(err);
      return;
    }
    this.log.tailCount += batch.length;
    this.log.tailBytes += batch.reduce((n, p) => n + p.update.byteLength, 0);
    this.durableState = durableState;
    const recipients = new Set(this.deps.recipients());
    const senders = new Set<CollabConnection>();
    for (const { update, origin } of batch) {
      if (origin) senders.add(origin);
      const message = encodeSyncUpdate(update);
      for (const conn of recipients) if (conn !== origin) conn.send(message);
    }
    const saved = this.savedMessage();
    for (const conn of senders) if (recipients.has(conn)) conn.send(saved);
    this.deps.onDurable(batch.flatMap((p) => (p.authorId ? [p.authorId] : [])));
    if (compactionDue(this.log, this.deps.limits)) {
      await this.compactNow().catch((err) => this.deps.onError(err, 'compact'));
    }
  }
}
