import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { ZodType } from 'zod';
import type { ClientToServerEvents, ErrorCode, ServerToClientEvents } from '../../../src/lib/contract';
import { readSessionToken, type AuthService } from '../../features/identity';
import { visibleTeams } from '../../kernel/permissions';
import type { Clock } from '../../ports/clock';
import type { EventBus } from '../../ports/event-bus';
import type { Timer } from '../../ports/timer';
import { rooms, type SocketClient, type SocketGateway } from '../../ports/socket-gateway';
import { isAllowedOrigin } from '../origin-check';
import { ackListener, ackOf, fail } from './ack-handler';
import { createAnnounceCoalescer } from './announce-coalescer';
import { createEventRateLimit } from './event-rate-limit';
import { createSessionValidity, type SessionHold } from './socket-session';

interface SocketData {
  hold: SessionHold;
  client: SocketClient;
}
type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
interface Registered {
  schema: ZodType<unknown>;
  run: (client: SocketClient, input: unknown) => Promise<unknown>;
}

export interface SocketTransportOptions {
  httpServer: HttpServer;
  auth: Pick<AuthService, 'authenticate'>;
  bus: EventBus;
  clock: Clock;
  /** Drives the periodic re-check (a fake in tests, paired with the clock). */
  timer: Timer;
  /** Paces announcements in real time (the system timer, even when tests fake the clock). */
  pacingTimer: Timer;
  allowedOrigins: string[];
  maxMessageBytes: number;
  /** Client events per second per connection and per user; the first excess event ends the connection. */
  eventsPerSecond: number;
  userEventsPerSecond: number;
  /** Coalescing window of announcements (SG4). */
  announceEveryMs: number;
  /** How often connections whose cached session expiry has passed are looked at again. */
  reauthorizeEveryMs: number;
  onError: (err: unknown) => void;
}

/**
 * Socket.io plumbing behind the SocketGateway port: origin check, session authentication, room membership
 * (user, teams or all teams), per-connection and per-user event limits, session validity before every event
 * and at expiry, the ack envelope. Features register their events and announcements on the gateway.
 */
