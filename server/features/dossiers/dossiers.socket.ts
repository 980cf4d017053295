import { WatchDossierInput, type OnlineUser } from '../../../src/lib/contract';
import { isDomainError } from '../../kernel/domain-error';
import type { EventBus } from '../../ports/event-bus';
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
 *
 * Issue #9: a stand-in watches a covered dossier of another team through coverage; when `coverage.changed`
 * names them (or the dossier), their watch is authorised again at once and left when the right is gone, so no
 * further pushes of that dossier reach them. The client hears `dossier:access_lost` and closes the editor.
 */
export function registerDossierSocket(deps: {
  gateway: SocketGateway;
  dossiers: Pick<DossierService, 'authorize'>;
  bus: EventBus;
  onError: (err: unknown) => void;
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
    await unwatch(client, dossierId);
    return null;
  });

  const unwatch = async (client: SocketClient, dossierId: string) => {
    client.state.set(WATCHING, null);
    await client.leave(rooms.dossier(dossierId));
    presence.setLocation(client, null);
  };

  /** Re-authorises one watch; leaves the room when the right is gone. */
  const recheck = async (client: SocketClient, dossierId: string) => {
    try {
      await deps.dossiers.authorize(client.user, dossierId);
    } catch (err) {
      if (!isDomainError(err)) throw err;
      if (watching(client) !== dossierId) return;
      await unwatch(client, dossierId);
      gateway.emit(rooms.user(client.user.id), 'dossier:access_lost', { dossierId, reason: err.message });
    }
  };

  const unsubscribe = deps.bus.subscribe((event) => {
    if (event.type !== 'coverage.changed') return;
    const users = new Set(event.data.userIds);
    const dossierIds = new Set(event.data.dossierIds);
    for (const client of gateway.clients()) {
      const dossierId = watching(client);
      if (dossierId && (users.has(client.user.id) || dossierIds.has(dossierId))) {
        recheck(client, dossierId).catch(deps.onError);
      }
    }
  });

  return { close: unsubscribe };
}
