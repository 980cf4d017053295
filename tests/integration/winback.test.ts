import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DossierDTO,
  PremiumPage,
  SleepingPage,
  StageChangeDTO,
  TaskDTO,
  TimelinePage,
  WinbackBoardDTO,
  WinbackDTO
} from '../../src/lib/contract';
import { api, login } from '../helpers/clients';
import { startCastServer, type DemoCast } from '../helpers/demo-cast';
import { createFakeTime } from '../helpers/fake-time';
import { startTestServer, type TestServer } from '../helpers/start-test-server';

// Sunday 29 Nov 2026, 10:00 UTC; the daily sweep runs at 03:30 Europe/Berlin (02:30 UTC in winter).
const time = createFakeTime(Date.parse('2026-11-29T10:00:00Z'));
const MONTH = 30.5 * 86_400_000;
const iso = (t: number) => new Date(t).toISOString();

let server: TestServer;
let cast: DemoCast;
// Our own data directory: the restart test below reopens it (the helper removes only directories it made).
const dataDir = mkdtempSync(join(tmpdir(), 'staffel-winback-'));
let cookieA1: string, cookieB: string, cookieManagerA: string, cookieViewer: string, cookieAdmin: string;

/** Signs everyone in (again: a jump over the night ends idle sessions). */
let managerA: DemoCast['admin'];
async function signIn() {
  managerA ??= server.demo.users.find((u) => u.role === 'manager' && u.teamIds.includes(cast.teamA.id))!;
  [cookieA1, cookieB, cookieManagerA, cookieViewer, cookieAdmin] = await Promise.all(
    [cast.repA1, cast.repB, managerA, cast.viewerA, cast.admin].map((u) => login(server.url, u.email, cast.password))
  );
}

