import type { Clock } from '../ports/clock';
import type { PresenceChange, PresenceDirectory, PresenceEntry } from '../ports/presence-directory';

/**
 * PresenceDirectory on one node's memory (rules PD1–PD3 in the port). Single-node assumption, listed in
 * design.md ("whereabouts reading local rooms"): a second node's connections are not seen until the Redis
 * adapter replaces this one.
 */
export function createInProcessPresenceDirectory(deps: { clock: Clock }): PresenceDirectory {
  const byConnection = new Map<string, PresenceEntry>();
  const listeners = new Set<(change: PresenceChange) => void>();
  const tell = (entry: PresenceEntry) => {
    const change = { userId: entry.userId, teamIds: entry.teamIds };
    for (const listener of listeners) listener(change);
  };

  return {
    connected(client) {
      const entry: PresenceEntry = {
        connectionId: client.id,
        userId: client.user.id,
        teamIds: [...client.user.teamIds],
        dossierId: null,
        since: deps.clock.now()
      };
      byConnection.set(client.id, entry);
      tell(entry);
    },
    disconnected(connectionId) {
      const entry = byConnection.get(connectionId);
      if (!entry) return;
      byConnection.delete(connectionId);
      tell(entry);
    },
    located(connectionId, dossierId) {
      const entry = byConnection.get(connectionId);
      if (!entry || entry.dossierId === dossierId) return;
      const next = { ...entry, dossierId, since: deps.clock.now() };
      byConnection.set(connectionId, next);
      tell(next);
    },
    async entries(teamIds) {
      const all = [...byConnection.values()];
      if (teamIds === 'all') return all;
      const wanted = new Set(teamIds);
      return all.filter((e) => e.teamIds.some((t) => wanted.has(t)));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    }
  };
}
