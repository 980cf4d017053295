import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DossierChangedPush, DossierVersionPush, FeedEventDTO, FeedResumeResult } from '../../src/lib/contract';
import { api, emitWithAck, login, socketClient, type TestSocket } from '../helpers/clients';
import { startCastServer, type DemoCast } from '../helpers/demo-cast';
import { startTestServer, type TestServer } from '../helpers/start-test-server';

let server: TestServer;
let cast: DemoCast;
let cookieA1: string, cookieA2: string, cookieB: string, cookieAdmin: string;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  ({ server, cast, cookieA1, cookieA2, cookieB } = await startCastServer());
  cookieAdmin = await login(server.url, cast.admin.email, cast.password);
});
afterEach(() => sockets.splice(0).forEach((s) => s.close()));
afterAll(() => server?.close());

async function connect(cookie: string) {
  const s = await socketClient(server.url, cookie);
  sockets.push(s);
  return s;
}

async function resume(socket: TestSocket, afterSeq?: number): Promise<FeedResumeResult> {
  const ack = await emitWithAck(socket, 'feed:resume', afterSeq === undefined ? {} : { afterSeq });
  expect(ack.ok, JSON.stringify(ack)).toBe(true);
  return ack.data as FeedResumeResult;
}

/** Collects every push of an event on a socket. */
function collect<T>(socket: TestSocket, event: 'dossier:changed' | 'dossier:version'): T[] {
  const seen: T[] = [];
  (socket as unknown as { on(e: string, h: (p: T) => void): void }).on(event, (p) => seen.push(p));
  return seen;
}

