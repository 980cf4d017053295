import { z } from 'zod';
import type { OnlineUser } from '../../../src/lib/contract';
import { visibleTeams } from '../../kernel/permissions';
import type { User } from '../../kernel/types';
import { rooms, type SocketClient, type SocketGateway } from '../../ports/socket-gateway';

const PresenceListInput = z.object({}).strict();
const LOCATION = 'presence.dossierId';

/** Where a connected client is, as other features tell it (the dossier it watches). */
export interface PresenceLocation {
  setLocation(client: SocketClient, dossierId: string | null): void;
}

/**
 * Who is online: `presence:list` answers the caller's teams (every team for admins); `presence:changed` goes to
 * each team room of a user who connects, disconnects or moves, coalesced per room (SG4) because a client can
 * move many times a second and every move would otherwise reach every colleague.
 */
export function registerPresenceSocket(deps: { gateway: SocketGateway }): PresenceLocation {
  const { gateway } = deps;

  /** One entry per user, preferring a connection that watches a dossier; sorted by name. */
  const onlineFor = async (teams: string[] | 'all'): Promise<OnlineUser[]> => {
    const clients = teams === 'all' ? [...gateway.clients()] : await gateway.clientsIn(teams.map(rooms.team));
    const byId = new Map<string, OnlineUser>();
    for (const c of clients) {
      const prev = byId.get(c.user.id);
      const dossierId = (c.state.get(LOCATION) as string | undefined) ?? null;
      if (!prev || (!prev.dossierId && dossierId)) byId.set(c.user.id, { id: c.user.id, name: c.user.name, dossierId });
    }
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  };

  /** Tells each of the user's teams (and admins) who of them is online now. */
  const announce = (user: User) => {
    for (const teamId of user.teamIds) {
      gateway.announce(rooms.team(teamId), 'presence:changed', async () => [{ online: await onlineFor([teamId]) }]);
    }
    gateway.announce(rooms.allTeams, 'presence:changed', async () => [{ online: await onlineFor('all') }]);
  };

  gateway.onConnect(async (client) => announce(client.user));
  gateway.onDisconnect(async (client) => announce(client.user));
  gateway.handle('presence:list', PresenceListInput, async (client) => ({
    online: await onlineFor(visibleTeams(client.user))
  }));

  return {
    setLocation(client, dossierId) {
      client.state.set(LOCATION, dossierId);
      announce(client.user);
    }
  };
}