beforeAll(async () => {
  // No demo past: this file counts its own dossiers; DORMANT_AFTER_MONTHS at its default (24).
  ({ server, cast } = await startCastServer({ dataDir, clock: time, timer: time, demoHistory: false }));
  await signIn();
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function customer(company: string, cookie = cookieA1, stage = 'customer'): Promise<DossierDTO> {
  const res = await api<DossierDTO>(server.url, '/api/dossiers', { method: 'POST', cookie, body: { company, stage } });
  expect(res.status).toBe(201);
  return res.body;
}
async function log(dossierId: string, at: number, type = 'call', amount?: number, cookie = cookieA1) {
  const res = await api(server.url, `/api/dossiers/${dossierId}/interactions`, {
    method: 'POST',
    cookie,
    body: { type, at: iso(at), pointOfSale: 'field_sales', summary: `${type} logged`, amount }
  });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}
const stages = async (id: string) =>
  (await api<{ items: StageChangeDTO[] }>(server.url, `/api/dossiers/${id}/stages`, { cookie: cookieAdmin })).body
    .items;
const stageOf = async (id: string) =>
  (await api<DossierDTO>(server.url, `/api/dossiers/${id}`, { cookie: cookieAdmin })).body.stage;

describe('dormancy: GET /api/sleeping and the sweep', () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const now = time.now();
    ids.asleep = (await customer('Schlafmütze GmbH')).id;
    await log(ids.asleep, now - 40 * MONTH, 'order', 12_000);
    await log(ids.asleep, now - 30 * MONTH, 'order', 8_000);
    ids.warm = (await customer('Warmherz AG')).id;
    for (let i = 0; i < 6; i++) await log(ids.warm, now - (26 + i) * MONTH, 'visit');
    await log(ids.warm, now - 27 * MONTH, 'order', 500);
    // 24 calendar months before now is 2024-11-29T10:00Z: twelve hours after it, not yet sleeping today.
    ids.awake = (await customer('Wachposten KG')).id;
    await log(ids.awake, Date.parse('2024-11-29T22:00:00Z'), 'order', 90_000);
    ids.oldLead = (await customer('Altlead OHG', cookieA1, 'lead')).id;
    await log(ids.oldLead, now - 30 * MONTH, 'call');
    ids.fresh = (await customer('Frischling GmbH')).id; // no interactions, created now: not sleeping (D1)
    ids.teamB = (await customer('Südschläfer GmbH', cookieB)).id;
    await log(ids.teamB, now - 36 * MONTH, 'order', 1_000, cookieB);
  });

  it('D1 W1–W3 lists quiet customers of the caller’s teams ranked by past value, or by warmth', async () => {
    // The demo seed has dormant accounts of its own (without a past here): only this file's dossiers count.
    const mine = (page: SleepingPage) => page.items.filter((i) => Object.values(ids).includes(i.dossierId));
    const byValue = await api<SleepingPage>(server.url, '/api/sleeping', { cookie: cookieA1 });
    expect(byValue.status).toBe(200);
    byValue.body.items = mine(byValue.body);
    expect(byValue.body.items.map((i) => i.company)).toEqual(['Schlafmütze GmbH', 'Warmherz AG']);
    expect(byValue.body.items[0]).toMatchObject({ pastValue: 20_000, stage: 'customer', interactionCount: 2 });
    expect(byValue.body.items[1]).toMatchObject({ pastValue: 500, interactionCount: 7, quietMonths: 26 });
    const byWarmth = await api<SleepingPage>(server.url, '/api/sleeping?sort=warmth', { cookie: cookieA1 });
    byWarmth.body.items = mine(byWarmth.body);
    expect(byWarmth.body.items.map((i) => i.company)).toEqual(['Warmherz AG', 'Schlafmütze GmbH']);
    expect(byWarmth.body.items[0].warmth).toBeGreaterThan(byWarmth.body.items[1].warmth);
    // Team B sees its own only.
    const other = await api<SleepingPage>(server.url, '/api/sleeping', { cookie: cookieB });
    expect(mine(other.body).map((i) => i.company)).toEqual(['Südschläfer GmbH']);
    expect(other.body.items.every((i) => i.teamId === cast.teamB.id)).toBe(true);
    expect((await api(server.url, '/api/sleeping?sort=nope', { cookie: cookieA1 })).status).toBe(400);
  });

  it('D2 the start-up sweep and the daily job mark exactly the sleeping dossiers dormant, once, with the reason', async () => {
    // The start-up sweep fires on the (fake) timer: everything quiet for more than 24 months moves now —
    // exactly the customers the sleeping list shows as not yet dormant, no other dossier.
    const dormantCount = async () =>
      (await api(server.url, '/api/dossiers?stage=dormant&limit=200', { cookie: cookieAdmin })).body.items.length;
    const before = await dormantCount();
    const quiet = (await api<SleepingPage>(server.url, '/api/sleeping?limit=500', { cookie: cookieAdmin })).body.items
      .filter((i) => i.stage !== 'dormant')
      .map((i) => i.dossierId);
    expect(quiet).toEqual(expect.arrayContaining([ids.asleep, ids.warm, ids.teamB]));
    await time.advance(0);
    expect(await dormantCount()).toBe(before + quiet.length);
    for (const id of quiet) expect(await stageOf(id)).toBe('dormant');
    for (const id of [ids.asleep, ids.warm, ids.teamB]) expect(await stageOf(id)).toBe('dormant');
    for (const id of [ids.awake, ids.fresh]) expect(await stageOf(id)).toBe('customer');
    expect(await stageOf(ids.oldLead)).toBe('lead');
    const [change] = await stages(ids.asleep);
    expect(change).toMatchObject({ from: 'customer', to: 'dormant', byId: null });
    expect(change.reason).toMatch(/24 months/);
    const timeline = await api<TimelinePage>(server.url, `/api/dossiers/${ids.asleep}/timeline?type=stage_changed`, {
      cookie: cookieA1
    });
    expect(timeline.body.items[0].details).toMatchObject({ toStage: 'dormant', reason: change.reason });

    // That night Wachposten crosses the line; the daily job at 03:30 Berlin marks it, and nothing twice.
    // (jump: the night passes without firing every periodic timer on the way; due ones fire on the advance.)
    time.jump(Date.parse('2026-11-30T02:30:00Z') - time.now());
    await time.advance(1000);
    expect(await server.app.store.jobRuns.latest('winback.dormancy-sweep')).toMatchObject({
      dueAt: Date.parse('2026-11-30T02:30:00Z'),
      error: null
    });
    await signIn();
    expect(await stageOf(ids.awake)).toBe('dormant');
    for (const id of [ids.asleep, ids.warm, ids.teamB, ids.awake]) expect(await stages(id)).toHaveLength(1);
    // Still listed (as dormant), ranked by value: Wachposten's 90,000 first.
    const listed = await api<SleepingPage>(server.url, '/api/sleeping', { cookie: cookieA1 });
    listed.body.items = listed.body.items.filter((i) => Object.values(ids).includes(i.dossierId));
    expect(listed.body.items.map((i) => [i.company, i.stage])).toEqual([
      ['Wachposten KG', 'dormant'],
      ['Schlafmütze GmbH', 'dormant'],
      ['Warmherz AG', 'dormant']
    ]);
  });

  it('POST /api/admin/dormancy-sweep: 403 for reps and viewers, managers run it now (nothing left: 0)', async () => {
    const sweep = (cookie: string) => api(server.url, '/api/admin/dormancy-sweep', { method: 'POST', cookie });
    expect((await sweep(cookieA1)).status).toBe(403);
    expect((await sweep(cookieViewer)).status).toBe(403);
    const quiet = (await customer('Neuschläfer GmbH')).id;
    await log(quiet, time.now() - 25 * MONTH);
    const run = await sweep(cookieManagerA);
    expect(run).toMatchObject({ status: 200, body: { marked: 1 } });
    expect(await stageOf(quiet)).toBe('dormant');
    expect((await sweep(cookieAdmin)).body).toEqual({ marked: 0 });
    // Two sweeps at once (a manager's click while the job runs): each dossier moves once between them.
    const twins = [(await customer('Zwilling Eins GmbH')).id, (await customer('Zwilling Zwei GmbH')).id];
    for (const id of twins) await log(id, time.now() - 30 * MONTH);
    const both = await Promise.all([sweep(cookieManagerA), sweep(cookieAdmin), sweep(cookieManagerA)]);
    expect(both.reduce((n, r) => n + (r.body as { marked: number }).marked, 0)).toBe(2);
    for (const id of twins) expect(await stages(id)).toHaveLength(1);
  });

  it('win-back end to end: six steps in order, tasks for the assignee, the board, back to customer', async () => {
    const id = ids.asleep;
    const base = `/api/dossiers/${id}/winback`;
    expect(
      (await api(server.url, `/api/dossiers/${ids.fresh}/winback`, { method: 'POST', cookie: cookieA1, body: {} }))
        .status
    ).toBe(409);
    expect((await api(server.url, base, { method: 'POST', cookie: cookieB, body: {} })).status).toBe(403);
    expect((await api(server.url, base, { method: 'POST', cookie: cookieViewer, body: {} })).status).toBe(403);
    expect(
      (await api(server.url, base, { method: 'POST', cookie: cookieA1, body: { assigneeId: cast.repB.id } })).status
    ).toBe(400);

    const started = await api<WinbackDTO>(server.url, base, {
      method: 'POST',
      cookie: cookieA1,
      body: { assigneeId: cast.repA2.id }
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'open', nextStep: 1, assigneeId: cast.repA2.id });
    expect(await stageOf(id)).toBe('winback');
    expect((await api(server.url, base, { method: 'POST', cookie: cookieA1, body: {} })).status).toBe(409);

    const openTasks = async () =>
      (
        await api<{ items: TaskDTO[] }>(server.url, `/api/tasks?scope=team&status=open&dossierId=${id}`, {
          cookie: cookieA1
        })
      ).body.items;
    expect((await openTasks()).map((t) => [t.title.slice(0, 14), t.assigneeId])).toEqual([
      ['Win-back 1/6: ', cast.repA2.id]
    ]);
    const step = (n: number | string, body: unknown, cookie = cookieA1) =>
      api<WinbackDTO>(server.url, `${base}/steps/${n}`, { method: 'POST', cookie, body });
    expect((await step(2, { note: 'zu früh' })).status).toBe(409);
    expect((await step(7, { note: 'gibt es nicht' })).status).toBe(400);
    expect((await step(1, { note: '' })).status).toBe(400);
    expect((await step(1, { note: 'x' }, cookieViewer)).status).toBe(403);

    time.jump(1000);
    const one = await step(1, { note: 'Einkauf neu besetzt, zwei Standorte' });
    expect(one.status).toBe(200);
    expect(one.body.steps[0]).toMatchObject({ n: 1, byId: cast.repA1.id, note: 'Einkauf neu besetzt, zwei Standorte' });
    expect((await openTasks()).map((t) => t.title.slice(0, 14))).toEqual(['Win-back 2/6: ']);
    const board = await api<WinbackBoardDTO>(server.url, '/api/winbacks', { cookie: cookieManagerA });
    expect(board.body.columns[1].items.map((w) => w.dossierId)).toEqual([id]);
    expect(
      (await api<WinbackBoardDTO>(server.url, '/api/winbacks', { cookie: cookieB })).body.columns[1].items
    ).toEqual([]);

    for (const n of [2, 3, 4]) {
      time.jump(1000);
      expect((await step(n, { note: `Schritt ${n}` })).status).toBe(200);
    }
    time.jump(60_000);
    const order = await log(id, time.now(), 'order', 2_500);
    expect(await stageOf(id)).toBe('winback'); // the trial order is step 5, not the end of the win-back
    const five = await step(5, { note: 'Probeauftrag', interactionId: order.id });
    expect(five.body.steps[4]).toMatchObject({ interactionId: order.id });
    time.jump(1000);
    const six = await step(6, { note: 'Volumen wie 2023' });
    expect(six.body).toMatchObject({ status: 'won', nextStep: null });
    expect(await stageOf(id)).toBe('customer');
    expect(await openTasks()).toEqual([]);
    expect((await step(6, { note: 'nochmal' })).status).toBe(409);

    const timeline = await api<TimelinePage>(server.url, `/api/dossiers/${id}/timeline?type=winback&limit=20`, {
      cookie: cookieA1
    });
    // Step 6 and the end are written together (same time, order by id): compared as a set at the top.
    const changes = timeline.body.items.map((i) => i.details?.winbackChange);
    expect(changes.slice(0, 2).sort()).toEqual(['step_completed', 'won']);
    expect(changes.slice(2)).toEqual([...Array(5).fill('step_completed'), 'started']);
    const mine = await api(server.url, base, { cookie: cookieA1 });
    expect(mine.body.current).toMatchObject({ id: started.body.id, status: 'won' });
  });

  it('a failed win-back (fail, or a step with outcome failed) moves the dossier to lost with the reason', async () => {
    const base = `/api/dossiers/${ids.warm}/winback`;
    expect((await api(server.url, base, { method: 'POST', cookie: cookieA1, body: {} })).status).toBe(201);
    expect((await api(server.url, `${base}/fail`, { method: 'POST', cookie: cookieA1, body: {} })).status).toBe(400);
    const failed = await api<WinbackDTO>(server.url, `${base}/fail`, {
      method: 'POST',
      cookie: cookieA1,
      body: { reason: 'Insolvenz' }
    });
    expect(failed.body).toMatchObject({ status: 'failed', endReason: 'Insolvenz' });
    expect(await stageOf(ids.warm)).toBe('lost');
    expect((await stages(ids.warm))[0]).toMatchObject({ to: 'lost', reason: 'Win-back failed: Insolvenz' });

    const other = `/api/dossiers/${ids.awake}/winback`;
    expect((await api(server.url, other, { method: 'POST', cookie: cookieA1, body: {} })).status).toBe(201);
    await api(server.url, `${other}/steps/1`, { method: 'POST', cookie: cookieA1, body: { note: 'ok' } });
    // A hand-off's briefing names the step the win-back waits for (issue #9 briefing × #11).
    const handoff = await api(server.url, `/api/dossiers/${ids.awake}/handoffs`, {
      method: 'POST',
      cookie: cookieA1,
      body: { toUserId: cast.repA2.id, until: iso(time.now() + 86_400_000), note: 'Bitte Erstkontakt übernehmen' }
    });
    expect(handoff.status).toBe(201);
    expect(handoff.body.briefing.winbackStep).toBe('2/6 First contact');
    const stepFail = await api<WinbackDTO>(server.url, `${other}/steps/2`, {
      method: 'POST',
      cookie: cookieA1,
      body: { note: 'Kein Interesse mehr', outcome: 'failed' }
    });
    expect(stepFail.body).toMatchObject({ status: 'failed', endReason: 'Kein Interesse mehr' });
    expect(await stageOf(ids.awake)).toBe('lost');
  });
});

