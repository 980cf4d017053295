import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ErrorBody, WhereaboutsChangedPush, WhereaboutsDTO } from '../../src/lib/contract';
import { api, emitWithAck, login, socketClient, type TestSocket } from '../helpers/clients';
import { startCastServer } from '../helpers/demo-cast';
import { createFakeTime } from '../helpers/fake-time';

type Ctx = Awaited<ReturnType<typeof startCastServer>>;
const MONDAY = Date.UTC(2026, 10, 23, 9, 0, 0);
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

let ctx: Ctx | undefined;
const sockets: TestSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await ctx?.server.close();
  ctx = undefined;
});

async function start() {
  const time = createFakeTime(MONDAY);
  ctx = await startCastServer({ clock: time, timer: time, demoHistory: false, demoDossiers: 12 });
  const { server, cast } = ctx;
  const managerOf = (teamId: string) =>
    server.demo.users.find((u) => u.role === 'manager' && u.teamIds.includes(teamId))!;
  const [managerA, managerB] = [managerOf(cast.teamA.id), managerOf(cast.teamB.id)];
  const [cookieMA, cookieMB] = await Promise.all(
    [managerA, managerB].map((u) => login(server.url, u.email, cast.password))
  );
  const board = async (cookie: string, query = '') =>
    api<WhereaboutsDTO>(server.url, `/api/whereabouts${query}`, { cookie });
  const connect = async (cookie: string) => {
    const socket = await socketClient(server.url, cookie);
    sockets.push(socket);
    return socket;
  };
  return { time, server, cast, ctx, managerA, managerB, cookieMA, cookieMB, board, connect };
}

