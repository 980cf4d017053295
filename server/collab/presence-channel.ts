import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { stampAwarenessUpdate } from './awareness-stamp';
import type { CollabConnection } from './collab-types';
import { encodeAwarenessMessage } from './y-messages';

/**
 * Presence (y-protocols awareness) of one document: stamps every client's state with its authenticated
 * user, remembers which awareness client ids each connection speaks for (so nobody can overwrite another's
 * state, and a closed connection's cursors disappear), and relays changes to the other connections.
 */
export class PresenceChannel {
  readonly awareness: Awareness;
  private readonly owners = new Map<number, CollabConnection>();
  private readonly owned = new Map<CollabConnection, Set<number>>();

  constructor(
    doc: Y.Doc,
    private readonly recipients: () => Iterable<CollabConnection>
  ) {
    this.awareness = new Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.relay);
  }

  /** Everyone's current state, for a connection that just joined or asked. */
  snapshotMessage(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    return clients.length > 0 ? encodeAwarenessMessage(encodeAwarenessUpdate(this.awareness, clients)) : null;
  }

  /** Applies a client's awareness update; throws on a malformed one. */
  receive(conn: CollabConnection, update: Uint8Array): void {
    const stamped = stampAwarenessUpdate({
      update,
      connection: conn,
      ownerOf: (clientId) => this.owners.get(clientId)?.id
    });
    let mine = this.owned.get(conn);
    if (!mine) this.owned.set(conn, (mine = new Set()));
    for (const id of stamped.clientIds) {
      mine.add(id);
      this.owners.set(id, conn);
    }
    applyAwarenessUpdate(this.awareness, stamped.update, conn);
  }

  /** Removes a closed connection's states (their cursors vanish for everyone else). */
  leave(conn: CollabConnection): void {
    const mine = this.owned.get(conn);
    this.owned.delete(conn);
    if (!mine || mine.size === 0) return;
    for (const id of mine) this.owners.delete(id);
    removeAwarenessStates(this.awareness, [...mine], null);
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
}
