import * as Y from 'yjs';
import { WS_CLOSE } from '../../src/lib/contract';
import type { DocumentStore } from '../ports/document-store';
import { CheckpointSchedule } from './checkpoint-schedule';
import { compactionDue, worthCompactingOnUnload, type LogSize } from './compaction-policy';
import { PresenceChannel } from './presence-channel';
import { TokenBucket } from './token-bucket';
import { LOADER, SERVER_ORIGIN, type CollabConnection, type CollabHooks, type CollabLimits } from './collab-types';
import { decodeIncoming, encodeSavedMessage, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from './y-messages';

interface Pending {
  update: Uint8Array;
  origin: CollabConnection | null;
}

/**
 * One loaded dossier document and its connections.
 *
 * Durability rule: an update is appended to the store before it is relayed to anyone. Updates that arrive
 * while a write is in flight are batched into the next write (one transaction), so the window between
 * "applied in memory" and "on disk" is one store round trip; nothing that was relayed can be lost to a crash.
 */
export class CollabDocument {
  readonly doc = new Y.Doc();
  /** Per connection: its rate limits. */
  private readonly connections = new Map<CollabConnection, { messages: TokenBucket; bytes: TokenBucket }>();
  private readonly presence = new PresenceChannel(this.doc, () => this.connections.keys());
  private readonly checkpoints: CheckpointSchedule;
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;
  /** The stored log's shape, for the compaction policy. */
  private log: LogSize;
  /** State vector of what is on disk: all that was loaded, then each durable batch. */
  private durableState: Uint8Array;
  /** Encoded size so far: exact after load and compaction, an upper bound in between. */
  private approxBytes: number;
  private lastActorId: string | null = null;
  private projectionTimer: NodeJS.Timeout | null = null;
  private lastSeq = 0;
  /** Server-side users of the document (history, restore) that keep it loaded like a connection. */
  private holders = 0;

  constructor(
    readonly id: string,
    private readonly deps: {
      documents: DocumentStore;
      hooks: CollabHooks;
      limits: CollabLimits;
      /** Called when the document must be dropped from memory without compaction. */
      onBroken: (doc: CollabDocument) => void;
    },
    loaded: LogSize & { lastSeq: number }
  ) {
    this.log = { tailCount: loaded.tailCount, tailBytes: loaded.tailBytes, snapshotBytes: loaded.snapshotBytes };
    this.lastSeq = loaded.lastSeq;
    this.approxBytes = loaded.snapshotBytes + loaded.tailBytes;
    this.durableState = Y.encodeStateVector(this.doc);
    this.checkpoints = new CheckpointSchedule({
      idleMs: deps.limits.checkpointIdleMs,
      maxMs: deps.limits.checkpointMaxMs,
      due: () => {
        this.checkpoint().catch((err) => this.deps.hooks.onError?.(err, { docId: this.id, phase: 'checkpoint' }));
      }
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.enqueue(update, origin));
  }

  /** Called once the stored state has been replayed: all of it is durable. */
  replayed(): void {
    this.durableState = Y.encodeStateVector(this.doc);
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Connections plus server-side holders: the document is evictable only at zero. */
  get useCount(): number {
    return this.connections.size + this.holders;
  }

  hold(): void {
    this.holders++;
  }

  release(): void {
    this.holders = Math.max(0, this.holders - 1);
  }

  /**
   * Applies a change made by the server on behalf of a user (e.g. restoring a version). It takes the same
   * path as a client's update: persisted, relayed to every client, projected, attributed to `actorId`.
   */
  applyServerChange(actorId: string, change: (doc: Y.Doc) => void): void {
    this.lastActorId = actorId;
    this.checkpoints.noteAuthor(actorId);
    this.doc.transact(() => change(this.doc), SERVER_ORIGIN);
  }

  /**
   * Records a version of the durable state if anyone changed the document since the last one (or always,
   * for a restore). Serialised with persistence, so the snapshot never runs ahead of the disk.
   */
  async checkpoint(
    options: { kind: 'edit' | 'restore'; restoredFrom?: string | null } = { kind: 'edit' }
  ): Promise<unknown> {
    this.checkpoints.cancel();
    await this.flushed();
    if (!this.checkpoints.hasAuthors || this.broken || !this.deps.hooks.onCheckpoint) return undefined;
    return this.deps.hooks.onCheckpoint({
      docId: this.id,
      snapshot: Y.encodeStateAsUpdate(this.doc),
      authorIds: this.checkpoints.take(),
      kind: options.kind,
      restoredFrom: options.restoredFrom ?? null
    });
  }

  /** Starts the y-websocket handshake: our state vector and the current presence. */
  attach(conn: CollabConnection): void {
    const { maxMessagesPerSecond: rate, maxBytesPerSecond: byteRate, maxMessageBytes } = this.deps.limits;
    this.connections.set(conn, {
      messages: new TokenBucket(rate, rate * 2),
      // Decoding and applying cost grows with bytes: bound them too, but always let one maximal message
      // through (a rep's large offline backlog arrives as one sync message).
      bytes: new TokenBucket(byteRate, Math.max(byteRate * 2, maxMessageBytes))
    });
    conn.send(encodeSyncStep1(this.doc));
    const presence = this.presence.snapshotMessage();
    if (presence) conn.send(presence);
  }

  detach(conn: CollabConnection): void {
    if (!this.connections.delete(conn)) return;
    this.presence.leave(conn);
  }

  /** Handles one message; protocol violations close that connection only, never the document. */
  async receive(conn: CollabConnection, data: Uint8Array): Promise<void> {
    const state = this.connections.get(conn);
    if (!state) return;
    if (!state.messages.take() || !state.bytes.take(data.byteLength)) {
      return conn.close(WS_CLOSE.rate_limited, 'too many messages, slow down');
    }
    if (data.byteLength > this.deps.limits.maxMessageBytes) {
      return conn.close(WS_CLOSE.too_large, `message exceeds ${this.deps.limits.maxMessageBytes} bytes`);
    }
    let message;
    try {
      message = decodeIncoming(data);
    } catch (err) {
      return conn.close(WS_CLOSE.invalid, `malformed message: ${(err as Error).message}`.slice(0, 120));
    }
    switch (message.kind) {
      case 'sync-step1':
        // Answer after pending writes are durable, so a joining client does not receive what a crash could
        // still take back. (Updates applied in the instant after flushed() resolves may slip in; their
        // authors still hold them and resend on reconnect.)
        await this.flushed();
        if (!this.connections.has(conn)) return;
        conn.send(encodeSyncStep2(this.doc, message.stateVector));
        // A reconnecting client may have lost the SAVED for its last batch with the old connection; tell it
        // what is durable now, or its indicator would wait for its next edit.
        conn.send(encodeSavedMessage(this.durableState));
        return;
      case 'update':
        if (conn.access !== 'edit') return this.checkReadOnlyUpdate(conn, message.update);
        return this.applyClientUpdate(conn, message.update);
      case 'awareness':
        try {
          this.presence.receive(conn, message.update);
        } catch {
          conn.close(WS_CLOSE.invalid, 'malformed awareness update');
        }
        return;
      case 'query-awareness': {
        const presence = this.presence.snapshotMessage();
        if (presence) conn.send(presence);
        return;
      }
      case 'auth':
        return; // clients never send auth messages in this protocol; ignore rather than fail
    }
  }

  /**
   * Every client answers the server's sync step 1 with a step 2, read-only or not; it carries only what the
   * server has unless the client changed something. So a read-only client's update is refused (4403) only
   * when it holds content or deletions the document lacks.
   */
  private checkReadOnlyUpdate(conn: CollabConnection, update: Uint8Array): void {
    let contained: boolean;
    try {
      contained = Y.snapshotContainsUpdate(Y.snapshot(this.doc), update);
    } catch {
      return conn.close(WS_CLOSE.invalid, 'malformed update');
    }
    if (!contained) conn.close(WS_CLOSE.forbidden, 'read-only access');
  }

  /**
   * Yjs integrates a malformed update partially before it throws, and the partial state would poison every
   * client it reaches. So updates are fully decoded first; if applying still fails, the partial update is
   * dropped from the unflushed batch and the in-memory document is discarded (reloaded from disk on the
   * next connect) rather than persisted.
   */
  private applyClientUpdate(conn: CollabConnection, update: Uint8Array): void {
    try {
      Y.decodeUpdate(update);
    } catch {
      return conn.close(WS_CLOSE.invalid, 'malformed update');
    }
    if (this.approxBytes + update.byteLength > this.deps.limits.maxDocBytes) {
      return conn.close(WS_CLOSE.too_large, 'document size limit reached');
    }
    this.approxBytes += update.byteLength;
    const pendingBefore = this.pending.length;
    try {
      this.lastActorId = conn.user.id;
      Y.applyUpdate(this.doc, update, conn);
    } catch (err) {
      this.pending.length = pendingBefore;
      this.broken = true;
      this.deps.hooks.onError?.(err, { docId: this.id, phase: 'apply' });
      conn.close(WS_CLOSE.invalid, 'malformed update');
      this.closeAll(WS_CLOSE.internal, 'document reset after a malformed update, reconnecting');
      this.deps.onBroken(this);
    }
  }

  /** Set when a failed update left the in-memory document untrustworthy: it must not be compacted. */
  broken = false;

  /** Resolves once everything applied so far is durable. */
  async flushed(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** Folds the log into a snapshot; called past the threshold and on eviction. */
  async compact(): Promise<void> {
    await this.flushed();
    await this.compactNow();
  }

  /** Compacts if the policy says the log has grown enough (after a load, after each batch). */
  async compactIfDue(): Promise<void> {
    if (compactionDue(this.log, this.deps.limits)) await this.compact();
  }

  /**
   * Compaction proper. Called from inside the flush loop (which must not wait for itself) or after
   * flushed(); appends that race with it land after `lastSeq` and stay in the tail (DocumentStore DOC4).
   */
  private async compactNow(): Promise<void> {
    if (this.log.tailCount === 0 || this.broken) return;
    const { lastSeq } = this;
    const { tailCount, tailBytes } = this.log;
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    await this.deps.documents.compact(this.id, snapshot, lastSeq);
    this.log = {
      tailCount: this.log.tailCount - tailCount,
      tailBytes: this.log.tailBytes - tailBytes,
      snapshotBytes: snapshot.byteLength
    };
    this.approxBytes = snapshot.byteLength + this.log.tailBytes;
  }

  /** Flushes, compacts and frees memory. The registry guarantees no connections remain. */
  async destroy(): Promise<void> {
    try {
      await this.checkpoint();
    } catch (err) {
      this.deps.hooks.onError?.(err, { docId: this.id, phase: 'checkpoint' });
    }
    if (this.projectionTimer) {
      clearTimeout(this.projectionTimer);
      this.projectionTimer = null;
      await this.project();
    }
    try {
      await this.flushed();
      if (worthCompactingOnUnload(this.log, this.deps.limits)) await this.compactNow();
    } catch (err) {
      this.deps.hooks.onError?.(err, { docId: this.id, phase: 'compact' });
    }
    this.checkpoints.cancel();
    this.presence.destroy();
    this.doc.destroy();
  }

  closeAll(code: number, reason: string): void {
    for (const conn of [...this.connections.keys()]) {
      this.detach(conn);
      conn.close(code, reason);
    }
  }

  private enqueue(update: Uint8Array, origin: unknown): void {
    if (origin === LOADER) return;
    this.pending.push({
      update,
      origin: this.connections.has(origin as CollabConnection) ? (origin as CollabConnection) : null
    });
    if (!this.flushing) this.flushing = this.flushLoop();
  }

  private async flushLoop(): Promise<void> {
    // Let updates that arrive in the same I/O phase join this batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.pending.length > 0 && !this.broken) {
        const batch = this.pending;
        this.pending = [];
        // Everything applied so far is in this batch or an earlier one, so this is exactly what the
        // batch makes durable.
        const durableState = Y.encodeStateVector(this.doc);
        await this.persistAndRelay(batch, durableState);
      }
    } finally {
      this.flushing = null;
    }
  }

  private async persistAndRelay(batch: Pending[], durableState: Uint8Array): Promise<void> {
    try {
      this.lastSeq = await this.deps.documents.append(
        this.id,
        batch.map((p) => p.update)
      );
    } catch (err) {
      // Nothing of this batch was relayed; its authors still hold it and resend on reconnect, to a copy
      // reloaded from disk (this one holds state the disk lacks, so it must not be compacted or reused).
      this.broken = true;
      this.deps.hooks.onError?.(err, { docId: this.id, phase: 'persist' });
      this.closeAll(WS_CLOSE.internal, 'storage failure, reconnecting');
      this.deps.onBroken(this);
      return;
    }
    const bytes = batch.reduce((n, p) => n + p.update.byteLength, 0);
    this.log.tailCount += batch.length;
    this.log.tailBytes += bytes;
    this.durableState = durableState;
    const authors = new Set<CollabConnection>();
    for (const { update, origin } of batch) {
      if (origin) {
        authors.add(origin);
        this.checkpoints.noteAuthor(origin.user.id);
      }
      const message = encodeSyncUpdate(update);
      for (const conn of this.connections.keys()) if (conn !== origin) conn.send(message);
    }
    const saved = encodeSavedMessage(durableState);
    for (const conn of authors) if (this.connections.has(conn)) conn.send(saved);
    this.scheduleProjection();
    this.checkpoints.schedule();
    if (compactionDue(this.log, this.deps.limits)) {
      await this.compactNow().catch((err) => this.deps.hooks.onError?.(err, { docId: this.id, phase: 'compact' }));
    }
  }

  private scheduleProjection(): void {
    if (this.projectionTimer || !this.deps.hooks.onProjection) return;
    this.projectionTimer = setTimeout(() => {
      this.projectionTimer = null;
      void this.project();
    }, this.deps.limits.projectionDelayMs);
  }

  private async project(): Promise<void> {
    try {
      await this.deps.hooks.onProjection?.({ docId: this.id, doc: this.doc, actorId: this.lastActorId });
    } catch (err) {
      this.deps.hooks.onError?.(err, { docId: this.id, phase: 'projection' });
    }
  }
}
