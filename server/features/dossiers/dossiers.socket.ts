import { WatchDossierInput, type DossierSummaryDTO, type OnlineUser } from '../../../src/lib/contract';
import type { EventBus } from '../../ports/event-bus';
import { rooms, type SocketClient, type SocketGateway } from '../../ports/socket-gateway';
import type { DossierService } from './dossier.service';

const WATCHING = 'dossiers.watching';

/**
 * Live dossiers over Socket.io: `dossier:watch` (authorised, joins the dossier's room), `dossier:unwatch`,
 * `dossier:viewers` announcements (coalesced per room, SG4), and `dossier:changed` pushes of created or
 * updated dossiers to their team's room and to admins.
 *
 * A connection watches one dossier at a time. `dossier:unwatch` acts only on the dossier this connection
 * watches (it joined that room after `authorize`); any other id is a no-op answered `null`, so it neither
 * reveals whether a dossier exists nor lets an outsider trigger announcements into another team's room.
 */
export function registerDossierSocket(deps: {
  gateway: SocketGateway;
  dossiers: Pick<DossierService, 'authorize'>;
  bus: EventBus;
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
  const announceViewers = (dossierId: string) =>
    gateway.announce(rooms.dossier(dossierId), 'dossier:viewers', async () => [
      { dossierId, viewers: await viewersOf(dossierId) }
    ]);

  gateway.handle('dossier:watch', WatchDossierInput, async (client, { dossierId }) => {
    await deps.dossiers.authorize(client.user, dossierId);
    const previous = watching(client);
    if (previous && previous !== dossierId) {
      await client.leave(rooms.dossier(previous));
      announceViewers(previous);
    }
    client.state.set(WATCHING, dossierId);
    await client.join(rooms.dossier(dossierId));
    announceViewers(dossierId);
    presence.setLocation(client, dossierId);
    return { viewers: await viewersOf(dossierId) };
  });

  gateway.handle('dossier:unwatch', WatchDossierInput, async (client, { dossierId }) => {
    if (watching(client) !== dossierId) return null;
    client.state.set(WATCHING, null);
    await client.leave(rooms.dossier(dossierId));
    announceViewers(dossierId);
    presence.setLocation(client, null);
    return null;
  });

  gateway.onDisconnect(async (client) => {
    const dossierId = watching(client);
    if (dossierId) announceViewers(dossierId);
  });

  const unsubscribe = deps.bus.subscribe((event) => {
    if ((event.type === 'dossier.created' || event.type === 'dossier.updated') && event.teamId) {
      gateway.emit(
        [rooms.team(event.teamId), rooms.allTeams],
        'dossier:changed',
        event.data.dossier as DossierSummaryDTO
      );
    }
  });
  return { close: unsubscribe };
}