export function createSocketTransport(deps: SocketTransportOptions): {
  gateway: SocketGateway;
  close(): Promise<void>;
} {
  const io: AppServer = new Server(deps.httpServer, {
    path: '/socket.io',
    maxHttpBufferSize: deps.maxMessageBytes,
    serveClient: false,
    // The Yjs endpoint shares the HTTP server's upgrade event; leave foreign upgrades alone.
    destroyUpgrade: false,
    allowRequest: (req, callback) => callback(null, isAllowedOrigin(req, deps.allowedOrigins))
  });
  const nsp = io.of('/');
  const validity = createSessionValidity({
    clock: deps.clock,
    authenticate: (token) => deps.auth.authenticate(token)
  });
  const limits = createEventRateLimit({ perConnection: deps.eventsPerSecond, perUser: deps.userEventsPerSecond });
  const coalescer = createAnnounceCoalescer({
    windowMs: deps.announceEveryMs,
    timer: deps.pacingTimer,
    onError: deps.onError
  });
  const handlers = new Map<string, Registered>();
  const connectHandlers: Array<(client: SocketClient) => Promise<void>> = [];
  const disconnectHandlers: Array<(client: SocketClient) => Promise<void>> = [];

  /** Ends a connection, telling the client why first (socket.io alone only says "io server disconnect"). */
  const end = (socket: AppSocket, code: ErrorCode, message: string) => {
    if (!socket.connected) return;
    socket.emit('connection:closing', { code, message });
    // close=true drops the underlying connection too (after flushing the notice), so an abuser cannot
    // reconnect the namespace on it without a new handshake through the middleware.
    socket.disconnect(true);
  };
  const recheck = (socket: AppSocket) =>
    validity
      .check(socket.data.hold)
      .then((valid) => {
        if (!valid) end(socket, 'unauthenticated', 'session expired');
      })
      .catch(deps.onError);

  /**
   * Connections whose cached session expiry has passed, each re-checked (and ended if really expired).
   * Scans only once the earliest cached expiry has passed; until those are settled every call scans again.
   */
  let earliestExpiry = Infinity;
  const stale = (): { ids: string[]; settled: Promise<unknown> } => {
    const now = deps.clock.now();
    if (now < earliestExpiry) return { ids: [], settled: Promise.resolve() };
    const ids: string[] = [];
    const checks: Promise<unknown>[] = [];
    let min = Infinity;
    for (const socket of nsp.sockets.values()) {
      if (validity.isFresh(socket.data.hold)) min = Math.min(min, socket.data.hold.expiresAt);
      else {
        ids.push(socket.id);
        checks.push(
          recheck(socket).then(() => (earliestExpiry = Math.min(earliestExpiry, socket.data.hold.expiresAt)))
        );
      }
    }
    earliestExpiry = ids.length ? now : min;
    return { ids, settled: Promise.all(checks) };
  };
  // Silent connections are found by this loop; active ones by the check before each event, and push
  // targets by emit(). The returned promise lets a fake timer finish the re-checks before time moves on.
  let stopped = false;
  const reauthorize = async () => {
    if (stopped) return;
    await stale().settled;
    if (!stopped) loop = deps.timer.setTimeout(reauthorize, deps.reauthorizeEveryMs);
  };
  let loop = deps.timer.setTimeout(reauthorize, deps.reauthorizeEveryMs);

  io.use((socket, next) => {
    const token = readSessionToken(socket.request.headers.cookie);
    deps.auth
      .authenticate(token)
      .then((auth) => {
        if (!auth || !token) return next(new Error('unauthenticated'));
        socket.data.hold = validity.hold(token, auth);
        earliestExpiry = Math.min(earliestExpiry, auth.session.expiresAt);
        next();
      })
      .catch((err) => {
        deps.onError(err);
        next(new Error('internal'));
      });
  });

  const clientOf = (socket: AppSocket): SocketClient => ({
    id: socket.id,
    get user() {
      return socket.data.hold.user;
    },
    sessionId: socket.data.hold.sessionId,
    state: new Map(),
    // A handler may still be running when its client disconnects; joining then would leave a stale room entry.
    join: async (r) => void (socket.connected && (await socket.join(r))),
    leave: async (r) => void (await socket.leave(r)),
    disconnect: (reason, code = 'forbidden') => end(socket, code, reason)
  });

  /**
   * Runs before every client event: the event limit first (cheap, stops floods), then session validity (SG2),
   * then whether anyone handles the event. Only then does the event reach its listener.
   */
  const guard = (socket: AppSocket) => (packet: unknown[], next: (err?: Error) => void) => {
    const ack = ackOf(packet.slice(1));
    limits
      .exceeded(socket.id, socket.data.hold.user.id)
      .then(async (exceeded) => {
        if (exceeded) {
          if (ack) fail(ack, 'rate_limited', exceeded);
          return end(socket, 'rate_limited', exceeded);
        }
        if (!validity.isFresh(socket.data.hold) && !(await validity.check(socket.data.hold))) {
          if (ack) fail(ack, 'unauthenticated', 'session expired');
          return end(socket, 'unauthenticated', 'session expired');
        }
        // An event nobody handles still gets its one ack (SG1), so a client never waits for a timeout.
        const event = packet[0];
        if (typeof event === 'string' && handlers.has(event)) return next();
        if (ack) fail(ack, 'invalid', `unknown event ${JSON.stringify(event).slice(0, 80)}`);
      })
      .catch((err: unknown) => {
        deps.onError(err);
        if (ack) fail(ack, 'internal', 'internal error');
      });
  };

  io.on('connection', (socket) => {
    const client = clientOf(socket);
    socket.data.client = client;
    socket.use(guard(socket));
    // One connection's events run one after another, in the order sent: a watch still awaiting its
    // authorisation must not be overtaken by the unwatch that followed it (the client would stay a viewer).
    let queue: Promise<unknown> = Promise.resolve();
    const inOrder = (task: () => Promise<unknown>) => {
      const result = queue.then(task);
      queue = result.catch(() => undefined);
      return result;
    };
    for (const [event, { schema, run }] of handlers) {
      const listener = ackListener({
        schema,
        run: (input) => inOrder(() => run(client, input)),
        onError: deps.onError
      });
      socket.on(event as keyof ClientToServerEvents, listener as never);
    }
    socket.on('disconnect', () => {
      limits.forget(socket.id);
      for (const h of disconnectHandlers) h(client).catch(deps.onError);
    });
    const teams = visibleTeams(client.user);
    void (async () => {
      await client.join([rooms.user(client.user.id), ...(teams === 'all' ? [rooms.allTeams] : teams.map(rooms.team))]);
      for (const h of connectHandlers) await h(client);
    })().catch(deps.onError);
  });

  const unsubscribe = deps.bus.subscribe((event) => {
    if (event.type === 'session.ended') {
      for (const socket of nsp.sockets.values()) {
        if (socket.data.hold.sessionId === event.data.sessionId) end(socket, 'unauthenticated', 'session ended');
      }
    }
    // Offboarding (issue #9): all of the person's connections end at once, whichever session they came from.
    if (event.type === 'user.deactivated') {
      for (const socket of nsp.sockets.values()) {
        if (socket.data.hold.user.id === event.data.userId) end(socket, 'unauthenticated', 'account deactivated');
      }
    }
  });

  const gateway: SocketGateway = {
    handle(event, schema, handler) {
      handlers.set(event, { schema, run: handler as Registered['run'] });
    },
    onConnect: (handler) => void connectHandlers.push(handler),
    onDisconnect: (handler) => void disconnectHandlers.push(handler),
    emit(target, event, ...args) {
      const expired = stale().ids;
      const to = expired.length ? io.to(target).except(expired) : io.to(target);
      to.emit(event, ...args);
    },
    announce(room, event, compute) {
      coalescer.announce(`${event}\u0000${room}`, async () => gateway.emit(room, event, ...(await compute())));
    },
    async clientsIn(target) {
      const ids = await nsp.adapter.sockets(new Set(target));
      return [...ids].flatMap((id) => {
        const socket = nsp.sockets.get(id);
        return socket ? [socket.data.client] : [];
      });
    },
    *clients() {
      for (const socket of nsp.sockets.values()) if (socket.data.client) yield socket.data.client;
    }
  };

  return {
    gateway,
    async close() {
      stopped = true;
      deps.timer.clearTimeout(loop);
      coalescer.close();
      unsubscribe();
      // Close the transports, not the Socket.io sessions: clients then see 'transport close' and reconnect (to the
      // restarted process on a deploy). io.disconnectSockets(true) would send 'io server disconnect', which tells
      // socket.io-client never to reconnect, so every open tab stayed "Offline" until reloaded.
      // io.close() would also close the shared HTTP server; the app closes that itself.
      io.engine.close();
    }
  };
}
