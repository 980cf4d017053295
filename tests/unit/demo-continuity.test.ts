import { afterEach, describe, expect, it } from 'vitest';
import { createCoverageService } from '../../server/features/continuity';
import { DEMO_HANDOFF_NOTE } from '../../server/seed/demo-handoff';
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

    // One pending hand-off (server/seed/demo-handoff.ts): Lena → Katarzyna, made yesterday, in force now.
    const katarzyna = users.find((u) => u.name === 'Katarzyna Nowak')!;
    const lena = users.find((u) => u.name === 'Lena Schröder')!;
    const pending = await s.handoffs.listFor({ userId: katarzyna.id, role: 'to', statuses: ['pending'], limit: 10 });
    expect(pending).toHaveLength(1);
    const [handoff] = pending;
    expect(handoff).toMatchObject({ fromUserId: lena.id, kind: 'temporary', pickedUpAt: null, returnedAt: null });
    expect(handoff.note).toBe(DEMO_HANDOFF_NOTE);
    expect(NOW - handoff.createdAt).toBeLessThan(2 * 86_400_000);
    // Until the coming Friday (the 27th), end of the working day in Berlin (17:00 CET = 16:00 UTC).
    expect(handoff.until).toBe(Date.UTC(2026, 10, 27, 16));
    expect(handoff.briefing).toMatchObject({
      dossierId: handoff.dossierId,
      stage: 'customer',
      note: DEMO_HANDOFF_NOTE
    });
    expect(handoff.briefing.lastInteractions.length).toBeGreaterThan(0);
    expect((await s.dossiers.get(handoff.dossierId))?.ownerId).toBe(lena.id);
    expect(await s.handoffs.inForce(NOW)).toEqual([handoff]);
    // Seeded as already escalated: the escalation job finds nothing to report on first start.
    expect(await s.handoffs.dueEscalations(NOW, 10)).toEqual([]);
    expect(await s.absences.inForceAt(NOW)).not.toContainEqual(expect.objectContaining({ userId: katarzyna.id }));
  });

  it('a seed without history (tests counting from zero) has no absences and no deputies', async () => {
    store = createSqliteStore({ file: ':memory:' });
    await seedDemoCompany({ store, hasher: plainHasher, clock: { now: () => NOW }, dossierCount: 20, history: false });
    expect(await store.absences.listOverlapping({ userIds: 'all', from: 0, to: NOW * 2 })).toEqual([]);
    expect((await store.users.listUsers()).every((u) => u.deputyId === null)).toBe(true);
    expect(await store.handoffs.inForce(NOW)).toEqual([]);
  });
});
