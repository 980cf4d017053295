import { afterEach, describe, expect, it, vi } from 'vitest';
import { compareDossiers, type DeskChangedPush, type DeskDTO } from '../../src/lib/contract';
import { api, login, socketClient, type TestSocket } from '../helpers/clients';
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

describe('the stand-in desk (GET /api/desk) and its desk:changed push', () => {
  it('an absence starting hands the stand-in the dossiers and tasks at once, and takes them back at its end', async () => {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, demoHistory: false, demoDossiers: 12 });
    const { server, cast } = ctx;
    const owner = server.demo.users.find((u) => u.id === cast.dossierA.ownerId)!;
    const standIn = server.demo.users.find(
      (u) => u.id !== owner.id && u.role === 'rep' && u.teamIds.includes(cast.teamA.id)
    )!;
    const [ownerCookie, standInCookie] = await Promise.all(
      [owner, standIn].map((u) => login(server.url, u.email, cast.password))
    );
    const owned = server.demo.company.dossiers.filter((d) => d.dossier.ownerId === owner.id).map((d) => d.dossier.id);
    const task = await api(server.url, '/api/tasks', {
      method: 'POST',
      cookie: ownerCookie,
      body: {
        dossierId: cast.dossierA.id,
        kind: 'callback',
        title: 'Rückruf Angebot',
        dueAt: iso(MONDAY + 3 * 60 * MIN)
      }
    });
    expect(task.status).toBe(201);
    const absence = await api(server.url, '/api/absences', {
      method: 'POST',
      cookie: ownerCookie,
      body: {
        userId: owner.id,
        kind: 'vacation',
        from: iso(MONDAY + 5 * MIN),
        to: iso(MONDAY + 65 * MIN),
        handToId: standIn.id
      }
    });
    expect(absence.status).toBe(201);

    const socket = await socketClient(server.url, standInCookie);
    sockets.push(socket);
    const pushes: DeskChangedPush[] = [];
    socket.on('desk:changed', (p) => pushes.push(p));
    const desk = async () => (await api<DeskDTO>(server.url, '/api/desk', { cookie: standInCookie })).body;
    expect((await desk()).covering).toEqual([]);

    await time.advance(6 * MIN); // the start job runs
    await vi.waitFor(() => expect(pushes.some((p) => p.reason === 'coverage')).toBe(true), { timeout: 1000 });
    const during = await desk();
    expect(during.covering.map((c) => c.dossier.id).sort()).toEqual([...owned].sort());
    expect(during.covering[0]).toMatchObject({
      forUserId: owner.id,
      forUserName: owner.name,
      reason: 'vacation',
      via: 'hand_to',
      until: iso(MONDAY + 65 * MIN)
    });
    expect(during.tasks.map((t) => t.id)).toContain(task.body.id);
    const ownerDesk = (await api<DeskDTO>(server.url, '/api/desk', { cookie: ownerCookie })).body;
    expect(ownerDesk.myAbsence).toMatchObject({ id: absence.body.id, status: 'active' });
    expect(ownerDesk.own.map((d) => d.id).sort()).toEqual([...owned].sort());

    pushes.length = 0;
    await time.advance(60 * MIN); // past `to`: the end job runs
    await vi.waitFor(() => expect(pushes.some((p) => p.reason === 'coverage')).toBe(true), { timeout: 1000 });
    const after = await desk();
    expect(after.covering).toEqual([]);
    expect(after.tasks.map((t) => t.id)).not.toContain(task.body.id);
  });

  it('a manager sees a coverage gap; a rep sees none', async () => {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, demoHistory: false, demoDossiers: 12 });
    const { server, cast } = ctx;
    const admin = await login(server.url, cast.admin.email, cast.password);
    const teamA = server.demo.users.filter((u) => u.teamIds.includes(cast.teamA.id));
    // Everyone of team A away: nobody can act for the owner's dossiers (C6).
    for (const u of teamA) {
      const res = await api(server.url, '/api/absences', {
        method: 'POST',
        cookie: admin,
        body: { userId: u.id, kind: 'other', to: iso(MONDAY + 60 * MIN) }
      });
      expect(res.status).toBe(201);
    }
    const adminDesk = (await api<DeskDTO>(server.url, '/api/desk', { cookie: admin })).body;
    expect(adminDesk.gaps.map((g) => g.dossier.id)).toContain(cast.dossierA.id);
    expect(adminDesk.gaps.find((g) => g.dossier.id === cast.dossierA.id)).toMatchObject({ cause: 'exhausted' });
    const repDesk = (await api<DeskDTO>(server.url, '/api/desk', { cookie: ctx.cookieB })).body;
    expect(repDesk.gaps).toEqual([]);
  });

  it('coveringLimit cuts the covering list in company order while coveringTotal and coveringBy count all; bad limits are 400', async () => {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, demoHistory: false, demoDossiers: 12 });
    const { server, cast } = ctx;
    const admin = await login(server.url, cast.admin.email, cast.password);
    const dossiersOf = (userId: string) => server.demo.company.dossiers.filter((d) => d.dossier.ownerId === userId);
    const teamA = server.demo.users.filter((u) => u.teamIds.includes(cast.teamA.id) && u.role === 'rep');
    const [standIn, ...others] = teamA;
    const away = others.filter((u) => dossiersOf(u.id).length > 0).slice(0, 2);
    expect(away.length).toBe(2);
    for (const u of away) {
      const res = await api(server.url, '/api/absences', {
        method: 'POST',
        cookie: admin,
        body: { userId: u.id, kind: 'illness', to: iso(MONDAY + 60 * MIN), handToId: standIn.id }
      });
      expect(res.status).toBe(201);
    }
    const cookie = await login(server.url, standIn.email, cast.password);
    const desk = (q = '') => api<DeskDTO>(server.url, `/api/desk${q}`, { cookie });

    const full = (await desk()).body;
    const total = away.reduce((n, u) => n + dossiersOf(u.id).length, 0);
    expect(total).toBeGreaterThan(2);
    expect(full.covering.length).toBe(total);
    expect(full.coveringTotal).toBe(total);
    expect(
      [...full.coveringBy].sort((a, b) => a.forUserId.localeCompare(b.forUserId)).map((b) => [b.forUserId, b.count])
    ).toEqual([...away].sort((a, b) => a.id.localeCompare(b.id)).map((u) => [u.id, dossiersOf(u.id).length]));
    expect(full.coveringBy[0]).toMatchObject({ reason: 'illness', until: iso(MONDAY + 60 * MIN) });
    expect(full.coveringBy.map((b) => b.forUserName)).toEqual(expect.arrayContaining(away.map((u) => u.name)));

    const page = await desk('?coveringLimit=2');
    expect(page.status).toBe(200);
    // The same first two as the full list, with the same totals: only the summaries past the limit are left out.
    expect(page.body.covering.map((c) => c.dossier.id)).toEqual(full.covering.slice(0, 2).map((c) => c.dossier.id));
    expect(page.body.coveringTotal).toBe(total);
    expect(page.body.coveringBy).toEqual(full.coveringBy);
    expect((await desk(`?coveringLimit=${total}`)).body.covering.length).toBe(total);

    for (const bad of ['0', '1001', '2.5', 'abc']) {
      const res = await desk(`?coveringLimit=${bad}`);
      expect(res.status).toBe(400);
      expect((res.body as unknown as { error: { message: string } }).error.message).toMatch(/coveringLimit/);
    }
    expect((await desk('?other=1')).status).toBe(400);
  });

  it('ownLimit cuts my own dossiers in company order while ownTotal counts all; bad limits are 400', async () => {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, demoHistory: false, demoDossiers: 24 });
    const { server, cast } = ctx;
    const owners = server.demo.users.filter(
      (u) => server.demo.company.dossiers.filter((d) => d.dossier.ownerId === u.id).length > 2
    );
    expect(owners.length).toBeGreaterThan(0);
    const owner = owners[0];
    const cookie = await login(server.url, owner.email, cast.password);
    const desk = (q = '') => api<DeskDTO>(server.url, `/api/desk${q}`, { cookie });

    const full = (await desk()).body;
    const mine = server.demo.company.dossiers.filter((d) => d.dossier.ownerId === owner.id);
    expect(full.own.length).toBe(mine.length);
    expect(full.ownTotal).toBe(mine.length);
    // Company order: the dossier list's 'name' order (folded company, then id).
    expect(full.own.map((d) => d.id)).toEqual([...full.own].sort(compareDossiers('name')).map((d) => d.id));

    const page = await desk('?ownLimit=2&coveringLimit=5');
    expect(page.status).toBe(200);
    expect(page.body.own.map((d) => d.id)).toEqual(full.own.slice(0, 2).map((d) => d.id));
    expect(page.body.own).toEqual(full.own.slice(0, 2));
    expect(page.body.ownTotal).toBe(mine.length);
    expect((await desk(`?ownLimit=${mine.length}`)).body.own).toEqual(full.own);

    for (const bad of ['0', '1001', '2.5', 'abc']) {
      const res = await desk(`?ownLimit=${bad}`);
      expect(res.status).toBe(400);
      expect((res.body as unknown as { error: { message: string } }).error.message).toMatch(/ownLimit/);
    }
  });
});
