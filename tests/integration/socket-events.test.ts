import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { api, emitWithAck, login, socketClient, type TestSocket } from '../helpers/clients';
import { startCastServer, withCastServer, type DemoCast } from '../helpers/demo-cast';
import { createFakeTime } from '../helpers/fake-time';
import { manualClock, type TestServer } from '../helpers/start-test-server';

let server: TestServer;
let cast: DemoCast;
let cookieA1: string, cookieA2: string, cookieB: string;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  ({ server, cast, cookieA1, cookieA2, cookieB } = await startCastServer({
    env: { SOCKET_MAX_MESSAGE_BYTES: '4096' }
  }));
});
afterEach(() => sockets.splice(0).forEach((s) => s.close()));
afterAll(() => server?.close());

async function connect(cookie?: string, url = server.url) {
  const s = await socketClient(url, cookie);
  sockets.push(s);
  return s;
}

/** Emits with the given arguments (any number) and a bare ack as the last one; rejects if no ack in 5 s. */
function rawEmitWithAck(socket: TestSocket, event: string, ...args: unknown[]): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${event} within 5 s`)), 5000);
    (socket as any).emit(event, ...args, (res: unknown) => {
      clearTimeout(timer);
      resolve(res);
    });
  });
}

/** Everything a socket receives, in order, with the reason it was disconnected for (if it was). */
function record(socket: TestSocket) {
  const events: Array<{ event: string; payload: any }> = [];
  socket.onAny((event, payload) => events.push({ event, payload }));
  const closed = new Promise<{ code: string; message: string }>((resolve) =>
    socket.on('connection:closing', (notice) => resolve(notice))
  );
  const disconnected = new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
  return { events, closed, disconnected, count: (event: string) => events.filter((e) => e.event === event).length };
}

/** Resolves with the first payload of an event that satisfies the predicate, or rejects after a timeout. */
function nextEvent<T>(socket: TestSocket, event: string, predicate: (payload: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within 5 s`)), 5000);
    const handler = (payload: T) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      (socket as any).off(event, handler);
      resolve(payload);
    };
    (socket as any).on(event, handler);
  });
}

