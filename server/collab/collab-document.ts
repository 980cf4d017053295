import { randomInt } from 'node:crypto';
import * as Y from 'yjs';
import { WS_CLOSE } from '../../src/lib/contract';
import type { ClientOwner, DocumentStore } from '../ports/document-store';
import { CheckpointSchedule } from './checkpoint-schedule';
import { ClientOwnership } from './client-ownership';
import type { CollabConnection } from './collab-connection';
import { LOADER, SERVER_ORIGIN, type CollabHooks, type CollabLimits } from './collab-types';
import type { LogSize } from './compaction-policy';
import { MessageHandler } from './message-handler';
import { PersistQueue } from './persist-queue';
import { PresenceChannel } from './presence-channel';
import { encodeSyncStep1 } from './y-messages';

/**
 * One loaded document and its connections: who is attached (and who holds it server-side), when versions
 * and projections are due, and how it is unloaded. Persistence and SAVED live in PersistQueue, message
 * handling and limits in MessageHandler, client-id ownership in ClientOwnership.
 */
export class CollabDocument {
  readonly doc = new Y.Doc();
  private readonly connections = new Set<CollabConnection>();
  private readonly ownership: ClientOwnership;
  private readonly presence = new PresenceChannel(this.doc, () => this.connections);
  private readonly persistence: PersistQueue;
  private readonly messages: MessageHandler;
  private readonly checkpoints: CheckpointSchedule;
  private lastActorId: string | null = null;
  /** The user a server change in progress is made for (set around its transaction). */
  private serverActorId: string | null = null;
  private projectionTimer: NodeJS.Timeout | null = null;
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
    loaded: LogSize & { lastSeq: number; owners: ClientOwner[] }
  ) {
    this.ownership = new ClientOwnership(loaded.owners);
    const onError = (err: unknown, phase: string) => deps.hooks.onError?.(err, { docId: id, phase });
    this.persistence = new PersistQueue(
      {
        docId: id,
        doc: this.doc,
        documents: deps.documents,
        limits: deps.limits,
        ownership: this.ownership,
        recipients: () => this.connections,
        onDurable: (authorIds) => this.batchDurable(authorIds),
        onStoreFailure: (err) => {
          onError(err, 'persist');
          this.closeAll(WS_CLOSE.internal, 'storage failure, reconnecting');
          this.deps.onBroken(this);
        },
        onError
      },
      loaded
    );
    this.messages = new MessageHandler({
      docId: id,
      doc: this.doc,
      limits: deps.limits,
      hooks: deps.hooks,
      presence: this.presence,
      persistence: this.persistence,
      ownership: this.ownership,
      closeConnection: (conn, code, reason) => this.closeConnection(conn, code, reason),
      applyServerChange: (actorId, change) => this.applyServerChange(actorId, change),
      onApplyFailure: (err, conn) => this.applyFailed(err, conn)
    });
    this.checkpoints = new CheckpointSchedule({
      idleMs: deps.limits.checkpointIdleMs,
      maxMs: deps.limits.checkpointMaxMs,
      due: () => {
        this.checkpoint().catch((err) => onError(err, 'checkpoint'));
      }
    });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.changed(update, origin));
  }

  /**
   * Called once the stored state has been replayed: all of it is durable, and its client ids without a
   * recorded owner get `unowned` (attributed or sealed, see ClientOwnership).
   */
  replayed(unowned: ClientOwner[]): void {
    this.persistence.replayed();
    this.ownership.adopt(unowned);
  }

  /** Client ids in the document that have no recorded owner (those stored before ownership existed). */
  unownedClientIds(): number[] {
    return [...Y.decodeStateVector(Y.encodeStateVector(this.doc)).keys()].filter(
      (clientId) => this.ownership.ownerOf(clientId) === undefined
    );
  }

  /** Set when memory can no longer be trusted to match the disk: the document must not be compacted or reused. */
  get broken(): boolean {
    return this.persistence.broken;
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

  /** Awareness client ids held in memory (states and meta), for tests and metrics. */
  presenceClientIds(): { states: number[]; meta: number[] } {
    return this.presence.clientIds();
  }

  /**
   * Applies a change made by the server on behalf of a user (a restore, a content rule's repair). It takes the
   * same path as a client's update: persisted, relayed to every client, projected, attributed to `actorId`.
   */
  applyServerChange(actorId: string, change: (doc: Y.Doc) => void): void {
    // The server writes under its own client id, which no user may own. Should a user hold it already (ids are
    // random 32-bit numbers, so by chance only), the server takes another.
    while (!this.ownership.claimForServer(this.doc.clientID)) this.doc.clientID = randomInt(2 ** 32 - 1);
    this.lastActorId = actorId;
    this.checkpoints.noteAuthor(actorId);
    this.serverActorId = actorId;
    try {
      this.doc.transact(() => change(this.doc), SERVER_ORIGIN);
    } finally {
      this.serverActorId = null;
    }
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
    this.connections.add(conn);
    this.messages.open(conn);
    conn.send(encodeSyncStep1(this.doc));
    const presence = this.presence.snapshotMessage();
    if (presence) conn.send(presence);
  }

  detach(conn: CollabConnection): void {
    if (!this.connections.delete(conn)) return;
    this.messages.close(conn);
    this.presence.leave(conn);
  }

  /** Handles one message; protocol violations close that connection only, never the document. */
  receive(conn: CollabConnection, data: Uint8Array): Promise<void> {
    return this.messages.receive(conn, data);
  }

  /** Resolves once everything applied so far is durable. */
  flushed(): Promise<void> {
    return this.persistence.flushed();
  }

  /** Folds the log into a snapshot; called past the threshold and on eviction. */
  compact(): Promise<void> {
    return this.persistence.compact();
  }

  /** Compacts if the policy says the log has grown enough (after a load, after each batch). */
  compactIfDue(): Promise<void> {
    return this.persistence.compactIfDue();
  }

  /** Flushes, compacts and frees memory. The registry guarantees no connections remain. */
  async destroy(): Promise<void> {
    const onError = (err: unknown, phase: string) => this.deps.hooks.onError?.(err, { docId: this.id, phase });
    try {
      await this.checkpoint();
    } catch (err) {
      onError(err, 'checkpoint');
    }
    if (this.projectionTimer) {
      clearTimeout(this.projectionTimer);
      this.projectionTimer = null;
      await this.project();
    }
    try {
      await this.persistence.settle();
    } catch (err) {
      onError(err, 'compact');
    }
    this.dispose();
  }

  /** Frees memory without touching the store: for a copy whose load failed before anyone used it. */
  dispose(): void {
    this.checkpoints.cancel();
    this.presence.destroy();
    this.doc.destroy();
  }

  closeAll(code: number, reason: string): void {
    for (const conn of [...this.connections]) this.closeConnection(conn, code, reason);
  }

  /** Detaches first, so that nothing the connection sent after the offending message is handled. */
  private closeConnection(conn: CollabConnection, code: number, reason: string): void {
    this.detach(conn);
    conn.close(code, reason);
  }

  /**
   * Yjs threw halfway through an update that passed every check (checkUpdate rules out the kinds known to
   * throw). What it integrated before throwing is in memory but dropped from the batch, so memory is ahead of
   * the disk in a way nobody can vouch for: the document is discarded and reloaded from disk on the next
   * connect, which costs every co-editor a reconnect (1011). The sender is closed with 4400.
   */
  private applyFailed(err: unknown, conn: CollabConnection): void {
    this.persistence.markBroken();
    this.deps.hooks.onError?.(err, { docId: this.id, phase: 'apply' });
    this.closeConnection(conn, WS_CLOSE.invalid, 'malformed update');
    this.closeAll(WS_CLOSE.internal, 'document reset after a malformed update, reconnecting');
    this.deps.onBroken(this);
  }

  /** Every change to the document, whoever made it, goes to the persistence queue (the loader's excepted). */
  private changed(update: Uint8Array, origin: unknown): void {
    if (origin === LOADER) return;
    const conn = this.connections.has(origin as CollabConnection) ? (origin as CollabConnection) : null;
    const authorId = conn ? conn.user.id : origin === SERVER_ORIGIN ? this.serverActorId : null;
    this.persistence.enqueue(update, conn, authorId);
  }

  private batchDurable(authorIds: string[]): void {
    for (const authorId of authorIds) this.checkpoints.noteAuthor(authorId);
    this.lastActorId = authorIds.at(-1) ?? this.lastActorId;
    this.scheduleProjection();
    this.checkpoints.schedule();
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
