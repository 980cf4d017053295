import { afterEach, describe, expect, it } from 'vitest';
import { emitWithAck, socketClient, type TestSocket } from '../helpers/clients';
import { withCastServer } from '../helpers/demo-cast';

const sockets: TestSocket[] = [];
afterEach(() => sockets.splice(0).forEach((s) => s.close()));

async function connect(url: string, cookie: string) {
  const s = await socketClient(url, cookie);
  sockets.push(s);
  return s;
}

/** Everything a socket receives, and the notice it was closed with. */
function record(socket: TestSocket) {
  const events: Array<{ event: string; payload: any }> = [];
  socket.onAny((event, payload) => events.push({ event, payload }));
  const closed = new Promise<{ code: string; message: string }>((resolve) =>
    socket.on('connection:closing', (notice) => resolve(notice))
  );
  const disconnected = new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
  return { events, closed, disconnected };
}

/** Fires `count` watch/unwatch events without waiting, collecting the acks that come back. */
function flood(socket: TestSocket, dossierId: string, count: number) {
  const acks: any[] = [];
  for (let i = 0; i < count; i++) {
    (socket as any).emit(i % 2 ? 'dossier:unwatch' : 'dossier:watch', { dossierId }, (res: unknown) => acks.push(res));
  }
  return acks;
}

const FLOOD_ENV = {
  SOCKET_EVENTS_PER_SECOND: '20',
  SOCKET_USER_EVENTS_PER_SECOND: '60',
  SOCKET_ANNOUNCE_EVERY_MS: '250'
};

describe('Socket.io flood protection', () => {
  it('disconnects flooding sockets with rate_limited and keeps a passive colleague to a bounded number of messages', async () => {
    await withCastServer({ env: FLOOD_ENV }, async ({ server, cast, cookieA1, cookieA2 }) => {
      const dossierId = cast.dossierA.id;
      const colleague = await connect(server.url, cookieA2);
      const passive = record(colleague);
      expect((await emitWithAck(colleague, 'dossier:watch', { dossierId })).ok).toBe(true);
      const received = passive.events.length;
      const started = Date.now();

      const flooders = await Promise.all([1, 2, 3].map(() => connect(server.url, cookieA1)));
      const seen = flooders.map(record);
      const acks = flooders.map((s) => flood(s, dossierId, 2000));

      for (const s of seen) {
        expect(await s.closed).toEqual({ code: 'rate_limited', message: expect.stringMatching(/events per second/) });
        expect(await s.disconnected).toBe('io server disconnect');
      }
      const answered = acks.flat();
      expect(answered.filter((a) => a.ok === false && a.error.code === 'rate_limited').length).toBeGreaterThan(0);
      // At most 60 events of the user got through in the window: the rest were never handled.
      expect(answered.filter((a) => a.ok).length).toBeLessThanOrEqual(60);

      // The flood has settled once the server no longer lists the flooder (the colleague may never have been
      // told it was there: announcements are computed when sent, and a trailing one may find it gone).
      await expect
        .poll(async () => {
          const ack = await emitWithAck(colleague, 'presence:list', {});
          return ack.data.online.some((u: { id: string }) => u.id === cast.repA1.id);
        })
        .toBe(false);
      expect((await emitWithAck(colleague, 'presence:list', {})).ok).toBe(true);
      const duringFlood = passive.events.length - received;
      // Before coalescing and limits: one presence:changed (and, then, one dossier:viewers) per flooded event
      // (12,003 here). Now: at most one per room (team, dossier) per 250 ms window while it lasted (2-4 in
      // practice: the flooders connecting and leaving).
      const windows = Math.ceil((Date.now() - started) / 250) + 1;
      expect(duringFlood).toBeLessThanOrEqual(2 * (windows + 1));
      expect(colleague.connected).toBe(true);
    });
  });

  it('limits a user across connections: three sockets within the per-connection limit still exceed the per-user one', async () => {
    await withCastServer(
      { env: { ...FLOOD_ENV, SOCKET_EVENTS_PER_SECOND: '1000', SOCKET_USER_EVENTS_PER_SECOND: '30' } },
      async ({ server, cast, cookieA1, cookieA2 }) => {
        const flooders = await Promise.all([1, 2, 3].map(() => connect(server.url, cookieA1)));
        const seen = flooders.map(record);
        const acks = flooders.map((s) => flood(s, cast.dossierA.id, 15));
        const first = await Promise.race(seen.map((s) => s.closed));
        expect(first).toEqual({ code: 'rate_limited', message: expect.stringMatching(/from this user/) });
        await expect.poll(() => acks.flat().some((a) => a.ok === false && a.error.code === 'rate_limited')).toBe(true);
        // Another user is not affected by this user's limit.
        const other = await connect(server.url, cookieA2);
        expect((await emitWithAck(other, 'presence:list', {})).ok).toBe(true);
      }
    );
  });

  it('coalesces announcements: 2,000 watch/unwatch events within the limits cost a colleague a few messages per window, ending in the last state', async () => {
    const env = { SOCKET_EVENTS_PER_SECOND: '100000', SOCKET_USER_EVENTS_PER_SECOND: '100000' };
    await withCastServer({ env: { ...FLOOD_ENV, ...env } }, async ({ server, cast, cookieA1, cookieA2 }) => {
      const dossierId = cast.dossierA.id;
      const colleague = await connect(server.url, cookieA2);
      const passive = record(colleague);
      expect((await emitWithAck(colleague, 'dossier:watch', { dossierId })).ok).toBe(true);
      const toggler = await connect(server.url, cookieA1);
      const received = passive.events.length;
      const started = Date.now();
      const acks = flood(toggler, dossierId, 2000);
      await expect.poll(() => acks.length, { timeout: 30_000 }).toBe(2000);
      expect(acks.every((a) => a.ok)).toBe(true);
      // Anything sent to the colleague while the events were handled is on its stream before this answer.
      expect((await emitWithAck(colleague, 'presence:list', {})).ok).toBe(true);
      const windows = Math.ceil((Date.now() - started) / 250) + 1;
      const during = passive.events.length - received;
      // Uncoalesced this is one presence:changed per event: 2,000 messages.
      expect(during).toBeLessThanOrEqual(windows + 1);

      // Trailing sends carry the last state: the toggler ended unwatched.
      const last = (event: string) => passive.events.filter((e) => e.event === event).at(-1)?.payload;
      await expect
        .poll(() => ({
          toggler: last('presence:changed')?.online.find((u: { id: string }) => u.id === cast.repA1.id)
        }))
        .toEqual({ toggler: { id: cast.repA1.id, name: cast.repA1.name, dossierId: null } });
    });
  });

  it('keeps a client within the limit connected', async () => {
    await withCastServer({ env: FLOOD_ENV }, async ({ server, cast, cookieA1 }) => {
      const s = await connect(server.url, cookieA1);
      for (let i = 0; i < 10; i++) {
        const event = i % 2 ? 'dossier:unwatch' : 'dossier:watch';
        expect((await emitWithAck(s, event, { dossierId: cast.dossierA.id })).ok).toBe(true);
      }
      expect(s.connected).toBe(true);
    });
  });
});
