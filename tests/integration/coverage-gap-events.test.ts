import { afterEach, describe, expect, it } from 'vitest';
import type { AbsenceDTO } from '../../src/lib/contract';
import { createCoverageGapTracker } from '../../server/features/continuity';
import { createEventOutbox } from '../../server/features/feed';
import type { StoredEvent } from '../../server/kernel/events';
import type { User } from '../../server/kernel/types';
import { api, login } from '../helpers/clients';
import { dossier } from '../contract/dossier-fixtures';
import { startCastServer } from '../helpers/demo-cast';
import { createFakeTime } from '../helpers/fake-time';

type Ctx = Awaited<ReturnType<typeof startCastServer>>;
const MONDAY = Date.UTC(2026, 10, 23, 9, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

let ctx: Ctx | undefined;
afterEach(async () => {
  await ctx?.server.close();
  ctx = undefined;
});

const person = (id: string, deputyId: string): User => ({
  id,
  email: `${id}@example.test`,
  name: `Name ${id}`,
  role: 'rep',
  locale: 'de',
  teamIds: ['gap-team'],
  passwordHash: 'x',
  createdAt: 0,
  deputyId,
  deactivatedAt: null
});

async function gapEvents(c: Ctx, ownerId: string): Promise<StoredEvent[]> {
  const all = await c.server.app.store.activity.listSince({
    afterSeq: 0,
    teamIds: 'all',
    types: ['coverage.gap_opened', 'coverage.gap_closed'],
    limit: 1000
  });
  return all.filter((e) => 'ownerId' in e.data && e.data.ownerId === ownerId);
}

describe('coverage.gap_opened / coverage.gap_closed (issue #9 feed and KPIs)', () => {
  it('an absence starting opens a gap (deputy cycle) once; ending it closes the gap with its openedAt', async () => {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, demoHistory: false, demoDossiers: 12 });
    const { server, cast } = ctx;
    const { store } = server.app;
    // A team without managers whose two members deputise for each other: with both away, their chain is a cycle.
    await store.users.createTeam({ id: 'gap-team', name: 'Lücke', site: 'Kiel' });
    for (const u of [person('gap-a', 'gap-b'), person('gap-b', 'gap-a')]) await store.users.createUser(u);
    await store.dossiers.createMany([
      dossier({ id: 'gap-d1', ownerId: 'gap-a', teamId: 'gap-team', standInIds: [] }),
      dossier({ id: 'gap-d2', ownerId: 'gap-a', teamId: 'gap-team', standInIds: [] })
    ]);
    const admin = await login(server.url, cast.admin.email, cast.password);
    const record = async (userId: string, from: number | null, to: number) => {
      const body = { userId, kind: 'illness', to: iso(to), ...(from ? { from: iso(from) } : {}) };
      const res = await api<AbsenceDTO>(server.url, '/api/absences', { method: 'POST', cookie: admin, body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body;
    };

    // The deputy is away first: the owner is present, no gap.
    await record('gap-b', null, MONDAY + 5 * DAY);
    expect(await gapEvents(ctx, 'gap-a')).toEqual([]);

    // The owner's absence starts at 10:00 (the start job fires it): both dossiers fall into a gap.
    const owners = await record('gap-a', MONDAY + HOUR, MONDAY + 2 * DAY);
    await time.advance(HOUR + 2 * MIN);
    const opened = await gapEvents(ctx, 'gap-a');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      type: 'coverage.gap_opened',
      teamId: 'gap-team',
      data: { ownerId: 'gap-a', dossierIds: ['gap-d1', 'gap-d2'] }
    });
    const openedAt = (opened[0].data as { openedAt: number }).openedAt;
    expect(openedAt).toBeGreaterThanOrEqual(MONDAY + HOUR);
    // Written with the start, in its transaction: right after absence.started in the log.
    const started = await store.activity.listSince({
      afterSeq: 0,
      teamIds: 'all',
      types: ['absence.started'],
      limit: 100
    });
    const start = started.find((e) => e.type === 'absence.started' && e.data.absence.id === owners.id)!;
    expect(opened[0].seq).toBeGreaterThan(start.seq);
    expect(opened[0].seq - start.seq).toBeLessThanOrEqual(2);

    // Time passes (the sweep runs every minute) and a restarted tracker asks again: nothing is emitted twice.
    await time.advance(30 * MIN);
    const restarted = createCoverageGapTracker({
      gaps: store.coverageGaps,
      coverage: server.app.coverage as never,
      activity: store.activity,
      lastSeq: () => 0,
      people: { get: (id) => store.users.getUser(id) },
      events: createEventOutbox({ clock: time, ids: { next: () => `x${Math.random()}` }, onCommitted: () => {} }),
      clock: time
    });
    expect(await restarted.sweep()).toBe(0);
    expect(await gapEvents(ctx, 'gap-a')).toHaveLength(1);

    // The owner comes back early: the gap closes, carrying when it opened.
    time.jump(HOUR);
    const ended = await api(server.url, `/api/absences/${owners.id}/end`, { method: 'POST', cookie: admin });
    expect(ended.status).toBe(200);
    const after = await gapEvents(ctx, 'gap-a');
    expect(after.map((e) => e.type)).toEqual(['coverage.gap_opened', 'coverage.gap_closed']);
    expect(after[1]).toMatchObject({
      teamId: 'gap-team',
      data: { ownerId: 'gap-a', dossierIds: ['gap-d1', 'gap-d2'], openedAt }
    });
    expect(after[1].at - openedAt).toBeGreaterThanOrEqual(HOUR + 30 * MIN);
    expect(await store.coverageGaps.open(['gap-a'])).toEqual([]);
    await time.advance(5 * MIN);
    expect(await gapEvents(ctx, 'gap-a')).toHaveLength(2);
  });
});
