import { afterEach, describe, expect, it } from 'vitest';
import { createCoverageService } from '../../server/features/continuity';
import { seedDemoCompany } from '../../server/seed/demo-seed';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';
import type { Store } from '../../server/storage/store';

const NOW = Date.UTC(2026, 10, 25, 10); // Wednesday
const plainHasher = {
  hash: async (p: string) => `plain:${p}`,
  verify: async (h: string, p: string) => h === `plain:${p}`
};

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('demo continuity (server/seed/demo-continuity.ts)', () => {
  it('seeds deputies, three current absences, one upcoming, and exactly one coverage gap', async () => {
    store = createSqliteStore({ file: ':memory:' });
    const s = store;
    const clock = { now: () => NOW };
    await seedDemoCompany({ store: s, hasher: plainHasher, clock, dossierCount: 200 });
    const users = await s.users.listUsers();
    expect(users.filter((u) => u.role === 'rep' && u.deputyId).length).toBeGreaterThanOrEqual(6);
    const current = await s.absences.inForceAt(NOW);
    expect(current.map((a) => a.kind).sort()).toEqual(['illness', 'training', 'vacation']);
    const all = await s.absences.listOverlapping({ userIds: 'all', from: NOW, to: NOW + 14 * 86_400_000 });
    expect(all.filter((a) => a.from > NOW)).toHaveLength(1);
    // Seeded as begun: the start job writes nothing for them.
    expect(await s.absences.dueStarts(NOW, 10)).toEqual([]);
    const coverage = createCoverageService({
      people: { listUsers: (o) => s.users.listUsers(o) },
      absences: s.absences,
      dossiers: { ownedBy: (ids, o) => s.dossiers.listByOwners(ids, o) },
      clock
    });
    const gaps = await coverage.gapsIn('all');
    expect(gaps).toHaveLength(1);
    expect(gaps[0].coverage).toMatchObject({ kind: 'gap', cause: 'cycle', reason: 'illness' });
  });

  it('a seed without history (tests counting from zero) has no absences and no deputies', async () => {
    store = createSqliteStore({ file: ':memory:' });
    await seedDemoCompany({ store, hasher: plainHasher, clock: { now: () => NOW }, dossierCount: 20, history: false });
    expect(await store.absences.listOverlapping({ userIds: 'all', from: 0, to: NOW * 2 })).toEqual([]);
    expect((await store.users.listUsers()).every((u) => u.deputyId === null)).toBe(true);
  });
});
