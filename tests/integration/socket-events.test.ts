import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { api, emitWithAck, login, socketClient, type TestSocket } from '../helpers/clients';
import { startCastServer, type DemoCast } from '../helpers/demo-cast';
import type { TestServer } from '../helpers/start-test-server';

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

async function connect(cookie?: string) {
  const s = await socketClient(server.url, cookie);
  sockets.push(s);
  return s;
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