describe('Socket.io', () => {
  it('refuses a connection without a session', async () => {
    await expect(connect()).rejects.toThrow(/unauthenticated/);
    await expect(connect('staffel_sid=forged')).rejects.toThrow(/unauthenticated/);
  });

  it('lets a team member watch a dossier and tells the team who is viewing it (presence:changed)', async () => {
    const a1 = await connect(cookieA1);
    const a2 = await connect(cookieA2); // on the list page: watches nothing
    type Online = { online: Array<{ id: string; dossierId: string | null }> };
    const watching = (p: Online, userId: string) => p.online.find((u) => u.id === userId)?.dossierId ?? null;
    // What the list page shows per row.
    const seen = nextEvent<Online>(a2, 'presence:changed', (p) => watching(p, cast.repA1.id) === cast.dossierA.id);
    const ack = await emitWithAck(a1, 'dossier:watch', { dossierId: cast.dossierA.id });
    expect(ack.ok).toBe(true);
    expect(ack.data.viewers.map((v: { id: string }) => v.id)).toEqual([cast.repA1.id]);
    await seen;

    const left = nextEvent<Online>(a2, 'presence:changed', (p) => watching(p, cast.repA1.id) === null);
    expect(await emitWithAck(a1, 'dossier:unwatch', { dossierId: cast.dossierA.id })).toEqual({ ok: true, data: null });
    await left;
  });

  it('answers forbidden for a dossier of another team and not_found for an unknown one', async () => {
    const b = await connect(cookieB);
    expect(await emitWithAck(b, 'dossier:watch', { dossierId: cast.dossierA.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    });
    expect(await emitWithAck(b, 'dossier:watch', { dossierId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' }
    });
  });

  it('answers invalid payloads with an invalid error ack and stays connected', async () => {
    const a = await connect(cookieA1);
    expect(await emitWithAck(a, 'dossier:watch', { dossierId: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid' }
    });
    expect(await emitWithAck(a, 'dossier:watch', { dossierId: 'x', extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid' }
    });
    expect(await emitWithAck(a, 'dossier:watch', null)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(a.connected).toBe(true);
    expect((await emitWithAck(a, 'presence:list', {})).ok).toBe(true);
  });

  it('disconnects a client that sends an oversized message, and keeps serving others', async () => {
    const a = await connect(cookieA1);
    const other = await connect(cookieA2);
    const gone = new Promise<string>((resolve) => a.on('disconnect', (reason) => resolve(reason)));
    (a as any).emit('dossier:watch', { dossierId: 'x'.repeat(10_000) }, () => {});
    expect(await gone).toMatch(/transport|server/);
    expect((await emitWithAck(other, 'presence:list', {})).ok).toBe(true);
  });

  it('pushes a created dossier to its team only', async () => {
    const a = await connect(cookieA2);
    const b = await connect(cookieB);
    const bSaw: unknown[] = [];
    b.on('dossier:changed', (d) => bSaw.push(d));
    const got = nextEvent<{ company: string }>(a, 'dossier:changed', (d) => d.company === 'Fischerei Rasmussen GmbH');
    await api(server.url, '/api/dossiers', {
      method: 'POST',
      cookie: cookieA1,
      body: { company: 'Fischerei Rasmussen GmbH' }
    });
    expect((await got).company).toBe('Fischerei Rasmussen GmbH');
    // b is in the other team; a round trip on b's socket proves b had the chance to receive it
    await emitWithAck(b, 'presence:list', {});
    expect(bSaw).toEqual([]);
  });

  it('disconnects the sockets of a session that logs out', async () => {
    const cookie = await login(server.url, cast.repA2.email, cast.password);
    const s = await connect(cookie);
    const gone = new Promise<string>((resolve) => s.on('disconnect', (reason) => resolve(reason)));
    await api(server.url, '/api/session', { method: 'DELETE', cookie });
    expect(await gone).toBe('io server disconnect');
  });

  it('answers every event that carries an ack: missing payload, two payloads, unknown event', async () => {
    const a = await connect(cookieA1);
    expect(await rawEmitWithAck(a, 'presence:list')).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await rawEmitWithAck(a, 'dossier:watch')).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(
      await rawEmitWithAck(a, 'dossier:watch', { dossierId: cast.dossierA.id }, { dossierId: cast.dossierA.id })
    ).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/one payload/) } });
    expect(await rawEmitWithAck(a, 'dossier:unwatch', {}, {}, {})).toMatchObject({
      ok: false,
      error: { code: 'invalid' }
    });
    expect(await rawEmitWithAck(a, 'no:such-event', {})).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(a.connected).toBe(true);
    expect((await emitWithAck(a, 'presence:list', {})).ok).toBe(true);
  });

  it('refuses a foreign Origin', async () => {
    const s = io(server.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: cookieA1, origin: 'https://evil.example' },
      reconnection: false,
      forceNew: true
    });
    const err = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
    s.close();
    expect(err).toBeInstanceOf(Error);
  });
});

/**
 * Who may do what over Socket.io, event by event. dossier:unwatch acts only on the dossier the connection
 * watches: anything else is a no-op answered `null` that reaches nobody else.
 */
