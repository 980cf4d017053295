import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  compareTimelineItems,
  INTERACTION_TYPES,
  POINTS_OF_SALE,
  type TimelineItemDTO,
  type TimelinePage
} from '../../src/lib/contract';
import { api, emitWithAck, login, socketClient, type TestSocket } from '../helpers/clients';
import { startCastServer, type DemoCast } from '../helpers/demo-cast';
import { manualClock, type TestServer } from '../helpers/start-test-server';

let server: TestServer;
let cast: DemoCast;
let cookieA1: string, cookieA2: string, cookieB: string, cookieViewer: string;
const clock = manualClock();
const cleanup: Array<() => void> = [];
const now = () => clock.now();
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  // No seeded past: these tests count a dossier's entries from zero.
  ({ server, cast, cookieA1, cookieA2, cookieB } = await startCastServer({ clock, demoHistory: false }));
  cookieViewer = await login(server.url, cast.viewerA.email, cast.password);
});
afterEach(() => cleanup.splice(0).forEach((fn) => fn()));
afterAll(() => server?.close());

const timelineOf = (dossierId: string) => `/api/dossiers/${dossierId}/timeline`;
const logOn = (dossierId: string, cookie: string, body: Record<string, unknown>) =>
  api(server.url, `/api/dossiers/${dossierId}/interactions`, { method: 'POST', cookie, body });
const correct = (id: string, cookie: string, body: Record<string, unknown>) =>
  api(server.url, `/api/interactions/${id}`, { method: 'PATCH', cookie, body });
const call = { type: 'call', pointOfSale: 'call_centre', summary: 'Fragt nach Lieferzeit für Bestellung 4711' };

