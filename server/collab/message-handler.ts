import * as Y from 'yjs';
import { WS_CLOSE } from '../../src/lib/contract';
import type { ClientOwnership } from './client-ownership';
import type { CollabConnection } from './collab-connection';
import type { ChangedTypes, CollabHooks, CollabLimits, UpdateVerdict } from './collab-types';
import type { PersistQueue } from './persist-queue';
import { PresenceChannel, PresenceLimitError } from './presence-channel';
import { TokenBucket } from './token-bucket';
import { checkUpdate } from './update-check';
import { decodeIncoming, encodeSyncStep2 } from './y-messages';

/**
 * The messages of one document's connections: per-connection limits, decoding, and what each message may do.
 * Every violation closes that connection only (4400 malformed, 4403 not allowed, 4413 too large, 4429 too
 * much), never the document; the one exception is an update Yjs throws on after passing every check, which
 * leaves the document half-changed (see onApplyFailure).
 *
 * Order of checks on a message: its size (4413; before the rate limit, so a too-large message is never
 * answered with the retryable 4429), the connection's message and byte budgets (4429; every message counts,
 * presence included), then decoding (4400).
 */
export class MessageHandler {
  /** Per attached connection: its rate limits. A connection missing here is detached: its messages are ignored. */
  private readonly budgets = new Map<CollabConnection, { messages: TokenBucket; bytes: TokenBucket }>();

  constructor(
    private readonly deps: {
      docId: string;
      doc: Y.Doc;
      limits: CollabLimits;
      hooks: CollabHooks;
      presence: PresenceChannel;
      persistence: PersistQueue;
      ownership: ClientOwnership;
      /** Detaches a connection (so none of its later messages is handled) and closes it. */
      closeConnection(conn: CollabConnection, code: number, reason: string): void;
      /** A change by the server on a user's behalf (here: a content rule's repair). */
      applyServerChange(actorId: string, change: (doc: Y.Doc) => void): void;
      /** Yjs threw halfway through applying an update that passed every check. */
      onApplyFailure(err: unknown, conn: CollabConnection): void;
    }
  ) {}

  open(conn: CollabConnection): void {
    const { maxMessagesPerSecond: rate, maxBytesPerSecond: byteRate, maxMessageBytes } = this.deps.limits;
    this.budgets.set(conn, {
      messages: new TokenBucket(rate, rate * 2),
      // Decoding and applying cost grows with bytes: bound them too, but always let one maximal message
      // through (a rep's large offline backlog arrives as one sync message).
      bytes: new TokenBucket(byteRate, Math.max(byteRate * 2, maxMessageBytes))
    });
  }

  /** Forgets a connection; false if it was not open. */
  close(conn: CollabConnection): boolean {
    return this.budgets.delete(conn);
  }

  isOpen(conn: CollabConnection): boolean {
    return this.budgets.has(conn);
  }

  /** Handles one message. Never throws: what it cannot handle closes that connection. */
  async receive(conn: CollabConnection, data: Uint8Array): Promise<void> {
    try {
      await this.handle(conn, data);
    } catch (err) {
      this.deps.hooks.onError?.(err, { docId: this.deps.docId, phase: 'message' });
      this.reject(conn, WS_CLOSE.internal, 'could not handle message');
    }
  }

  private async handle(conn: CollabConnection, data: Uint8Array): Promise<void> {
    const budget = this.budgets.get(conn);
    if (!budget) return;
    const { maxMessageBytes } = this.deps.limits;
    if (data.byteLength > maxMessageBytes) {
      return this.reject(conn, WS_CLOSE.too_large, `message exceeds ${maxMessageBytes} bytes`);
    }
    if (!budget.messages.take() || !budget.bytes.take(data.byteLength)) {
      return this.reject(conn, WS_CLOSE.rate_limited, 'too many messages, slow down');
    }
    let message;
    try {
      message = decodeIncoming(data);
    } catch (err) {
      return this.reject(conn, WS_CLOSE.invalid, `malformed message: ${(err as Error).message}`.slice(0, 120));
    }
    const { persistence, presence } = this.deps;
    switch (message.kind) {
      case 'sync-step1':
        // Answer after pending writes are durable, so a joining client does not receive what a crash could
        // still take back. (Updates applied in the instant after flushed() resolves may slip in; their
        // authors still hold them and resend on reconnect.)
        await persistence.flushed();
        if (!this.budgets.has(conn)) return;
        conn.send(encodeSyncStep2(this.deps.doc, message.stateVector));
        // A reconnecting client may have lost the SAVED for its last batch with the old connection; tell it
        // what is durable now, or its indicator would wait for its next edit.
        conn.send(persistence.savedMessage());
        return;
      case 'update':
        if (conn.access !== 'edit') return this.checkReadOnlyUpdate(conn, message.update);
        return this.applyClientUpdate(conn, message.update);
      case 'awareness':
        try {
          presence.receive(conn, message.update);
        } catch (err) {
          if (!(err instanceof PresenceLimitError))
            return this.reject(conn, WS_CLOSE.invalid, 'malformed awareness update');
          // Too many ids is retryable (a reconnect starts afresh, the old ids are gone); a huge state is not.
          const code = err.code === 'too_many_ids' ? WS_CLOSE.rate_limited : WS_CLOSE.too_large;
          this.reject(conn, code, err.message);
        }
        return;
      case 'query-awareness': {
        const snapshot = presence.snapshotMessage();
        if (snapshot) conn.send(snapshot);
        return;
      }
      case 'auth':
        return; // clients never send auth messages in this protocol; ignore rather than fail
    }
  }

