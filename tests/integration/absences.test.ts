import { afterEach, describe, expect, it } from 'vitest';
import type { AbsenceDTO, UserSummaryDTO } from '../../src/lib/contract';
import type { EventType, StoredEvent } from '../../server/kernel/events';
import { api, login } from '../helpers/clients';
import { startCastServer } from '../helpers/demo-cast';
import { createFakeTime } from '../helpers/fake-time';

type Ctx = Awaited<ReturnType<typeof startCastServer>>;
const MONDAY = Date.UTC(2026, 10, 23, 9, 0, 0);
const MIN = 60_000;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

let ctx: Ctx | undefined;
afterEach(async () => {
  await ctx?.server.close();
  ctx = undefined;
});

/** The owner of a team-A dossier (so an absence moves cases) and another active member of team A. */
function ownerAndColleague(c: Ctx) {
  const owner = c.server.demo.users.find((u) => u.id === c.cast.dossierA.ownerId)!;
  const colleague = c.server.demo.users.find(
    (u) => u.id !== owner.id && u.role === 'rep' && u.teamIds.includes(c.cast.teamA.id)
  )!;
  return { owner, colleague };
}

async function eventsOf(c: Ctx, types: EventType[]): Promise<StoredEvent[]> {
  return c.server.app.store.activity.listSince({ afterSeq: 0, teamIds: 'all', types, limit: 1000 });
}