/** Every page of a timeline query, following nextCursor. */
async function allPages(dossierId: string, cookie: string, query: string, limit: number): Promise<TimelineItemDTO[]> {
  const items: TimelineItemDTO[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const qs: string = `?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res: { status: number; body: TimelinePage } = await api<TimelinePage>(
      server.url,
      timelineOf(dossierId) + qs,
      { cookie }
    );
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...res.body.items);
    if (!res.body.nextCursor) return items;
    cursor = res.body.nextCursor;
  }
  throw new Error('paging did not end');
}

async function watch(cookie: string, dossierId: string): Promise<{ socket: TestSocket; seen: unknown[] }> {
  const socket = await socketClient(server.url, cookie);
  cleanup.push(() => socket.close());
  expect((await emitWithAck(socket, 'dossier:watch', { dossierId })).ok).toBe(true);
  const seen: unknown[] = [];
  socket.on('timeline:entry', (payload) => seen.push(payload));
  return { socket, seen };
}

describe('timeline: logging and reading', () => {
  it('logs an interaction now or back-dated, newest first, with the author named', async () => {
    const dossierId = cast.dossierA.id;
    const logged = await logOn(dossierId, cookieA1, { ...call, direction: 'inbound', contactName: 'Frau Öztürk' });
    expect(logged.status).toBe(201);
    expect(logged.body).toMatchObject({
      kind: 'interaction',
      type: 'call',
      at: iso(now()),
      authorId: cast.repA1.id,
      authorName: cast.repA1.name,
      summary: call.summary,
      pointOfSale: 'call_centre',
      direction: 'inbound',
      contactName: 'Frau Öztürk',
      corrected: null
    });
    expect(logged.body.ticketId).toBeUndefined();
    const older = await logOn(dossierId, cookieA2, {
      type: 'order',
      pointOfSale: 'field_sales',
      summary: 'Auftrag über 40 Paletten',
      amount: 1234.56,
      at: iso(now() - 3 * 86_400_000)
    });
    expect(older.status).toBe(201);
    expect(older.body).toMatchObject({ amount: 1234.56, at: iso(now() - 3 * 86_400_000) });
    // A browser clock 30 s ahead is accepted; a day ahead is refused, naming the field.
    expect((await logOn(dossierId, cookieA1, { ...call, at: iso(now() + 30_000) })).status).toBe(201);
    const future = await logOn(dossierId, cookieA1, { ...call, at: iso(now() + 86_400_000) });
    expect(future.status).toBe(400);
    expect(future.body.error.message).toMatch(/^at: /);

    const page = await api<TimelinePage>(server.url, `${timelineOf(dossierId)}?limit=200`, { cookie: cookieA2 });
    const ids = page.body.items.map((i) => i.id);
    expect(ids.indexOf(logged.body.id)).toBeLessThan(ids.indexOf(older.body.id));
    expect([...page.body.items].sort(compareTimelineItems)).toEqual(page.body.items);
    expect(page.body.items.find((i) => i.id === older.body.id)).toMatchObject({ authorName: cast.repA2.name });
  });

  it('answers bad input with 400 naming the field', async () => {
    const dossierId = cast.dossierA.id;
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ type: 'call', pointOfSale: 'call_centre' }, /summary/],
      [{ ...call, type: 'fax' }, /type/],
      [{ ...call, pointOfSale: 'moon' }, /pointOfSale/],
      [{ ...call, amount: 10 }, /amount/],
      [{ ...call, type: 'offer', amount: 10.001 }, /amount/],
      [{ ...call, at: '2026-11-23 09:00' }, /at/],
      [{ ...call, authorId: cast.repA2.id }, /authorId/]
    ];
    for (const [body, field] of cases) {
      const res = await logOn(dossierId, cookieA1, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid', message: expect.stringMatching(field) });
    }
    const entry = (await logOn(dossierId, cookieA1, call)).body;
    expect((await correct(entry.id, cookieA1, {})).body.error.message).toMatch(/nothing to correct/);
    expect((await correct(entry.id, cookieA1, { amount: 5 })).body.error.message).toMatch(/^amount: /);
    expect((await correct(entry.id, cookieA1, { at: iso(now() + 3_600_000) })).status).toBe(400);
    const query = await api(server.url, `${timelineOf(dossierId)}?limit=0`, { cookie: cookieA1 });
    expect(query.body.error.message).toMatch(/limit/);
    expect((await api(server.url, `${timelineOf(dossierId)}?cursor=zzz`, { cookie: cookieA1 })).status).toBe(400);
    expect((await api(server.url, `${timelineOf(dossierId)}?type=fax`, { cookie: cookieA1 })).status).toBe(400);
  });
});

describe('timeline: corrections', () => {
  it('keeps the earlier text and shows who corrected it; the chain survives a second correction', async () => {
    const entry = (await logOn(cast.dossierA.id, cookieA1, { ...call, summary: 'Will 10 Stück' })).body;
    clock.advance(1_000);
    const first = await correct(entry.id, cookieA2, { summary: 'Will 12 Stück', contactName: 'Herr Kaya' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      id: entry.id,
      summary: 'Will 12 Stück',
      contactName: 'Herr Kaya',
      authorId: cast.repA1.id,
      corrected: { byId: cast.repA2.id, byName: cast.repA2.name, at: iso(now()), previousSummary: 'Will 10 Stück' }
    });
    const second = await correct(entry.id, cookieA1, { summary: 'Will 15 Stück' });
    expect(second.body.corrected).toMatchObject({ byId: cast.repA1.id, previousSummary: 'Will 12 Stück' });
    const stored = await server.app.store.interactions.get(entry.id);
    expect(stored?.corrections.map((c) => c.previousSummary)).toEqual(['Will 10 Stück', 'Will 12 Stück']);
    const page = await api<TimelinePage>(server.url, `${timelineOf(cast.dossierA.id)}?type=call&limit=200`, {
      cookie: cookieA2
    });
    expect(page.body.items.find((i) => i.id === entry.id)).toMatchObject({
      summary: 'Will 15 Stück',
      corrected: { previousSummary: 'Will 12 Stück' }
    });
  });
});

describe('timeline: who may do what', () => {
  it('other teams get 403 and unknown ids 404 on every route; no session is 401', async () => {
    const entry = (await logOn(cast.dossierA.id, cookieA1, call)).body;
    expect((await api(server.url, timelineOf(cast.dossierA.id), { cookie: cookieB })).status).toBe(403);
    expect((await logOn(cast.dossierA.id, cookieB, call)).status).toBe(403);
    expect((await correct(entry.id, cookieB, { summary: 'übernommen' })).status).toBe(403);
    expect((await api(server.url, timelineOf('nope'), { cookie: cookieA1 })).status).toBe(404);
    expect((await logOn('nope', cookieA1, call)).status).toBe(404);
    expect((await correct('nope', cookieA1, { summary: 'x' })).status).toBe(404);
    expect((await api(server.url, timelineOf(cast.dossierA.id))).status).toBe(401);
    expect((await logOn(cast.dossierA.id, '', call)).status).toBe(401);
    // Nothing of the refused writes reached the entry.
    expect((await server.app.store.interactions.get(entry.id))?.summary).toBe(call.summary);
  });

  it('a viewer logs interactions and complaints on their team’s dossiers and corrects only their own', async () => {
    const mine = await logOn(cast.dossierA.id, cookieViewer, {
      type: 'complaint',
      pointOfSale: 'service_technician',
      summary: 'Gerät defekt geliefert'
    });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ type: 'complaint', authorId: cast.viewerA.id });
    // The complaint opens a ticket (follow-ups feature) for the dossier's owner.
    expect(mine.body.ticketId).toEqual(expect.any(String));
    expect((await correct(mine.body.id, cookieViewer, { summary: 'Gerät beschädigt geliefert' })).status).toBe(200);
    const repEntry = (await logOn(cast.dossierA.id, cookieA1, call)).body;
    expect((await correct(repEntry.id, cookieViewer, { summary: 'anders' })).status).toBe(403);
    // A rep of the team (edit access) corrects the viewer's entry.
    expect((await correct(mine.body.id, cookieA2, { pointOfSale: 'shop' })).status).toBe(200);
    expect((await logOn(cast.dossierB.id, cookieViewer, call)).status).toBe(403);
    expect((await api(server.url, timelineOf(cast.dossierA.id), { cookie: cookieViewer })).status).toBe(200);
  });
});

describe('timeline: live entries and system entries', () => {
  it('pushes timeline:entry with seq to watchers of the dossier, not to another team', async () => {
    const watcher = await watch(cookieA2, cast.dossierA.id);
    const outsider = await watch(cookieB, cast.dossierB.id);
    const entry = (await logOn(cast.dossierA.id, cookieA1, call)).body;
    await vi.waitFor(() => expect(watcher.seen).toHaveLength(1));
    expect(watcher.seen[0]).toEqual({ dossierId: cast.dossierA.id, item: entry, seq: expect.any(Number) });
    const fixed = (await correct(entry.id, cookieA1, { summary: 'korrigiert' })).body;
    await vi.waitFor(() => expect(watcher.seen).toHaveLength(2));
    expect(watcher.seen[1]).toMatchObject({ item: fixed });
    expect((watcher.seen[1] as { seq: number }).seq).toBeGreaterThan((watcher.seen[0] as { seq: number }).seq);
    // Socket.io keeps order per connection: once this ack is back, a push sent with the watcher's would be too.
    await emitWithAck(outsider.socket, 'presence:list', {});
    expect(outsider.seen).toEqual([]);
  });

  it('a restore appears as a system entry, live and in the timeline; filters include or exclude it', async () => {
    const dossierId = cast.dossierA.id;
    const watcher = await watch(cookieA2, dossierId);
    const versions = (await api(server.url, `/api/dossiers/${dossierId}/versions`, { cookie: cookieA1 })).body
      .items as Array<{ id: string }>;
    // Past the entry an earlier test logged 30 s ahead, so the restore is the newest entry.
    clock.advance(60_000);
    const restore = await api(server.url, `/api/dossiers/${dossierId}/versions/${versions.at(-1)!.id}/restore`, {
      method: 'POST',
      cookie: cookieA1
    });
    expect(restore.status).toBe(201);
    await vi.waitFor(() => expect(watcher.seen).toHaveLength(1));
    const pushed = (watcher.seen[0] as { item: TimelineItemDTO }).item;
    expect(pushed).toMatchObject({
      kind: 'system',
      type: 'version_restored',
      at: iso(now()),
      authorId: cast.repA1.id,
      authorName: cast.repA1.name
    });
    const top = await api<TimelinePage>(server.url, `${timelineOf(dossierId)}?limit=1`, { cookie: cookieA2 });
    expect(top.body.items).toEqual([pushed]);
    const only = await api<TimelinePage>(server.url, `${timelineOf(dossierId)}?type=version_restored`, {
      cookie: cookieA2
    });
    expect(only.body.items.map((i) => i.id)).toEqual([pushed.id]);
    const byPlace = await api<TimelinePage>(server.url, `${timelineOf(dossierId)}?pointOfSale=call_centre&limit=200`, {
      cookie: cookieA2
    });
    expect(byPlace.body.items.length).toBeGreaterThan(0);
    expect(byPlace.body.items.every((i) => i.kind === 'interaction' && i.pointOfSale === 'call_centre')).toBe(true);
  });

  it('pages through 260 interactions and restores, every entry once, in order, with filters', async () => {
    const dossierId = server.demo.company.dossiers.filter((d) => d.dossier.teamId === cast.teamA.id)[1].dossier.id;
    const versionId = (
      (await api(server.url, `/api/dossiers/${dossierId}/versions`, { cookie: cookieA1 })).body.items as Array<{
        id: string;
      }>
    ).at(-1)!.id;
    const logged: TimelineItemDTO[] = [];
    let restores = 0;
    for (let i = 0; i < 260; i++) {
      // Many share a time (every fifth minute repeats), so ties are broken by id across both sources.
      const at = iso(now() - (i % 50) * 60_000);
      const body = {
        type: INTERACTION_TYPES[i % INTERACTION_TYPES.length],
        pointOfSale: POINTS_OF_SALE[i % POINTS_OF_SALE.length],
        summary: `Eintrag ${i}`,
        at
      };
      const res = await logOn(dossierId, i % 2 ? cookieA1 : cookieA2, body);
      expect(res.status).toBe(201);
      logged.push(res.body);
      if (i % 40 === 0) {
        const r = await api(server.url, `/api/dossiers/${dossierId}/versions/${versionId}/restore`, {
          method: 'POST',
          cookie: cookieA1
        });
        expect(r.status).toBe(201);
        restores++;
      }
    }
    const all = await allPages(dossierId, cookieA2, '', 33);
    expect(new Set(all.map((i) => i.id)).size).toBe(all.length);
    // The first order on a lead or prospect moves it to customer (rule L4): at most one stage entry.
    const moves = all.filter((i) => i.type === 'stage_changed').length;
    expect(moves).toBeLessThanOrEqual(1);
    expect(all).toHaveLength(260 + restores + moves);
    expect([...all].sort(compareTimelineItems)).toEqual(all);
    expect(all.filter((i) => i.kind === 'system')).toHaveLength(restores + moves);
    expect(new Set(all.filter((i) => i.kind === 'interaction').map((i) => i.id))).toEqual(
      new Set(logged.map((i) => i.id))
    );

    const orders = await allPages(dossierId, cookieA2, '&type=order', 7);
    expect(orders.map((i) => i.id)).toEqual(all.filter((i) => i.type === 'order').map((i) => i.id));
    const shop = await allPages(dossierId, cookieA2, '&pointOfSale=shop', 9);
    expect(shop.map((i) => i.id)).toEqual(all.filter((i) => i.pointOfSale === 'shop').map((i) => i.id));
    const both = await allPages(dossierId, cookieA2, '&type=visit&pointOfSale=web_shop', 5);
    expect(both.map((i) => i.id)).toEqual(
      all.filter((i) => i.type === 'visit' && i.pointOfSale === 'web_shop').map((i) => i.id)
    );
    expect(both.length).toBeGreaterThan(0);
  });
});