describe('who is where (GET /api/whereabouts, whereabouts:subscribe / whereabouts:changed)', () => {
  it("a rep opening a dossier appears on the manager's board, pushed after the coalescing window", async () => {
    const { time, cast, ctx, cookieMA, board, connect } = await start();
    const manager = await connect(cookieMA);
    const pushes: WhereaboutsChangedPush[] = [];
    manager.on('whereabouts:changed', (p) => pushes.push(p));
    const ack = await emitWithAck(manager, 'whereabouts:subscribe', {});
    expect(ack).toEqual({ ok: true, data: { teamIds: [cast.teamA.id] } });
    await time.advance(1000); // the manager's own connect falls in an earlier window
    await vi.waitFor(() => expect(pushes.length).toBe(1), { timeout: 2000 });
    pushes.length = 0;

    const before = (await board(cookieMA)).body;
    expect(before.people.find((p) => p.id === cast.repA1.id)).toMatchObject({ online: false, open: [] });

    const rep = await connect(ctx.cookieA1);
    expect(await emitWithAck(rep, 'dossier:watch', { dossierId: cast.dossierA.id })).toMatchObject({ ok: true });
    await time.advance(999);
    expect(pushes).toEqual([]); // still inside the window: connect + watch wait to go out together
    await time.advance(1);
    await vi.waitFor(() => expect(pushes).toEqual([{ teamIds: [cast.teamA.id], reasons: ['presence'] }]), {
      timeout: 2000
    });

    const after = (await board(cookieMA)).body;
    expect(after.people.find((p) => p.id === cast.repA1.id)).toMatchObject({
      online: true,
      open: [{ dossierId: cast.dossierA.id, company: cast.dossierA.company, since: iso(MONDAY + 1000) }]
    });
    // Team B's rep and dossiers are not on team A's board.
    expect(after.people.some((p) => p.id === cast.repB.id)).toBe(false);
    expect(after.teams).toEqual([{ id: cast.teamA.id, name: cast.teamA.name }]);

    rep.close();
    await vi.waitFor(async () => {
      await time.advance(1000);
      expect(pushes.length).toBe(2);
    });
    expect((await board(cookieMA)).body.people.find((p) => p.id === cast.repA1.id)?.online).toBe(false);
  });

  it('an absent colleague shows who covers them (the coverage service), and their board entry goes live', async () => {
    const { time, server, cast, cookieMA, board, connect } = await start();
    const manager = await connect(cookieMA);
    const pushes: WhereaboutsChangedPush[] = [];
    manager.on('whereabouts:changed', (p) => pushes.push(p));
    await emitWithAck(manager, 'whereabouts:subscribe', { team: cast.teamA.id });
    await time.advance(1000);
    await vi.waitFor(() => expect(pushes.length).toBe(1), { timeout: 2000 });
    pushes.length = 0;

    const away = server.demo.users.find((u) => u.id === cast.dossierA.ownerId)!;
    const standIn = server.demo.users.find(
      (u) => u.id !== away.id && u.role === 'rep' && u.teamIds.includes(cast.teamA.id)
    )!;
    const owned = server.demo.company.dossiers.filter((d) => d.dossier.ownerId === away.id);
    expect(owned.length).toBeGreaterThan(0);
    const absence = await api(server.url, '/api/absences', {
      method: 'POST',
      cookie: cookieMA,
      body: { userId: away.id, kind: 'illness', to: iso(MONDAY + 3 * 60 * MIN), handToId: standIn.id }
    });
    expect(absence.status).toBe(201);
    await time.advance(1000);
    await vi.waitFor(() => expect(pushes.some((p) => p.reasons.includes('absence'))).toBe(true), { timeout: 2000 });

    const person = (await board(cookieMA)).body.people.find((p) => p.id === away.id);
    expect(person?.absence).toEqual({
      kind: 'illness',
      until: iso(MONDAY + 3 * 60 * MIN),
      coveredBy: [{ userId: standIn.id, name: standIn.name, dossiers: owned.length }],
      gaps: 0
    });
    // The same answer the coverage service gives for one of those dossiers.
    const coverage = await ctx!.server.app.coverage.coverageOf([owned[0].dossier]);
    expect(coverage.get(owned[0].dossier.id)?.actingOwnerId).toBe(standIn.id);
  });

  it('stalled work: an overdue callback is listed once it is due, with a link target', async () => {
    const { time, server, cast, cookieMA, board } = await start();
    const task = await api(server.url, '/api/tasks', {
      method: 'POST',
      cookie: ctx!.cookieA1,
      body: { dossierId: cast.dossierA.id, kind: 'callback', title: 'Rückruf Angebot', dueAt: iso(MONDAY + 30 * MIN) }
    });
    expect(task.status).toBe(201);
    const stalledIds = (b: WhereaboutsDTO) => [...b.stalled.leads, ...b.stalled.callbacks].map((t) => t.taskId);
    expect(stalledIds((await board(cookieMA)).body)).not.toContain(task.body.id);
    await time.advance(31 * MIN);
    const after = (await board(cookieMA)).body;
    expect(stalledIds(after)).toContain(task.body.id);
    const row = [...after.stalled.leads, ...after.stalled.callbacks].find((t) => t.taskId === task.body.id);
    expect(row).toMatchObject({ dossierId: cast.dossierA.id, dossierCompany: cast.dossierA.company });
    expect(after.stalled.counts.callbacks + after.stalled.counts.leads).toBeGreaterThanOrEqual(1);
  });

  it('a web lead whose first callback is overdue waits under leads, then leaves the list once called', async () => {
    const { time, server, cast, cookieMA, board } = await start();
    const key = await api<{ key: string }>(server.url, `/api/teams/${cast.teamA.id}/intake-keys`, {
      method: 'POST',
      cookie: cookieMA,
      body: { label: 'Website' }
    });
    expect(key.status).toBe(201);
    const lead = await fetch(`${server.url}/api/intake/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key.body.key}` },
      body: JSON.stringify({ name: 'Ida Funke', company: 'Funke Feinkost', email: 'ida@funke.example' })
    });
    expect(lead.status).toBe(201);
    const { taskId } = (await lead.json()) as { taskId: string };
    const leadIds = async () => (await board(cookieMA)).body.stalled.leads.map((l) => l.taskId);
    expect(await leadIds()).not.toContain(taskId); // due in 2 working hours, held by an available rep

    await time.advance(3 * 60 * MIN);
    const waiting = (await board(cookieMA)).body.stalled.leads.find((l) => l.taskId === taskId);
    expect(waiting).toMatchObject({ dossierCompany: 'Funke Feinkost', reasons: ['overdue'] });
    const assignee = server.demo.users.find((u) => u.id === waiting!.assigneeId)!;
    const done = await api(server.url, `/api/tasks/${taskId}/complete`, {
      method: 'POST',
      cookie: await login(server.url, assignee.email, cast.password),
      body: { outcome: 'reached' }
    });
    expect(done.status).toBe(200);
    expect(await leadIds()).not.toContain(taskId);
  });

  it("refuses another team's board: 403 with a message, and an error ack on subscribe", async () => {
    const { cast, cookieMB, board, connect } = await start();
    const refused = await api<ErrorBody>(ctx!.server.url, `/api/whereabouts?team=${cast.teamA.id}`, {
      cookie: cookieMB
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden' });
    expect(refused.body.error.message).toMatch(/own teams/);
    expect((await board(ctx!.cookieB, `?team=${cast.teamA.id}`)).status).toBe(403);
    expect((await board(cookieMB, '?team=not%20an%20id')).status).toBe(400);
    expect((await board(cookieMB, '?unknown=1')).status).toBe(400);
    expect((await board(cookieMB, `?team=${cast.teamB.id}`)).status).toBe(200);

    const socket = await connect(cookieMB);
    const ack = await emitWithAck(socket, 'whereabouts:subscribe', { team: cast.teamA.id });
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await emitWithAck(socket, 'whereabouts:subscribe', { team: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid' }
    });
    const admin = await login(ctx!.server.url, cast.admin.email, cast.password);
    const all = (await board(admin)).body;
    expect(all.teams.map((t) => t.id).sort()).toEqual([cast.teamA.id, cast.teamB.id].sort());
  });
});