describe('Socket.io authorization matrix', () => {
  // A team-A dossier no other test watches, so no announcement from another test is pending for its room.
  const quietDossier = () =>
    server.demo.company.dossiers.map((d) => d.dossier).filter((d) => d.teamId === cast.teamA.id)[3];

  it('dossier:unwatch by an outsider answers null and changes nothing in the dossier room', async () => {
    const dossierId = quietDossier().id;
    const a2 = await connect(cookieA2);
    expect(await emitWithAck(a2, 'dossier:watch', { dossierId })).toMatchObject({ ok: true });
    const b = await connect(cookieB);
    expect(await emitWithAck(b, 'dossier:unwatch', { dossierId })).toEqual({ ok: true, data: null });
    // The room is as it was: a colleague who joins still finds a2 there.
    const a1 = await connect(cookieA1);
    const ack = await emitWithAck(a1, 'dossier:watch', { dossierId });
    expect(ack.data.viewers.map((v: { id: string }) => v.id)).toContain(cast.repA2.id);
  });

  it('dossier:unwatch of a dossier the connection does not watch leaves the watched one alone', async () => {
    const dossierId = quietDossier().id;
    const a1 = await connect(cookieA1);
    expect((await emitWithAck(a1, 'dossier:watch', { dossierId })).ok).toBe(true);
    expect(await emitWithAck(a1, 'dossier:unwatch', { dossierId: cast.dossierB.id })).toEqual({ ok: true, data: null });
    expect(await emitWithAck(a1, 'dossier:unwatch', { dossierId: 'nope' })).toEqual({ ok: true, data: null });
    const a2 = await connect(cookieA2);
    const ack = await emitWithAck(a2, 'dossier:watch', { dossierId });
    expect(ack.data.viewers.map((v: { id: string }) => v.id)).toContain(cast.repA1.id);
    // Unwatching the watched dossier does take the connection out.
    expect(await emitWithAck(a1, 'dossier:unwatch', { dossierId })).toEqual({ ok: true, data: null });
    const again = await emitWithAck(a2, 'dossier:watch', { dossierId });
    expect(again.data.viewers.map((v: { id: string }) => v.id)).not.toContain(cast.repA1.id);
  });

  it('dossier:unwatch with a bad payload is invalid', async () => {
    const b = await connect(cookieB);
    expect(await emitWithAck(b, 'dossier:unwatch', { dossierId: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid' }
    });
  });

  describe('with an expired session', () => {
    const IDLE_MS = 10 * 60_000;
    const env = { SESSION_IDLE_MINUTES: '10', YJS_REAUTHORIZE_EVERY_MS: '600000' };

    for (const [event, payload] of [
      ['dossier:watch', (c: DemoCast) => ({ dossierId: c.dossierA.id })],
      ['dossier:unwatch', (c: DemoCast) => ({ dossierId: c.dossierA.id })],
      ['presence:list', () => ({})]
    ] as const) {
      it(`${event} is answered unauthenticated and the socket is told why and closed`, async () => {
        const clock = manualClock();
        await withCastServer({ clock, env }, async (ctx) => {
          const s = await connect(ctx.cookieA1, ctx.server.url);
          const seen = record(s);
          expect((await emitWithAck(s, 'presence:list', {})).ok).toBe(true);
          clock.advance(IDLE_MS + 1);
          expect(await emitWithAck(s, event, payload(ctx.cast))).toMatchObject({
            ok: false,
            error: { code: 'unauthenticated' }
          });
          expect(await seen.closed).toMatchObject({ code: 'unauthenticated' });
          expect(await seen.disconnected).toBe('io server disconnect');
        });
      });
    }

    it('gets no more pushes: the next push to its room ends it instead', async () => {
      const clock = manualClock();
      await withCastServer({ clock, env }, async (ctx) => {
        const expired = await connect(ctx.cookieA2, ctx.server.url);
        const seen = record(expired);
        expect((await emitWithAck(expired, 'dossier:watch', { dossierId: ctx.cast.dossierA.id })).ok).toBe(true);
        clock.advance(IDLE_MS + 1);
        const fresh = await login(ctx.server.url, ctx.cast.repA1.email, ctx.cast.password);
        const witness = await connect(fresh, ctx.server.url);
        const pushed = nextEvent<{ company: string }>(
          witness,
          'dossier:changed',
          (d) => d.company === 'Nach Ablauf GmbH'
        );
        const created = await api(ctx.server.url, '/api/dossiers', {
          method: 'POST',
          cookie: fresh,
          body: { company: 'Nach Ablauf GmbH' }
        });
        expect(created.status).toBe(201);
        await pushed;
        expect(await seen.closed).toMatchObject({ code: 'unauthenticated' });
        expect(seen.events.filter((e) => e.event === 'dossier:changed')).toEqual([]);
      });
    });

    it('is closed by the periodic re-check even when it stays silent', async () => {
      const time = createFakeTime();
      await withCastServer(
        { clock: time, timer: time, env: { ...env, YJS_REAUTHORIZE_EVERY_MS: '30000' } },
        async (ctx) => {
          const s = await connect(ctx.cookieA1, ctx.server.url);
          const seen = record(s);
          expect((await emitWithAck(s, 'presence:list', {})).ok).toBe(true);
          await time.advance(IDLE_MS - 1);
          expect(s.connected).toBe(true);
          // The first re-check after the expiry (at most 30 s later) ends it; advance() awaits that re-check.
          await time.advance(30_000 + 1);
          expect(await seen.closed).toMatchObject({ code: 'unauthenticated' });
        }
      );
    });

    it('stays open when HTTP use slid the session past the expiry the socket saw', async () => {
      const clock = manualClock();
      await withCastServer({ clock, env: { ...env, YJS_REAUTHORIZE_EVERY_MS: '50' } }, async (ctx) => {
        const s = await connect(ctx.cookieA1, ctx.server.url);
        clock.advance(IDLE_MS - 60_000);
        expect((await api(ctx.server.url, '/api/session', { cookie: ctx.cookieA1 })).status).toBe(200);
        clock.advance(2 * 60_000); // past the expiry seen at connect, within the slid one
        expect(await emitWithAck(s, 'presence:list', {})).toMatchObject({ ok: true });
        expect(s.connected).toBe(true);
      });
    });
  });
});
