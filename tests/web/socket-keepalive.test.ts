import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { SOCKET_OPTIONS } from '../../src/lib/realtime/socket-client';
import {
  givenUpRetryDelayMs,
  keepSocketConnected,
  STABLE_AFTER_MS,
  type Schedule,
  type SessionProbe
} from '../../src/lib/realtime/socket-keepalive';

/** A real Socket.io server on port 0 whose middleware refuses while `refuse` says so. */
async function startServer(options: { refuse?: () => string | null } = {}) {
  const http: HttpServer = createServer();
  const ioServer = new Server(http, { path: '/socket.io' });
  let connections = 0;
  ioServer.use((_socket, next) => {
    const refusal = options.refuse?.() ?? null;
    if (refusal) next(new Error(refusal));
    else next();
  });
  ioServer.on('connection', () => connections++);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    io: ioServer,
    connections: () => connections,
    /** What a logout or a pre-fix shutdown does: the client hears 'io server disconnect'. */
    endAll: () => ioServer.disconnectSockets(true),
    close: () => new Promise<void>((resolve) => ioServer.close(() => resolve()))
  };
}

/** The schedule port, driven by hand: records each delay; `runAll` lets the time pass. */
function manualSchedule() {
  const pending = new Map<number, { run: () => void; ms: number }>();
  let next = 0;
  const schedule: Schedule = (run, ms) => {
    const id = next++;
    pending.set(id, { run, ms });
    return () => pending.delete(id);
  };
  return {
    schedule,
    delays: (minMs = 1) => [...pending.values()].map((p) => p.ms).filter((ms) => ms >= minMs && ms < STABLE_AFTER_MS),
    /** Runs the pending timers shorter than the stable-connection timer. */
    runRetries() {
      for (const [id, p] of [...pending]) {
        if (p.ms >= STABLE_AFTER_MS) continue;
        pending.delete(id);
        p.run();
      }
    },
    runStable() {
      for (const [id, p] of [...pending]) {
        if (p.ms !== STABLE_AFTER_MS) continue;
        pending.delete(id);
        p.run();
      }
    }
  };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function connectedClient(url: string): Promise<Socket> {
  const socket = io(url, { ...SOCKET_OPTIONS, forceNew: true });
  cleanups.push(() => void socket.close());
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return socket;
}

function waitFor(socket: Socket, event: 'connect' | 'disconnect'): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 5 s`)), 5_000);
    socket.once(event, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('keepSocketConnected (the tab after socket.io gave up)', () => {
  it('retries at once the first time, then 1 s, 2 s, 4 s … capped at 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map(givenUpRetryDelayMs)).toEqual([
      0, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000
    ]);
  });

  it("reconnects after 'io server disconnect' while the session is still active", async () => {
    const server = await startServer();
    cleanups.push(server.close);
    const socket = await connectedClient(server.url);
    const probes: SessionProbe[] = [];
    const onSessionEnded = vi.fn();
    const time = manualSchedule();
    cleanups.push(
      keepSocketConnected({
        socket,
        probeSession: async () => (probes.push('active'), 'active'),
        onSessionEnded,
        schedule: time.schedule
      })
    );

    const disconnected = waitFor(socket, 'disconnect');
    server.endAll();
    await disconnected;
    // The server counts the new connection before the client has its connect ack: wait for both sides.
    await vi.waitFor(() => {
      expect(server.connections()).toBe(2);
      expect(socket.connected).toBe(true);
    });
    expect(probes).toEqual(['active']);
    expect(onSessionEnded).not.toHaveBeenCalled();
  });

  it('stays closed and reports the end when the session has ended (401)', async () => {
    const server = await startServer();
    cleanups.push(server.close);
    const socket = await connectedClient(server.url);
    const onSessionEnded = vi.fn();
    const probeSession = vi.fn(async (): Promise<SessionProbe> => 'ended');
    const time = manualSchedule();
    cleanups.push(keepSocketConnected({ socket, probeSession, onSessionEnded, schedule: time.schedule }));

    server.endAll();
    await vi.waitFor(() => expect(onSessionEnded).toHaveBeenCalledTimes(1));
    expect(probeSession).toHaveBeenCalledTimes(1);
    expect(time.delays(0)).toEqual([]);
    expect(socket.connected).toBe(false);
    expect(socket.active).toBe(false);
    expect(server.connections()).toBe(1);
  });

  it('reconnects when the session cannot be checked (server restarting, no network): only a 401 ends it', async () => {
    const server = await startServer();
    cleanups.push(server.close);
    const socket = await connectedClient(server.url);
    const time = manualSchedule();
    cleanups.push(
      keepSocketConnected({
        socket,
        probeSession: () => Promise.reject(new Error('fetch failed')),
        onSessionEnded: () => expect.unreachable('a network failure is not a 401'),
        schedule: time.schedule
      })
    );
    server.endAll();
    await vi.waitFor(() => expect(server.connections()).toBe(2));
    await vi.waitFor(() => expect(socket.connected).toBe(true));
  });

  it('backs off while the server keeps refusing the socket, and connects once it accepts again', async () => {
    let refusals = 0;
    const server = await startServer({ refuse: () => (refusals > 0 ? (refusals--, 'internal') : null) });
    cleanups.push(server.close);
    const socket = await connectedClient(server.url);
    const time = manualSchedule();
    cleanups.push(
      keepSocketConnected({
        socket,
        probeSession: async () => 'active',
        onSessionEnded: () => expect.unreachable(),
        schedule: time.schedule
      })
    );

    // The server ends the socket and then refuses the next three attempts (its middleware fails).
    refusals = 3;
    server.endAll();
    // At once after the end (attempt 0), then refused: 1 s, refused again: 2 s, refused again: 4 s.
    for (const expected of [1_000, 2_000, 4_000]) {
      await vi.waitFor(() => expect(time.delays()).toEqual([expected]));
      expect(socket.connected).toBe(false);
      time.runRetries();
    }
    await vi.waitFor(() => expect(socket.connected).toBe(true));
    expect(refusals).toBe(0);

    // Thirty seconds of healthy connection: the next end is retried at once again.
    time.runStable();
    server.endAll();
    await vi.waitFor(() => expect(server.connections()).toBe(3));
    expect(time.delays()).toEqual([]);
  });

  it('leaves transient losses to socket.io and its own disconnect alone', async () => {
    const server = await startServer();
    cleanups.push(server.close);
    const socket = await connectedClient(server.url);
    const probeSession = vi.fn(async (): Promise<SessionProbe> => 'active');
    const time = manualSchedule();
    cleanups.push(keepSocketConnected({ socket, probeSession, onSessionEnded: vi.fn(), schedule: time.schedule }));

    // The transport drops (what a graceful restart now does): socket.io reconnects by itself, no probe needed.
    const back = waitFor(socket, 'disconnect').then(() => waitFor(socket, 'connect'));
    server.io.engine.close();
    await back;
    expect(probeSession).not.toHaveBeenCalled();

    // Sign-out closes the socket on purpose: it stays closed.
    socket.disconnect();
    expect(socket.active).toBe(false);
    expect(probeSession).not.toHaveBeenCalled();
    expect(time.delays(0)).toEqual([]);
  });
});
