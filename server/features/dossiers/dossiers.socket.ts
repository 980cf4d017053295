import { WatchDossierInput, type OnlineUser } from '../../../src/lib/contract';
import { rooms, type SocketClient, type SocketGateway } from '../../ports/socket-gateway';
import type { DossierService } from './dossier.service';

const WATCHING = 'dossiers.watching';

/**
 * Live dossiers over Socket.io: `dossier:watch` (authorised, joins the dossier's room; the ack lists who
 * watches it), `dossier:unwatch`. Where each colleague is reaches the team through presence (coalesced per
 * room, SG4); there is no per-dossier viewers push (README: decisions). Domain-event pushes (`dossier:changed`,
 * `dossier:version`) are routed by the feed (features/feed/feed.socket.ts), with their seq.
 *
 * A connection watches one dossier at a time. `dossier:unwatch` acts only on the dossier this connection
 * watches (it joined that room after `authorize`); any other id is a no-op answered `null`, so it neither
 * reveals whether a dossier exists nor lets an outsider trigger announcements into another team's room.
 */
export function registerDossierSocket(deps: {
  gateway: SocketGateway;
  dossiers: Pick<DossierService, 'authorize'>;
  /** Presence is told where the client is (identity's presence module, injected to keep features apart). */
  presence: { setLocation(client: SocketClient, dossierId: string | null): void };
}): { close(): void } {
  const { gateway, presence } = deps;
  const watching = (client: SocketClient) => (client.state.get(WATCHING) as string | undefined) ?? null;

  const viewersOf = async (dossierId: string): Promise<OnlineUser[]> => {
    const byId = new Map<string, OnlineUser>();
    for (const c of await gateway.clientsIn([rooms.dossier(dossierId)])) {
      byId.set(c.user.id, { id: c.user.id, name: c.user.name, dossierId });
    }
    return [...byId.values()];
  };

  gateway.handle('dossier:watch', WatchDossierInput, async (client, { dossierId }) => {
    await deps.dossiers.authorize(client.user, dossierId);
    const previous = watching(client);
    if (previous && previous !== dossierId) await client.leave(rooms.dossier(previous));
    client.state.set(WATCHING, dossierId);
    await client.join(rooms.dossier(dossierId));
    presence.setLocation(client, dossierId);
    return { viewers: await viewersOf(dossierId) };
  });

  gateway.handle('dossier:unwatch', WatchDossierInput, async (client, { dossierId }) => {
    if (watching(client) !== dossierId) return null;
    client.state.set(WATCHING, null);
    await client.leave(rooms.dossier(dossierId));
    presence.setLocation(client, null);
    return null;
  });

  return { close: () => {} };
}