describe('absences over HTTP (POST/GET/PATCH /api/absences, POST /:id/end, PUT /api/users/:id/deputy)', () => {
  it('records, lists, moves and cancels a planned absence; validates and checks permissions', async () => {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, demoHistory: false, demoDossiers: 12 });
    const { server, cast, cookieA1, cookieB } = ctx;
    const body = { userId: cast.repA1.id, kind: 'vacation', from: iso(MONDAY + 7 * DAY), to: iso(MONDAY + 12 * DAY) };

    const created = await api<AbsenceDTO>(server.url, '/api/absences', {
      method: 'POST',
      cookie: cookieA1,
      body: { ...body, handToId: cast.repA2.id, note: 'Sommer' }
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'planned', handToId: cast.repA2.id, userName: cast.repA1.name });

    for (const [bad, status] of [
      [{ ...body, handToId: cast.repA1.id }, 400],
      [{ ...body, to: body.from }, 400],
      [{ ...body, to: iso(MONDAY - DAY), from: iso(MONDAY - 2 * DAY) }, 400],
      [{ ...body, handToId: 'nobody' }, 400],
      [{ ...body, kind: 'sabbatical' }, 400]
    ] as const) {
      const res = await api(server.url, '/api/absences', { method: 'POST', cookie: cookieA1, body: bad });
      expect(res.status, JSON.stringify(bad)).toBe(status);
      expect(res.body.error.code).toBeTruthy();
    }
    // Another team's rep may not record for A1; nobody anonymous.
    expect((await api(server.url, '/api/absences', { method: 'POST', cookie: cookieB, body })).status).toBe(403);
    expect((await api(server.url, '/api/absences', { method: 'POST', body })).status).toBe(401);

    const list = await api(server.url, `/api/absences?team=${cast.teamA.id}`, { cookie: cookieA1 });
    expect(list.body.items.map((a: AbsenceDTO) => a.id)).toEqual([created.body.id]);
    expect((await api(server.url, `/api/absences?team=${cast.teamA.id}`, { cookie: cookieB })).status).toBe(403);

    const moved = await api(server.url, `/api/absences/${created.body.id}`, {
      method: 'PATCH',
      cookie: cookieA1,
      body: { to: iso(MONDAY + 14 * DAY), handToId: null }
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ to: iso(MONDAY + 14 * DAY), handToId: null });
    const foreign = { method: 'PATCH', cookie: cookieB, body: { note: 'x' } };
    expect((await api(server.url, `/api/absences/${created.body.id}`, foreign)).status).toBe(403);

    const cancelled = await api(server.url, `/api/absences/${created.body.id}/end`, {
      method: 'POST',
      cookie: cookieA1
    });
    expect(cancelled.body.status).toBe('ended');
    const twice = await api(server.url, `/api/absences/${created.body.id}/end`, { method: 'POST', cookie: cookieA1 });
    expect(twice.status).toBe(409);
    expect((await eventsOf(ctx, ['absence.recorded', 'absence.updated', 'absence.ended'])).map((e) => e.type)).toEqual([
      'absence.recorded',
      'absence.updated',
      'absence.ended'
    ]);
    // A planned absence moves nobody's cases: no coverage change was announced.
    expect(await eventsOf(ctx, ['coverage.changed', 'absence.started'])).toEqual([]);
  });

  it('a manager records an illness starting now: it starts at once and announces the coverage change', async () => {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, demoHistory: false, demoDossiers: 12 });
    const { server, cast } = ctx;
    const manager = server.demo.users.find((u) => u.role === 'manager' && u.teamIds.includes(cast.teamA.id))!;
    const cookieM = await login(server.url, manager.email, cast.password);
    const { owner, colleague } = ownerAndColleague(ctx);
    const owned = server.demo.company.dossiers.filter((d) => d.dossier.ownerId === owner.id);

    const ill = await api<AbsenceDTO>(server.url, '/api/absences', {
      method: 'POST',
      cookie: cookieM,
      body: { userId: owner.id, kind: 'illness', to: iso(MONDAY + 2 * DAY), handToId: colleague.id }
    });
    expect(ill.status).toBe(201);
    expect(ill.body.status).toBe('active');
    const [recorded, started, changed] = await eventsOf(ctx, [
      'absence.recorded',
      'absence.started',
      'coverage.changed'
    ]);
    expect([recorded.type, started.type, changed.type]).toEqual([
      'absence.recorded',
      'absence.started',
      'coverage.changed'
    ]);
    if (changed.type !== 'coverage.changed') throw new Error('unreachable');
    expect(changed.data.userIds).toEqual(expect.arrayContaining([owner.id, colleague.id]));
    expect(changed.data.dossierIds.sort()).toEqual(owned.map((d) => d.dossier.id).sort());

    // Ending it early hands the cases back: absence.ended (early) and a second coverage change.
    await time.advance(3 * 60 * MIN);
    const back = await api(server.url, `/api/absences/${ill.body.id}/end`, { method: 'POST', cookie: cookieM });
    expect(back.body).toMatchObject({ status: 'ended', endedAt: iso(MONDAY + 3 * 60 * MIN) });
    const ends = await eventsOf(ctx, ['absence.ended']);
    expect(ends.map((e) => e.type === 'absence.ended' && e.data.early)).toEqual([true]);
    expect(await eventsOf(ctx, ['coverage.changed'])).toHaveLength(2);
    // The job never fires a start or an end for it again.
    await time.advance(3 * DAY);
    expect(await eventsOf(ctx, ['absence.started', 'absence.ended'])).toHaveLength(2);
  });

  it('the scheduler starts and ends an absence at its times, exactly once each', async () => {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, demoHistory: false, demoDossiers: 12 });
    const { server } = ctx;
    const { owner } = ownerAndColleague(ctx);
    const cookie = await login(server.url, owner.email, ctx.cast.password);
    const res = await api<AbsenceDTO>(server.url, '/api/absences', {
      method: 'POST',
      cookie,
      body: { userId: owner.id, kind: 'training', from: iso(MONDAY + 30 * MIN), to: iso(MONDAY + 90 * MIN) }
    });
    expect(res.status).toBe(201);
    await time.advance(29 * MIN);
    expect(await eventsOf(ctx, ['absence.started'])).toEqual([]);
    await time.advance(2 * MIN);
    expect(await eventsOf(ctx, ['absence.started'])).toHaveLength(1);
    expect(await eventsOf(ctx, ['coverage.changed'])).toHaveLength(1);
    await time.advance(60 * MIN);
    const ended = await eventsOf(ctx, ['absence.ended']);
    expect(ended.map((e) => e.type === 'absence.ended' && e.data.early)).toEqual([false]);
    await time.advance(10 * MIN);
    expect(await eventsOf(ctx, ['absence.started', 'absence.ended'])).toHaveLength(2);
    expect(await eventsOf(ctx, ['coverage.changed'])).toHaveLength(2);
  });

  it('sets and clears a deputy; refuses self, strangers and other teams', async () => {
    ctx = await startCastServer({ demoHistory: false, demoDossiers: 12 });
    const { server, cast, cookieA1, cookieB } = ctx;
    const put = (cookie: string, userId: string, deputyId: string | null) =>
      api(server.url, `/api/users/${userId}/deputy`, { method: 'PUT', cookie, body: { deputyId } });
    expect((await put(cookieA1, cast.repA1.id, cast.repA2.id)).body).toEqual({
      userId: cast.repA1.id,
      deputyId: cast.repA2.id
    });
    // GET /api/users carries it, so the settings picker starts at the current deputy.
    const listed = await api<{ items: UserSummaryDTO[] }>(server.url, '/api/users', { cookie: cookieA1 });
    const items = listed.body.items;
    expect(items.find((u) => u.id === cast.repA1.id)?.deputyId).toBe(cast.repA2.id);
    expect(items.find((u) => u.id === cast.repA2.id)?.deputyId).toBeNull();
    expect((await put(cookieA1, cast.repA1.id, cast.repA1.id)).status).toBe(400);
    expect((await put(cookieA1, cast.repA1.id, 'ghost')).status).toBe(400);
    expect((await put(cookieB, cast.repA1.id, cast.repB.id)).status).toBe(403);
    expect((await put(cookieA1, cast.repA1.id, null)).body.deputyId).toBeNull();
    const changes = await eventsOf(ctx, ['deputy.changed']);
    expect(changes.map((e) => e.type === 'deputy.changed' && e.data.deputyId)).toEqual([cast.repA2.id, null]);
  });
});
