import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { login } from '../helpers/clients';
import { startChildServer, type ChildServer } from '../helpers/child-server';
import { DEMO_PASSWORD, generateDemoCompany } from '../../server/seed/demo-company';
import type { Ack, OnlineUser } from '../../src/lib/contract';
import { SOCKET_OPTIONS, type StaffelSocket } from '../../src/lib/realtime/socket-client';

const dataDir = mkdtempSync(join(tmpdir(), 'staffel-restart-'));
const servers: ChildServer[] = [];
afterAll(async () => {
  for (const server of servers) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/** Resolves on the socket's next event of that name, or rejects after `ms` (no sleeps: the event is the signal). */
function next<T extends unknown[]>(socket: StaffelSocket, event: 'connect' | 'disconnect', ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    socket.once(event, (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args as T);
    });
  });
}

describe('graceful restart (SIGTERM, start again: every deploy)', () => {
  it('ends Socket.io connections as transient, so an open tab reconnects by itself to the new process', async () => {
    const first = await startChildServer({ dataDir });
    servers.push(first);
    const port = new URL(first.url).port;
    const rep = generateDemoCompany({ now: Date.now() }).users.find((u) => u.role === 'rep')!;
    const cookie = await login(first.url, rep.email, DEMO_PASSWORD);

    // Exactly the browser tab's options (polling first, then upgrade; default reconnection), plus the cookie
    // a browser would attach by itself.
    const socket: StaffelSocket = io(first.url, { ...SOCKET_OPTIONS, extraHeaders: { cookie } });
    try {
      await next(socket, 'connect', 10_000);
      const disconnected = next<[string]>(socket, 'disconnect', 10_000);
      first.child.kill('SIGTERM');
      expect(await first.exited).toEqual({ code: 0, signal: null });
      // 'io server disconnect' would tell socket.io-client never to reconnect (the bug: "Offline" until reload).
      const [reason] = await disconnected;
      expect(reason).not.toBe('io server disconnect');
      expect(socket.active).toBe(true);

      const reconnected = next(socket, 'connect', 20_000);
      const second = await startChildServer({ dataDir, env: { PORT: port } });
      servers.push(second);
      await reconnected;
      expect(socket.connected).toBe(true);
      // The new process knows the session (it is in the store), so the tab is online again as the same user.
      const online: Ack<{ online: OnlineUser[] }> = await socket.timeout(5000).emitWithAck('presence:list', {});
      expect(online.ok && online.data.online.map((u) => u.id)).toContain(rep.id);
    } finally {
      socket.close();
    }
  }, 90_000);
});