async function createDossier(cookie: string, company: string): Promise<string> {
  const res = await api(server.url, '/api/dossiers', { method: 'POST', cookie, body: { company } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

describe('feed:resume', () => {
  it('replays exactly the missed events a rep may see, once and in order, after a reconnect', async () => {
    const admin = await connect(cookieAdmin);
    const adminPushes = collect<DossierChangedPush>(admin, 'dossier:changed');
    const a = await connect(cookieA1);
    const pushes = collect<DossierChangedPush>(a, 'dossier:changed');
    const now = await resume(a);
    expect(now.events).toEqual([]);

    // A live push carries its seq: the client's cursor.
    const firstId = await createDossier(cookieA2, 'Vor der Trennung GmbH');
    await vi.waitFor(() => expect(pushes.map((p) => p.id)).toContain(firstId), { timeout: 5000 });
    const cursor = pushes.find((p) => p.id === firstId)!.seq;
    expect(cursor).toBeGreaterThan(now.lastSeq);
    a.close();

    // 500 changes while A1 is away: 300 in A's team, 200 in B's team (A1 may not see those), and logins in
    // between (internal events nobody is sent).
    const missedA: string[] = [];
    let lastId = '';
    for (let i = 0; i < 500; i++) {
      const inA = i % 5 < 3;
      lastId = await createDossier(inA ? cookieA2 : cookieB, `Firma ${i} ${inA ? 'Nord' : 'Süd'}`);
      if (inA) missedA.push(lastId);
      if (i % 100 === 0) await login(server.url, cast.repA2.email, cast.password);
    }
    // The admin's live pushes show the relay has published everything, in seq order.
    await vi.waitFor(() => expect(adminPushes.map((p) => p.id)).toContain(lastId), { timeout: 10_000 });
    const adminSeqs = adminPushes.map((p) => p.seq);
    expect(adminSeqs).toEqual([...adminSeqs].sort((x, y) => x - y));
    expect(new Set(adminSeqs).size).toBe(501);

    const again = await connect(cookieA1);
    const livePushes = collect<DossierChangedPush>(again, 'dossier:changed');
    const replay = await resume(again, cursor);
    expect(replay.reset).toBeUndefined();
    expect(replay.events.map((e) => e.dossierId)).toEqual(missedA);
    expect(replay.events.every((e) => e.type === 'dossier.created' && e.teamId === cast.teamA.id)).toBe(true);
    const seqs = replay.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(seqs[0]).toBeGreaterThan(cursor);
    const created = replay.events[0] as FeedEventDTO<'dossier.created'>;
    expect(created.data.dossier).toMatchObject({ id: missedA[0], teamId: cast.teamA.id, company: 'Firma 0 Nord' });
    expect(created.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(replay.lastSeq).toBe(adminSeqs[adminSeqs.length - 1]);

    // Once: from the new cursor there is nothing more, and the next change arrives as a push after it.
    expect((await resume(again, replay.lastSeq)).events).toEqual([]);
    const nextId = await createDossier(cookieA2, 'Nach dem Wiederverbinden KG');
    await vi.waitFor(() => expect(livePushes.map((p) => p.id)).toEqual([nextId]), { timeout: 5000 });
    expect(livePushes[0].seq).toBeGreaterThan(replay.lastSeq);

    // An admin may see both teams' events; a rep of B only B's.
    const adminReplay = await resume(admin, cursor);
    expect(adminReplay.events).toHaveLength(501);
    const b = await connect(cookieB);
    const bReplay = await resume(b, cursor);
    expect(bReplay.events).toHaveLength(200);
    expect(bReplay.events.every((e) => e.teamId === cast.teamB.id)).toBe(true);
  }, 60_000);

  it('pushes each new version of a watched dossier with its seq, and replays the restore with it', async () => {
    const a = await connect(cookieA1);
    const versionPushes = collect<DossierVersionPush>(a, 'dossier:version');
    await emitWithAck(a, 'dossier:watch', { dossierId: cast.dossierA.id });
    const { lastSeq: before } = await resume(a);
    const base = `/api/dossiers/${cast.dossierA.id}/versions`;
    const list = (await api(server.url, base, { cookie: cookieA2 })).body.items as Array<{
      id: string;
      createdAt: string;
    }>;
    const oldest = list[list.length - 1];
    const restore = await api(server.url, `${base}/${oldest.id}/restore`, { method: 'POST', cookie: cookieA2 });
    expect(restore.status).toBe(201);

    await vi.waitFor(() => expect(versionPushes.map((p) => p.version.id)).toContain(restore.body.id), {
      timeout: 5000
    });
    const push = versionPushes.find((p) => p.version.id === restore.body.id)!;
    expect(push).toMatchObject({ dossierId: cast.dossierA.id, version: { kind: 'restore', restoredFrom: oldest.id } });
    expect(push.seq).toBeGreaterThan(before);

    // The restore's version and dossier.restored were written together: adjacent seqs, same version id.
    const replay = await resume(a, before);
    const recorded = replay.events.find(
      (e) => e.type === 'dossier.version_recorded' && e.data.version.id === restore.body.id
    );
    const restored = replay.events.find((e) => e.type === 'dossier.restored') as
      FeedEventDTO<'dossier.restored'> | undefined;
    expect(recorded?.seq).toBe(push.seq);
    expect(restored).toMatchObject({
      seq: push.seq + 1,
      actorId: cast.repA2.id,
      dossierId: cast.dossierA.id,
      data: {
        versionId: restore.body.id,
        restoredFrom: oldest.id,
        restoredFromAt: oldest.createdAt,
        replacedVersionId: list[0].id
      }
    });
    // Another team never gets them, live or replayed.
    const b = await connect(cookieB);
    expect((await resume(b, before)).events.filter((e) => e.dossierId === cast.dossierA.id)).toEqual([]);
  });

  it('says reset when the missed events are past retention or the cursor was never issued', async () => {
    const a = await connect(cookieA1);
    const { lastSeq } = await resume(a);
    expect((await resume(a, lastSeq + 1000)).reset).toBe(true);
    await createDossier(cookieA2, 'Vor der Aufbewahrungsfrist AG');
    // Retention removes everything older than now: events after seq 1 are gone.
    await server.app.store.activity.deleteOlderThan(Date.now() + 1);
    const stale = await resume(a, 1);
    expect(stale).toMatchObject({ events: [], reset: true });
    expect(stale.lastSeq).toBeGreaterThan(lastSeq);
    // From the reset's cursor the client continues normally.
    expect(await resume(a, stale.lastSeq)).toEqual({ events: [], lastSeq: stale.lastSeq });
  });

  it('resumes across a server restart: the cursor is a position in the stored log, not in memory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'staffel-resume-restart-'));
    try {
      const first = await startTestServer({ dataDir });
      const rep = first.demo.users.find((u) => u.role === 'rep')!;
      const cookie = await login(first.url, rep.email, first.demo.password);
      const s1 = await socketClient(first.url, cookie);
      const { lastSeq: cursor } = await resume(s1);
      s1.close();
      const made: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await api(first.url, '/api/dossiers', {
          method: 'POST',
          cookie,
          body: { company: `Neustart ${i}` }
        });
        made.push(res.body.id as string);
      }
      await first.close({ keepData: true });

      const second = await startTestServer({ dataDir });
      try {
        const s2 = await socketClient(second.url, cookie);
        try {
          const replay = await resume(s2, cursor);
          expect(replay.reset).toBeUndefined();
          expect(replay.events.map((e) => e.dossierId)).toEqual(made);
        } finally {
          s2.close();
        }
      } finally {
        await second.close({ keepData: true });
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a malformed resume with an invalid ack', async () => {
    const a = await connect(cookieA1);
    for (const bad of [{ afterSeq: -1 }, { afterSeq: 'x' }, { afterSeq: 1.5 }, { afterSeq: 1, extra: true }]) {
      expect(await emitWithAck(a, 'feed:resume', bad)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
  });
});
