import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ActivityItemDTO, ActivityPage, FeedSubscribeResult } from '../../src/lib/contract';
import type { NewEvent } from '../../server/kernel/events';
import { api, emitWithAck, login, socketClient, type TestSocket } from '../helpers/clients';
import { startCastServer, type DemoCast } from '../helpers/demo-cast';
import type { TestServer } from '../helpers/start-test-server';

let server: TestServer;
let cast: DemoCast;
let cookieA1: string, cookieB: string, cookieMgrA: string, cookieAdmin: string;
let managerA: { id: string };
const sockets: TestSocket[] = [];
let nextId = 0;

beforeAll(async () => {
  ({ server, cast, cookieA1, cookieB } = await startCastServer());
  managerA = server.demo.company.users.find((u) => u.role === 'manager' && u.teamIds.includes(cast.teamA.id))!;
  cookieMgrA = await login(server.url, (managerA as unknown as { email: string }).email, cast.password);
  cookieAdmin = await login(server.url, cast.admin.email, cast.password);
});
afterEach(() => sockets.splice(0).forEach((s) => s.close()));
afterAll(() => server?.close());

async function connect(cookie: string) {
  const s = await socketClient(server.url, cookie);
  sockets.push(s);
  return s;
}

/** Every feed:event item a socket receives, in arrival order. */
function collect(socket: TestSocket): ActivityItemDTO[] {
  const seen: ActivityItemDTO[] = [];
  socket.on('feed:event', (p) => seen.push(p.item));
  return seen;
}

async function subscribe(socket: TestSocket, input: object = {}): Promise<FeedSubscribeResult> {
  const ack = await emitWithAck(socket, 'feed:subscribe', input);
  expect(ack.ok, JSON.stringify(ack)).toBe(true);
  return ack.data as FeedSubscribeResult;
}

/** A dossier.created event of a team (one item each: never coalesced). */
function created(teamId: string, at = Date.now()): NewEvent {
  const id = `burst-${++nextId}`;
  return {
    id,
    type: 'dossier.created',
    at,
    actorId: cast.repA2.id,
    onBehalfOfId: null,
    teamId,
    dossierId: `d-${id}`,
    // The fields search indexes in the same write (the rest of the summary is not read on this path).
    data: {
      dossier: {
        id: `d-${id}`,
        teamId,
        company: `Firma ${id}`,
        industry: '',
        street: '',
        postalCode: '',
        city: '',
        contactNames: []
      }
    }
  } as unknown as NewEvent;
}

function edit(options: { actorId: string; dossierId: string; teamId: string; at: number; keys: string[] }): NewEvent {
  return {
    id: `edit-${++nextId}`,
    type: 'dossier.version_recorded',
    at: options.at,
    actorId: options.actorId,
    onBehalfOfId: null,
    teamId: options.teamId,
    dossierId: options.dossierId,
    data: {
      version: {
        id: `v-${nextId}`,
        createdAt: new Date(options.at).toISOString(),
        kind: 'edit',
        authors: [],
        restoredFrom: null
      },
      changedKeys: options.keys
    }
  } as unknown as NewEvent;
}

const append = (events: NewEvent[]) => server.app.store.activity.append(events);
const page = (cookie: string, query: string) => api<ActivityPage>(server.url, `/api/activity?${query}`, { cookie });

