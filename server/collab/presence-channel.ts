import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { stampAwarenessUpdate } from './awareness-stamp';
import type { CollabConnection } from './collab-connection';
import { encodeAwarenessMessage } from './y-messages';

/**
 * Awareness client ids one connection may speak for. A browser tab uses one (its Y.Doc's client id) and
 * takes a second only when Yjs renames a colliding client id; 8 leaves room for that and for tools, while an
 * unbounded number let one connection (a viewer's too) announce fresh ids at ≈430 bytes each: +199 MB in 70 s.
 */
export const MAX_PRESENCE_IDS_PER_CONNECTION = 8;
/** Largest stamped state held per id: a user, a focus and editor cursors are well under 1 KB. */
export const MAX_PRESENCE_STATE_CHARS = 8 * 1024;

/** A connection asked for more presence than it may hold; the caller closes it. */
export class PresenceLimitError extends Error {
  constructor(
    readonly code: 'too_many_ids' | 'too_large',
    message: string
  ) {
    super(message);
  }
}

/**
 * Presence (y-protocols awareness) of one document: stamps every client's state with its authenticated
 * user, remembers which awareness client ids each connection holds a state for (so nobody can overwrite
 * another's state, and a closed connection's cursors disappear), and relays changes to the other connections.
 *
 * Memory is bounded per connection (MAX_PRESENCE_IDS_PER_CONNECTION live states of at most
 * MAX_PRESENCE_STATE_CHARS) and released with each state: whenever a state goes (its connection left, its
 * client cleared it, or it timed out after 30 s without renewal) its id is freed and its entry in the
 * awareness meta map dropped, which y-protocols otherwise keeps forever for every id it has seen.
 */
export class PresenceChannel {
  private readonly awareness: Awareness;
  /** Per held id, the connection holding it; per connection, the ids it holds a state for. */
  private readonly owners = new Map<number, CollabConnection>();
  private readonly owned = new Map<CollabConnection, Set<number>>();

  constructor(
    doc: Y.Doc,
    private readonly recipients: () => Iterable<CollabConnection>
  ) {
    this.awareness = new Awareness(doc);
    this.awareness.setLocalState(null);
    // Relay first: it encodes removals with their meta, which release() then drops.
    this.awareness.on('update', this.relay);
    this.awareness.on('update', this.release);
  }

  /** Everyone's current state, for a connection that just joined or asked. */
  snapshotMessage(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    return clients.length > 0 ? encodeAwarenessMessage(encodeAwarenessUpdate(this.awareness, clients)) : null;
  }

  /**
   * Applies a client's awareness update. Throws a PresenceLimitError past the per-connection limits (nothing
   * of the update is applied then) and any other error on a malformed one.
   */
  receive(conn: CollabConnection, update: Uint8Array): void {
    const stamped = stampAwarenessUpdate({
      update,
      connection: conn,
      ownerOf: (clientId) => this.owners.get(clientId)?.id
    });
    const mine = this.owned.get(conn) ?? new Set<number>();
    const fresh = new Set(stamped.liveIds.filter((id) => !mine.has(id)));
    if (mine.size + fresh.size > MAX_PRESENCE_IDS_PER_CONNECTION) {
      throw new PresenceLimitError(
        'too_many_ids',
        `too many presence ids on one connection (at most ${MAX_PRESENCE_IDS_PER_CONNECTION})`
      );
    }
    if (stamped.longestState > MAX_PRESENCE_STATE_CHARS) {
      throw new PresenceLimitError('too_large', `presence state exceeds ${MAX_PRESENCE_STATE_CHARS} characters`);
    }
    this.owned.set(conn, mine);
    for (const id of fresh) {
      mine.add(id);
      this.owners.set(id, conn);
    }
    applyAwarenessUpdate(this.awareness, stamped.update, conn);
  }

  /** Removes a closed connection's states: their cursors vanish for everyone else, and release() frees them. */
  leave(conn: CollabConnection): void {
    const mine = this.owned.get(conn);
    this.owned.delete(conn);
    if (mine && mine.size > 0) removeAwarenessStates(this.awareness, [...mine], null);
  }

  /** Client ids whose state and whose meta entry are held (without the server's own): for tests and metrics. */
  clientIds(): { states: number[]; meta: number[] } {
    const self = this.awareness.clientID;
    const sorted = (ids: Iterable<number>) => [...ids].filter((id) => id !== self).sort((a, b) => a - b);
    return { states: sorted(this.awareness.getStates().keys()), meta: sorted(this.awareness.meta.keys()) };
  }

  destroy(): void {
    this.awareness.destroy();
  }

  private relay = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    if (changed.length === 0) return;
    const message = encodeAwarenessMessage(encodeAwarenessUpdate(this.awareness, changed));
    for (const conn of this.recipients()) if (conn !== origin) conn.send(message);
  };

  /**
   * A removed state frees its id and its meta. y-protocols keeps a removed id's clock to reject late
   * duplicates; here a late duplicate can only come from a client echoing an earlier state, which its next
   * renewal or the 30 s timeout clears again, while keeping every clock would grow without bound.
   */
  private release = (changes: { removed: number[] }): void => {
    for (const id of changes.removed) {
      if (id === this.awareness.clientID) continue;
      const holder = this.owners.get(id);
      this.owners.delete(id);
      if (holder) this.owned.get(holder)?.delete(id);
      this.awareness.meta.delete(id);
    }
  };
}
