import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { z, type ZodType } from 'zod';
import {
  WatchDossierInput,
  type Ack,
  type ClientToServerEvents,
  type DossierSummaryDTO,
  type OnlineUser,
  type ServerToClientEvents
} from '../../../src/lib/contract';
import { DomainError, isDomainError } from '../../domain/domain-error';
import { visibleTeams } from '../../domain/permissions';
import type { DomainEvent, User } from '../../domain/types';
import type { EventBus } from '../../ports/event-bus';
import type { UserStore } from '../../ports/user-store';
import type { AuthService } from '../../services/auth.service';
import type { DossierService } from '../../services/dossier.service';
import { readSessionToken } from '../http/cookies';
import { isAllowedOrigin } from '../origin-check';

interface SocketData {
  user: User;
  sessionId: string;
  watching: string | null;
}
type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const ALL = 'all-teams';
const PresenceListInput = z.object({}).strict();
const teamRoom = (id: string) => `team:${id}`;
const dossierRoom = (id: string) => `dossier:${id}`;

/**
 * Socket.io: presence and live list updates. Every event is zod-checked and answers with an Ack; domain
 * events from the bus are pushed to the rooms of the teams they concern.
 */
export function createSocketTransport(deps: {
  httpServer: HttpServer;
  auth: AuthService;
  dossiers: DossierService;
  /** Names for pushes that name a person (who restored a version). */
  users: Pick<UserStore, 'getUserNames'>;
  bus: EventBus;
  allowedOrigins: string[];
  maxMessageBytes: number;
  onError: (err: unknown) => void;
}): { io: AppServer; close(): Promise<void> } {
  const io: AppServer = new Server(deps.httpServer, {
    path: '/socket.io',
    maxHttpBufferSize: deps.maxMessageBytes,
    serveClient: false,
    // The Yjs endpoint shares the HTTP server's upgrade event; leave foreign upgrades alone.
    destroyUpgrade: false,
    allowRequest: (req, callback) => callback(null, isAllowedOrigin(req, deps.allowedOrigins))
  });

  io.use((socket, next) => {
    deps.auth
      .authenticate(readSessionToken(socket.request.headers.cookie))
      .then((auth) => {
        if (!auth) return next(new Error('unauthenticated'));
        socket.data.user = auth.user;
        socket.data.sessionId = auth.session.id;
        socket.data.watching = null;
        next();
      })
      .catch((err) => {
        deps.onError(err);
        next(new Error('internal'));
      });
  });

  /** Online colleagues of a user: one entry per user, with the dossier they are watching. */
  const onlineFor = async (teams: string[] | 'all'): Promise<OnlineUser[]> => {
    const sockets = await io
      .in(teams === 'all' ? [ALL, ...(await allTeamRooms())] : teams.map(teamRoom))
      .fetchSockets();
    const byId = new Map<string, OnlineUser>();
    for (const s of sockets) {
      const prev = byId.get(s.data.user.id);
      if (!prev || (!prev.dossierId && s.data.watching)) {
        byId.set(s.data.user.id, { id: s.data.user.id, name: s.data.user.name, dossierId: s.data.watching });
      }
    }
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  };
  const allTeamRooms = async () => [...io.of('/').adapter.rooms.keys()].filter((r) => r.startsWith('team:'));
  /** Tells each team (and admins) who of them is online now. */
  const announcePresence = async (user: User) => {
    for (const teamId of user.teamIds) {
      io.to(teamRoom(teamId)).emit('presence:changed', { online: await onlineFor([teamId]) });
    }
    io.to(ALL).emit('presence:changed', { online: await onlineFor('all') });
  };

  const viewersOf = async (dossierId: string): Promise<OnlineUser[]> => {
    const sockets = await io.in(dossierRoom(dossierId)).fetchSockets();
    const byId = new Map<string, OnlineUser>();
    for (const s of sockets) byId.set(s.data.user.id, { id: s.data.user.id, name: s.data.user.name, dossierId });
    return [...byId.values()];
  };
  const announceViewers = async (dossierId: string) =>
    io.to(dossierRoom(dossierId)).emit('dossier:viewers', { dossierId, viewers: await viewersOf(dossierId) });

  /** Wraps a handler: validates input, guarantees exactly one ack, maps errors to the envelope. */
  function on<E extends keyof ClientToServerEvents, I, O>(
    socket: AppSocket,
    event: E,
    schema: ZodType<I>,
    handler: (input: I) => Promise<O>
  ) {
    socket.on(event, ((raw: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return; // every event requires an ack; without one there is no one to answer
      const reply = ack as (res: Ack<O>) => void;
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        return reply({
          ok: false,
          error: { code: 'invalid', message: parsed.error.issues.map((i) => i.message).join('; ') }
        });
      }
      handler(parsed.data).then(
        (data) => reply({ ok: true, data }),
        (err) => {
          if (!isDomainError(err)) deps.onError(err);
          const e = isDomainError(err) ? err : new DomainError('internal', 'internal error');
          reply({ ok: false, error: { code: e.code, message: e.message } });
        }
      );
    }) as never);
  }

  io.on('connection', (socket) => {
    const { user } = socket.data;
    const teams = visibleTeams(user);
    void socket.join(teams === 'all' ? [ALL] : teams.map(teamRoom));
    announcePresence(user).catch(deps.onError);

    on(socket, 'presence:list', PresenceListInput, async () => ({ online: await onlineFor(teams) }));

    on(socket, 'dossier:watch', WatchDossierInput, async ({ dossierId }) => {
      await deps.dossiers.authorize(user, dossierId);
      const previous = socket.data.watching;
      if (previous && previous !== dossierId) {
        await socket.leave(dossierRoom(previous));
        await announceViewers(previous);
      }
      socket.data.watching = dossierId;
      await socket.join(dossierRoom(dossierId));
      await announceViewers(dossierId);
      await announcePresence(user);
      return { viewers: await viewersOf(dossierId) };
    });

    on(socket, 'dossier:unwatch', WatchDossierInput, async ({ dossierId }) => {
      if (socket.data.watching === dossierId) socket.data.watching = null;
      await socket.leave(dossierRoom(dossierId));
      await announceViewers(dossierId);
      await announcePresence(user);
      return null;
    });

    socket.on('disconnect', () => {
      const watching = socket.data.watching;
      if (watching) announceViewers(watching).catch(deps.onError);
      announcePresence(user).catch(deps.onError);
    });
  });

  const unsubscribe = deps.bus.subscribe((event: DomainEvent) => {
    if (event.type === 'session.ended') {
      for (const s of io.of('/').sockets.values()) if (s.data.sessionId === event.data.sessionId) s.disconnect(true);
      return;
    }
    if ((event.type === 'dossier.created' || event.type === 'dossier.updated') && event.teamId) {
      const dossier = event.data.dossier as DossierSummaryDTO;
      io.to([teamRoom(event.teamId), ALL]).emit('dossier:changed', dossier);
    }
    if (event.type === 'dossier.restored' && event.dossierId) pushRestored(event).catch(deps.onError);
  });

  /**
   * Tells everyone who has the dossier open (room dossier:<id>, joined by dossier:watch after authorize)
   * that a colleague replaced its content, with the version to undo it. The restorer's own tabs get it too;
   * the client ignores its own user's restores.
   */
  async function pushRestored(event: DomainEvent): Promise<void> {
    const dossierId = event.dossierId!;
    const data = event.data as {
      versionId: string;
      restoredFrom: string;
      restoredFromAt?: string | null;
      replacedVersionId?: string | null;
    };
    const actorId = event.actorId ?? '';
    const actorName = actorId ? ((await deps.users.getUserNames([actorId])).get(actorId) ?? '') : '';
    io.to(dossierRoom(dossierId)).emit('dossier:restored', {
      dossierId,
      versionId: data.versionId,
      restoredFrom: data.restoredFrom,
      restoredFromAt: data.restoredFromAt ?? null,
      replacedVersionId: data.replacedVersionId ?? null,
      actorId,
      actorName,
      at: new Date(event.at).toISOString(),
      seq: event.seq
    });
  }

  return {
    io,
    async close() {
      unsubscribe();
      io.disconnectSockets(true);
      // io.close() would also close the shared HTTP server; the app closes that itself.
      io.engine.close();
    }
  };
}
