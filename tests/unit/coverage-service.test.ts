import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCoverageService, type CoverageEngine } from '../../server/features/continuity';
import type { Absence } from '../../server/features/continuity/absence-store';
import type { User } from '../../server/kernel/types';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';
import type { Store } from '../../server/storage/store';
import { dossier } from '../contract/dossier-fixtures';

const T = Date.UTC(2026, 10, 23, 9);
const DAY = 86_400_000;

const user = (id: string, over: Partial<User> = {}): User => ({
  id,
  email: `${id}@example.com`,
  name: id,
  role: 'rep',
  locale: 'de',
  teamIds: ['t1'],
  passwordHash: 'x',
  createdAt: 0,
  deputyId: null,
  deactivatedAt: null,
  ...over
});
const absence = (userId: string, over: Partial<Absence> = {}): Absence => ({
  id: `a-${userId}`,
  userId,
  kind: 'vacation',
  from: T - DAY,
  to: T + DAY,
  handToId: null,
  note: null,
  endedAt: null,
  createdById: userId,
  createdAt: 0,
  updatedAt: 0,
  startedFiredAt: T - DAY,
  endedFiredAt: null,
  version: 1,
  ...over
});

let store: Store;
let coverage: CoverageEngine;
beforeEach(() => {
  store = createSqliteStore({ file: ':memory:' });
  coverage = createCoverageService({
    people: { listUsers: (o) => store.users.listUsers(o) },
    absences: store.absences,
    dossiers: { ownedBy: (ids) => store.dossiers.listByOwners(ids) },
    clock: { now: () => T }
  });
});
afterEach(() => store.close());

describe('createCoverageService (the kernel rule over the stores)', () => {
  it('answers coverage, covering, availability, acting assignee and gaps from the same rule', async () => {
    for (const u of [
      user('owner', { deputyId: 'dep' }),
      user('stand'),
      user('dep'),
      user('other'),
      user('boss', { role: 'manager' })
    ])
      await store.users.createUser(u);
    await store.dossiers.createMany([
      dossier({ id: 'd1', ownerId: 'owner', standInIds: ['stand'] }),
      dossier({ id: 'd2', ownerId: 'owner' }),
      dossier({ id: 'd3', ownerId: 'other' })
    ]);
    await store.absences.create(absence('owner'), []);

    const byId = await coverage.coverageOf([
      { id: 'd1', ownerId: 'owner', teamId: 't1', standInIds: ['stand'] },
      { id: 'd3', ownerId: 'other', teamId: 't1', standInIds: [] }
    ]);
    expect(byId.get('d1')).toMatchObject({ actingOwnerId: 'stand', via: 'stand_in', until: T + DAY });
    expect(byId.get('d3')).toMatchObject({ kind: 'owner' });
    expect((await coverage.coveringFor('stand')).map((c) => c.dossierId)).toEqual(['d1']);
    expect((await coverage.coveringFor('dep')).map((c) => c.dossierId)).toEqual(['d2']);
    expect(await coverage.coveringFor('other')).toEqual([]);
    expect(await coverage.isCovering('dep', { id: 'd2', ownerId: 'owner', teamId: 't1', standInIds: [] })).toBe(true);
    expect(await coverage.isAvailable('owner')).toBe(false);
    expect(await coverage.isAvailable('owner', T + DAY)).toBe(true);
    const subject = { id: 'd3', ownerId: 'other', teamId: 't1', standInIds: ['stand'] };
    // Someone else's task: the owner's stand-ins do not count, the assignee's deputy does.
    expect(await coverage.actingAssigneeOf({ assigneeId: 'owner', dossier: subject })).toBe('dep');
    expect(await coverage.actingAssigneeOf({ assigneeId: 'other', dossier: subject })).toBe('other');
    expect(
      await coverage.actingAssigneesOf([
        { assigneeId: 'owner', dossier: subject },
        { assigneeId: 'other', dossier: subject }
      ])
    ).toEqual(['dep', 'other']);
    expect(await coverage.gapsIn('all')).toEqual([]);

    await store.absences.create(absence('dep'), []);
    await store.absences.create(absence('boss'), []);
    const gaps = await coverage.gapsIn(['t1']);
    expect(gaps.map((g) => g.dossierId)).toEqual(['d2']);
    expect(await coverage.gapsIn(['t2'])).toEqual([]);
  });

  it('impact names who acted before and who acts after, and the dossiers that moved', async () => {
    for (const u of [user('owner'), user('stand'), user('boss', { role: 'manager' })]) await store.users.createUser(u);
    await store.dossiers.createMany([
      dossier({ id: 'd1', ownerId: 'owner', standInIds: ['stand'] }),
      dossier({ id: 'd2', ownerId: 'owner' })
    ]);
    const a = absence('owner');
    const { userIds, dossierIds } = await coverage.impact({
      userId: 'owner',
      at: T,
      after: { absences: [{ ...a, endedAt: null }] }
    });
    expect(userIds.sort()).toEqual(['boss', 'owner', 'stand']);
    expect(dossierIds.sort()).toEqual(['d1', 'd2']);
    expect(await coverage.impact({ userId: 'owner', at: T })).toMatchObject({ userIds: ['owner'], dossierIds: [] });
  });

  it('coveringFor stays fast: 20,000 dossiers, 50 people, 30 absences, covering 3 colleagues (p95 < 50 ms, asserted with STAFFEL_ASSERT_PERF=1)', async () => {
    const people = Array.from({ length: 50 }, (_, i) => user(`u${i}`));
    for (const u of [...people, user('m1', { role: 'manager' })]) await store.users.createUser(u);
    await store.dossiers.createMany(
      Array.from({ length: 20_000 }, (_, i) => dossier({ id: `d${i}`, ownerId: `u${i % 50}` }))
    );
    for (let i = 1; i <= 30; i++) {
      const handToId = i <= 3 ? 'u0' : `u${31 + (i % 19)}`;
      await store.absences.create(absence(`u${i}`, { handToId, from: T - (i % 5) * DAY }), []);
    }
    // CPU time of this process, not wall time: the query is synchronous SQLite plus the rule on this thread, and
    // CPU time stays meaningful when the test machine is oversubscribed (wall time is logged for reference).
    const cpu: number[] = [];
    const wall: number[] = [];
    let covered = 0;
    for (let run = 0; run < 25; run++) {
      const [startedWall, startedCpu] = [performance.now(), process.cpuUsage()];
      covered = (await coverage.coveringFor('u0')).length;
      const used = process.cpuUsage(startedCpu);
      cpu.push((used.user + used.system) / 1000);
      wall.push(performance.now() - startedWall);
    }
    expect(covered).toBe(3 * 400);
    const p95 = (list: number[]) => [...list].sort((x, y) => x - y)[Math.ceil(0.95 * list.length) - 1];
    console.log(`coveringFor p95 cpu ${p95(cpu).toFixed(1)} ms, wall ${p95(wall).toFixed(1)} ms`);
    // The 50 ms target is asserted where timing means something (STAFFEL_ASSERT_PERF=1 on a quiet machine);
    // on a shared CI box the number is only reported.
    if (process.env.STAFFEL_ASSERT_PERF === '1') expect(p95(cpu)).toBeLessThan(50);
  });
});
