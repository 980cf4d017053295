import type { User } from '../kernel/types';
import type { SocketClient } from './socket-gateway';

/** One live connection as the directory knows it: who, which teams, which dossier is open there and since when. */
export interface PresenceEntry {
  connectionId: string;
  userId: string;
  teamIds: readonly string[];
  /** The dossier this connection shows (null: online elsewhere in the app). */
  dossierId: string | null;
  /** Epoch ms when this connection opened the dossier (or connected, while no dossier is open). */
  since: number;
}

/** What changed, so listeners can tell which teams' boards to refresh. */
export interface PresenceChange {
  userId: string;
  teamIds: readonly string[];
}

/**
 * Port: who is online and which dossier each connection has open (issue #10 "who is where").
 *
 * PD1 `connected` adds an entry with dossierId null; `disconnected` removes it; `located` sets its dossier
 *     (null when the dossier is closed) and restarts `since`; an unknown connection is ignored.
 * PD2 `entries(teamIds)` lists the connections of users in any of the teams ('all': every one), several per
 *     user when they have several tabs; a user with no connection is offline.
 * PD3 every change (connect, disconnect, a different dossier) is told to each `subscribe` listener once, after
 *     the entries reflect it; a `located` that changes nothing is not a change.
 *
 * Adapters: in-process today (in-process-presence-directory.ts: a map of this node's connections, fed by the
 * Socket.io transport and dossier:watch). With several nodes (design.md "Several nodes") a Redis adapter keeps
 * the same entries in a hash per node (`presence:<node>` → connectionId → entry) refreshed by a heartbeat with a
 * TTL, so a dead node's entries expire; `entries` reads every live node's hash and changes go out on a Redis
 * channel. Nothing above this port changes.
 */
export interface PresenceDirectory {
  connected(client: Pick<SocketClient, 'id'> & { user: Pick<User, 'id' | 'teamIds'> }): void;
  disconnected(connectionId: string): void;
  located(connectionId: string, dossierId: string | null): void;
  entries(teamIds: readonly string[] | 'all'): Promise<PresenceEntry[]>;
  subscribe(listener: (change: PresenceChange) => void): () => void;
}