describe('feed:subscribe', () => {
  it('three subscribers; one drops during a burst of 500 and gets exactly what it missed and may see, once, in order', async () => {
    const mgr = await connect(cookieMgrA);
    const a1 = await connect(cookieA1);
    const b = await connect(cookieB);
    const [mgrSeen, a1Seen, bSeen] = [mgr, a1, b].map(collect);
    const start = await subscribe(mgr);
    await subscribe(a1);
    await subscribe(b);

    const burst = Array.from({ length: 500 }, (_, i) => created(i % 2 ? cast.teamB.id : cast.teamA.id));
    const stored = [...(await append(burst.slice(0, 150)))];
    await vi.waitFor(() => expect(a1Seen.length).toBeGreaterThan(0), { timeout: 10_000 });
    a1.close();
    const cursor = Math.max(...a1Seen.map((i) => i.seq));
    for (let i = 150; i < 500; i += 50) stored.push(...(await append(burst.slice(i, i + 50))));

    const teamA = stored.filter((e) => e.teamId === cast.teamA.id).map((e) => e.seq);
    const teamB = stored.filter((e) => e.teamId === cast.teamB.id).map((e) => e.seq);
    await vi.waitFor(() => expect(mgrSeen.map((i) => i.seq)).toEqual(teamA), { timeout: 10_000 });
    await vi.waitFor(() => expect(bSeen.map((i) => i.seq)).toEqual(teamB), { timeout: 10_000 });
    expect(mgrSeen[0]).toMatchObject({ type: 'dossier.created', teamName: cast.teamA.name, count: 1 });
    expect(mgrSeen[0]!.seq).toBeGreaterThan(start.lastSeq);

    // Reconnect: the backlog after the cursor plus live pushes, deduped by key, give exactly team A's rest.
    const again = await connect(cookieA1);
    const live = collect(again);
    const backlog = await subscribe(again, { afterSeq: cursor });
    expect(backlog.reset).toBeUndefined();
    const missed = teamA.filter((s) => s > cursor);
    expect(backlog.items.map((i) => i.seq).reverse()).toEqual(missed.filter((s) => s <= backlog.lastSeq));
    const keys = new Set([...a1Seen, ...backlog.items, ...live].map((i) => i.key));
    expect([...keys].length).toBe(teamA.length);
    expect(a1Seen.map((i) => i.seq)).toEqual(teamA.filter((s) => s <= cursor));
    // Nothing of team B reached A1 live or in the backlog.
    expect([...a1Seen, ...backlog.items, ...live].every((i) => i.teamId === cast.teamA.id)).toBe(true);
  }, 60_000);

  it('refuses a subscription to another team with an error ack, keeping the earlier one', async () => {
    const a1 = await connect(cookieA1);
    const seen = collect(a1);
    await subscribe(a1);
    const refused = await emitWithAck(a1, 'feed:subscribe', { filter: { team: cast.teamB.id } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(refused.error.message).toMatch(/own team/);
    const bad = await emitWithAck(a1, 'feed:subscribe', { filter: { type: ['session.started'] } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const [event] = await append([created(cast.teamA.id)]);
    await vi.waitFor(() => expect(seen.map((i) => i.seq)).toContain(event!.seq), { timeout: 10_000 });
  });

  it('pushes only events matching the filter, and a live edit group keeps its key', async () => {
    const mgr = await connect(cookieMgrA);
    const seen = collect(mgr);
    await subscribe(mgr, { filter: { type: ['edits'], dossier: cast.dossierA.id } });
    const at = Date.now();
    const other = created(cast.teamA.id);
    const e1 = edit({
      actorId: cast.repA1.id,
      dossierId: cast.dossierA.id,
      teamId: cast.teamA.id,
      at,
      keys: ['agreedConditions']
    });
    const e2 = edit({
      actorId: cast.repA1.id,
      dossierId: cast.dossierA.id,
      teamId: cast.teamA.id,
      at: at + 60_000,
      keys: ['notes']
    });
    await append([other, e1]);
    await append([e2]);
    await vi.waitFor(() => expect(seen).toHaveLength(2), { timeout: 10_000 });
    expect(seen[0]!.key).toBe(seen[1]!.key);
    expect(seen[1]).toMatchObject({
      count: 2,
      fields: ['agreedConditions', 'notes'],
      actorName: cast.repA1.name,
      dossierName: cast.dossierA.company,
      versionId: expect.stringMatching(/^v-/)
    });
  });
});

describe('GET /api/activity', () => {
  it('authorises by team: a rep and a manager see their team, asking for another is 403, an admin sees all', async () => {
    await append([created(cast.teamA.id), created(cast.teamB.id)]);
    const rep = await page(cookieA1, 'limit=50');
    expect(rep.status).toBe(200);
    expect(rep.body.items.length).toBeGreaterThan(0);
    expect(rep.body.items.every((i) => i.teamId === cast.teamA.id)).toBe(true);
    const forbidden = await page(cookieMgrA, `team=${cast.teamB.id}`);
    expect(forbidden.status).toBe(403);
    expect((forbidden.body as unknown as { error: { message: string } }).error.message).toMatch(/own team/);
    const admin = await page(cookieAdmin, 'limit=200');
    expect(new Set(admin.body.items.map((i) => i.teamId))).toEqual(new Set([cast.teamA.id, cast.teamB.id]));
    expect((await page(cookieA1, 'limit=0')).status).toBe(400);
    expect((await page(cookieA1, 'type=session.started')).status).toBe(400);
  });

  it('filters by person, dossier, type and point of sale, and pages with nextCursor visiting each once', async () => {
    const dossierId = `d-filter-${Date.now()}`;
    const visit = (pointOfSale: string): NewEvent =>
      ({
        id: `visit-${++nextId}`,
        type: 'interaction.logged',
        at: Date.now(),
        actorId: cast.repA2.id,
        onBehalfOfId: cast.repA1.id,
        teamId: cast.teamA.id,
        dossierId,
        data: {
          item: { id: `i-${nextId}`, kind: 'interaction', type: 'visit', pointOfSale, summary: 'Besuch vor Ort' }
        }
      }) as unknown as NewEvent;
    const events = await append([visit('field_sales'), visit('shop'), visit('field_sales'), created(cast.teamA.id)]);
    const mine = await page(
      cookieMgrA,
      `dossier=${dossierId}&pointOfSale=field_sales&user=${cast.repA1.id}&type=interactions`
    );
    expect(mine.body.items.map((i) => i.seq)).toEqual([events[2]!.seq, events[0]!.seq]);
    expect(mine.body.items[0]).toMatchObject({
      pointOfSale: 'field_sales',
      actorName: cast.repA2.name,
      onBehalfOfName: cast.repA1.name,
      params: { interactionType: 'visit', summary: 'Besuch vor Ort' }
    });

    const seen: number[] = [];
    let cursor: string | null = '';
    do {
      const res: { body: ActivityPage } = await page(
        cookieMgrA,
        `dossier=${dossierId}&limit=1${cursor ? `&beforeSeq=${cursor}` : ''}`
      );
      seen.push(...res.body.items.map((i) => i.seq));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(
      events
        .slice(0, 3)
        .map((e) => e.seq)
        .reverse()
    );
  });

  it('coalesces edits by one person on one dossier within the window into one item listing the fields', async () => {
    const at = Date.now();
    const base = { actorId: cast.repA1.id, dossierId: cast.dossierA.id, teamId: cast.teamA.id };
    const stored = await append([
      edit({ ...base, at: at - 20 * 60_000, keys: ['website'] }),
      edit({ ...base, at, keys: ['agreedConditions'] }),
      edit({ ...base, at: at + 2 * 60_000, keys: ['notes', 'agreedConditions'] })
    ]);
    const res = await page(
      cookieMgrA,
      `dossier=${cast.dossierA.id}&type=edits&user=${cast.repA1.id}&afterSeq=${stored[0]!.seq - 1}`
    );
    expect(res.body.items.map((i) => [i.count, i.fields])).toEqual([
      [2, ['agreedConditions', 'notes']],
      [1, ['website']]
    ]);
    expect(res.body.items[0]!.versionId).toBe(`v-${nextId}`);
  });

  it('a rep covering a dossier of another team sees its events, and only while covering', async () => {
    const ownerId = cast.dossierA.ownerId;
    const owner = server.demo.users.find((u) => u.id === ownerId)!;
    const ownerCookie = await login(server.url, owner.email, cast.password);
    const absence = await api<{ id: string }>(server.url, '/api/absences', {
      method: 'POST',
      cookie: ownerCookie,
      body: {
        userId: ownerId,
        kind: 'illness',
        to: new Date(Date.now() + 8 * 3_600_000).toISOString(),
        handToId: cast.repB.id
      }
    });
    expect(absence.status).toBe(201);
    const covered = created(cast.teamA.id);
    const [onCovered, elsewhere] = await append([
      { ...covered, dossierId: cast.dossierA.id } as NewEvent,
      created(cast.teamA.id)
    ]);
    const seqs = async () => (await page(cookieB, `afterSeq=${onCovered!.seq - 1}`)).body.items.map((i) => i.seq);
    expect(await seqs()).toContain(onCovered!.seq);
    expect(await seqs()).not.toContain(elsewhere!.seq);
    // Asking for team A explicitly is still refused: coverage opens dossiers, not the team.
    expect((await page(cookieB, `team=${cast.teamA.id}`)).status).toBe(403);
    const ended = await api(server.url, `/api/absences/${absence.body.id}/end`, {
      method: 'POST',
      cookie: ownerCookie
    });
    expect(ended.status).toBe(200);
    expect(await seqs()).not.toContain(onCovered!.seq);
  });
});