describe('restart', () => {
  it('a restart on the same data sweeps again on start but moves nothing twice (claims and conditional moves)', async () => {
    const dormantBefore = (await api(server.url, '/api/dossiers?stage=dormant&limit=200', { cookie: cookieAdmin })).body
      .items.length;
    // Fell asleep while the server was down: the start-up sweep after the restart marks it, once.
    const late = (await customer('Spätschläfer GmbH')).id;
    await log(late, time.now() - 26 * MONTH);
    await server.close();
    // Not seeded again (the store is not empty): the cast of the first start still signs in.
    server = await startTestServer({ dataDir, clock: time, timer: time, demoHistory: false });
    await signIn();
    await time.advance(0); // the start-up sweep
    const after = await api(server.url, '/api/dossiers?stage=dormant&limit=200', { cookie: cookieAdmin });
    expect(after.body.items.length).toBe(dormantBefore + 1);
    expect((await stages(late)).map((c) => c.to)).toEqual(['dormant']);
    expect(await server.app.store.jobRuns.latest('winback.dormancy-sweep')).toMatchObject({
      dueAt: Date.parse('2026-11-30T02:30:00Z')
    });
  });
});

describe('premium customers', () => {
  it('PR1–PR3 the top share by 12-month revenue with the premium tag and a key-account manager suggested', async () => {
    const now = time.now();
    const big = (await customer('Großkunde GmbH')).id;
    await log(big, now - 2 * MONTH, 'order', 50_000);
    await log(big, now - 20 * MONTH, 'order', 70_000);
    const mid = (await customer('Mittelstand KG')).id;
    await log(mid, now - 3 * MONTH, 'order', 20_000);
    const small = (await customer('Kleinkram OHG')).id;
    await log(small, now - 4 * MONTH, 'order', 1_000);
    await api(server.url, `/api/dossiers/${mid}`, { method: 'PATCH', cookie: cookieA1, body: { tags: ['Premium'] } });

    const page = await api<PremiumPage>(server.url, '/api/premium?share=0.5', { cookie: cookieA1 });
    expect(page.status).toBe(200);
    // Schlafmütze is a customer again with 2,500 in the last 12 months: 4 customers, top half = 2.
    expect(page.body).toMatchObject({ share: 0.5, customersWithRevenue: 4, threshold: 20_000 });
    expect(page.body.items.map((i) => [i.company, i.revenue12, i.revenue36, i.suggestTag])).toEqual([
      ['Großkunde GmbH', 50_000, 120_000, 'premium'],
      ['Mittelstand KG', 20_000, 20_000, null]
    ]);
    expect(page.body.items[0]).toMatchObject({ suggestKeyAccountManagerId: cast.repA1.id });
    const byDefault = await api<PremiumPage>(server.url, '/api/premium', { cookie: cookieA1 });
    expect(byDefault.body.items.map((i) => i.company)).toEqual(['Großkunde GmbH']); // 0.2 × 4 → 1
    expect((await api(server.url, '/api/premium?share=2', { cookie: cookieA1 })).status).toBe(400);
  });
});