  private reject(conn: CollabConnection, code: number, reason: string): void {
    this.deps.closeConnection(conn, code, reason);
  }

  /**
   * Every client answers the server's sync step 1 with a step 2, read-only or not; it carries only what the
   * server has unless the client changed something. So a read-only client's update is refused (4403) only
   * when it holds content or deletions the document lacks.
   */
  private checkReadOnlyUpdate(conn: CollabConnection, update: Uint8Array): void {
    let contained: boolean;
    try {
      contained = Y.snapshotContainsUpdate(Y.snapshot(this.deps.doc), update);
    } catch {
      return this.reject(conn, WS_CLOSE.invalid, 'malformed update');
    }
    if (!contained) this.reject(conn, WS_CLOSE.forbidden, 'read-only access');
  }

  /**
   * An editor's update: decoded and checked in full before it touches the document (checkUpdate: nothing Yjs
   * would throw on halfway, no writes to another user's client id), then applied, then inspected by the
   * content rules (CollabHooks.inspectUpdate).
   */
  private applyClientUpdate(conn: CollabConnection, update: Uint8Array): void {
    const { doc, persistence, ownership } = this.deps;
    let decoded;
    try {
      decoded = Y.decodeUpdate(update);
    } catch {
      return this.reject(conn, WS_CLOSE.invalid, 'malformed update');
    }
    const check = checkUpdate({ decoded, stateOf: knownState(doc) });
    if (!check.ok) return this.reject(conn, WS_CLOSE.invalid, `malformed update: ${check.reason}`);
    if (!persistence.reserve(update.byteLength)) {
      return this.reject(conn, WS_CLOSE.too_large, 'document size limit reached');
    }
    const foreign = ownership.admit(check.writes, conn.user.id);
    if (foreign) {
      return this.reject(conn, WS_CLOSE.forbidden, `update writes client id ${foreign.foreign} of another user`);
    }
    const inspect = this.startInspection();
    const mark = persistence.mark();
    const seen: { changed: ChangedTypes | null } = { changed: null };
    const capture = (tr: Y.Transaction) => {
      if (tr.origin === conn) seen.changed = tr.changed as ChangedTypes;
    };
    doc.on('afterTransaction', capture);
    try {
      Y.applyUpdate(doc, update, conn);
    } catch (err) {
      persistence.dropSince(mark);
      return this.deps.onApplyFailure(err, conn);
    } finally {
      doc.off('afterTransaction', capture);
    }
    if (inspect && seen.changed) this.enforce(conn, this.finishInspection(inspect, seen.changed));
  }

  private startInspection(): ((changed: ChangedTypes) => UpdateVerdict | null) | null {
    const { hooks, docId, doc } = this.deps;
    try {
      return hooks.inspectUpdate?.({ docId, doc }) ?? null;
    } catch (err) {
      hooks.onError?.(err, { docId, phase: 'inspect' });
      return null;
    }
  }

  private finishInspection(
    inspect: (changed: ChangedTypes) => UpdateVerdict | null,
    changed: ChangedTypes
  ): UpdateVerdict | null {
    try {
      return inspect(changed);
    } catch (err) {
      this.deps.hooks.onError?.(err, { docId: this.deps.docId, phase: 'inspect' });
      return null;
    }
  }

  private enforce(conn: CollabConnection, verdict: UpdateVerdict | null): void {
    if (!verdict) return;
    if (verdict.repair) this.deps.applyServerChange(conn.user.id, verdict.repair);
    if (verdict.close) {
      const code = verdict.close.code === 'too_large' ? WS_CLOSE.too_large : WS_CLOSE.invalid;
      this.reject(conn, code, verdict.close.reason);
    }
  }
}

/**
 * How far the server knows each client: what it integrated, and what it holds pending (structs waiting for a
 * missing dependency, deletions of content not seen yet). Pending content counts as known because the server
 * hands it out: a sync step 2 (Y.encodeStateAsUpdate) includes the pending structs and deletions, so a client
 * that synced during a gap holds another user's pending content and echoes it back in its own next sync step 2.
 * Counting only the integrated state refused such legitimate echoes as writes to another user's client id
 * (found by the convergence fuzz test: clients of two users behind a relay that drops and delays messages).
 * Cost: the bound is per client, so inside a range the server holds pending for a user, another user's struct is
 * not refused; a per-range check against the pending structs would close that.
 */
function knownState(doc: Y.Doc): (client: number) => number {
  const pending = new Map<number, number>();
  const extend = (client: number, end: number) => pending.set(client, Math.max(pending.get(client) ?? 0, end));
  // Yjs keeps both in the V2 update encoding.
  const { pendingStructs, pendingDs } = doc.store;
  if (pendingStructs) {
    // Not encodeStateVectorFromUpdate: it counts a client only from clock 0, and pending content never starts
    // there. Skips are gaps, not content.
    for (const struct of Y.decodeUpdateV2(pendingStructs.update).structs) {
      if (!(struct instanceof Y.Skip)) extend(struct.id.client, struct.id.clock + struct.length);
    }
  }
  if (pendingDs) {
    for (const [client, ranges] of Y.decodeUpdateV2(pendingDs).ds.clients) {
      for (const range of ranges) extend(client, range.clock + range.len);
    }
  }
  return (client) => Math.max(Y.getState(doc.store, client), pending.get(client) ?? 0);
}
