import { expect, it } from 'vitest';
import type { Stage } from '../../src/lib/contract';
import type { WinbackProcess } from '../../server/features/winback/winback-store';
import { dossierEvent } from './activity-store.contract';
import { dossier } from './dossier-fixtures';
import { interaction } from './interaction-store.contract';
import type { StoreContext } from './store-contract';

export const winback = (over: Partial<WinbackProcess> & { id: string }): WinbackProcess => ({
  dossierId: 'd1',
  teamId: 't1',
  assigneeId: 'u1',
  startedById: 'u2',
  startedAt: 1_000,
  status: 'open',
  nextStep: 1,
  steps: [],
  nextTaskId: null,
  endedAt: null,
  endReason: null,
  revision: 0,
  ...over
});

/** WinbackStore WS1–WS5 (server/features/winback/winback-store.ts). */
export function winbackStoreContract(store: StoreContext): void {
  it('WS1 WS2 create stores a process with its events; get and openFor find it', async () => {
    await store().winbacks.create(winback({ id: 'w1' }), [dossierEvent('e1', 't1', 'd1')]);
    expect(await store().winbacks.get('w1')).toEqual(winback({ id: 'w1' }));
    expect(await store().winbacks.openFor('d1')).toEqual(winback({ id: 'w1' }));
    expect(await store().winbacks.openFor('d2')).toBeNull();
    expect(await store().winbacks.get('nope')).toBeNull();
    expect((await store().activity.listSince({ afterSeq: 0, teamIds: 'all', limit: 10 })).map((e) => e.id)).toEqual([
      'e1'
    ]);
  });

  it('WS1 a second open process of the same dossier is a conflict and writes nothing', async () => {
    await store().winbacks.create(winback({ id: 'w1' }), []);
    await expect(
      store().winbacks.create(winback({ id: 'w2' }), [dossierEvent('e1', 't1', 'd1')])
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await store().winbacks.get('w2')).toBeNull();
    expect(await store().activity.listSince({ afterSeq: 0, teamIds: 'all', limit: 10 })).toEqual([]);
    // An ended one does not block a new one.
    const saved = await store().winbacks.save(winback({ id: 'w1', status: 'failed', endedAt: 5 }), 0, []);
    expect(saved).toMatchObject({ status: 'failed', revision: 1 });
    await store().winbacks.create(winback({ id: 'w3', startedAt: 2_000 }), []);
    expect((await store().winbacks.listFor('d1')).map((w) => w.id)).toEqual(['w3', 'w1']);
  });

  it('WS3 save is a compare-and-set on the revision: the loser writes nothing', async () => {
    await store().winbacks.create(winback({ id: 'w1' }), []);
    const step = { n: 1, at: 2_000, byId: 'u1', note: 'Analyse', interactionId: 'i1' };
    const first = await store().winbacks.save(winback({ id: 'w1', nextStep: 2, steps: [step] }), 0, [
      dossierEvent('e1', 't1', 'd1')
    ]);
    expect(first).toEqual(winback({ id: 'w1', nextStep: 2, steps: [step], revision: 1 }));
    const stale = await store().winbacks.save(winback({ id: 'w1', nextStep: 3 }), 0, [dossierEvent('e2', 't1', 'd1')]);
    expect(stale).toBeNull();
    expect(await store().winbacks.get('w1')).toMatchObject({ nextStep: 2, revision: 1 });
    expect((await store().activity.listSince({ afterSeq: 0, teamIds: 'all', limit: 10 })).map((e) => e.id)).toEqual([
      'e1'
    ]);
  });

  it('WS4 listOpen by team, oldest first; WS5 remove only an unsaved process', async () => {
    await store().winbacks.create(winback({ id: 'w1', dossierId: 'd1', startedAt: 3_000 }), []);
    await store().winbacks.create(winback({ id: 'w2', dossierId: 'd2', startedAt: 1_000 }), []);
    await store().winbacks.create(winback({ id: 'w3', dossierId: 'd3', teamId: 't2' }), []);
    await store().winbacks.save(winback({ id: 'w2', dossierId: 'd2', startedAt: 1_000, nextStep: 2 }), 0, []);
    expect((await store().winbacks.listOpen(['t1'])).map((w) => w.id)).toEqual(['w2', 'w1']);
    expect((await store().winbacks.listOpen('all')).map((w) => w.id)).toEqual(['w2', 'w3', 'w1']);
    expect(await store().winbacks.remove('w2')).toBe(false);
    expect(await store().winbacks.remove('w1')).toBe(true);
    expect(await store().winbacks.get('w1')).toBeNull();
  });
}

/** CustomerValueStore CV1–CV3 (server/features/winback/customer-value-store.ts). */
export function customerValueStoreContract(store: StoreContext): void {
  const seed = async () => {
    await store().dossiers.createMany([
      dossier({ id: 'd1', stage: 'customer', createdAt: 0 }),
      dossier({ id: 'd2', stage: 'customer', createdAt: 0 }),
      dossier({ id: 'd3', stage: 'key_account', createdAt: 0, teamId: 't2' }),
      dossier({ id: 'd4', stage: 'customer', createdAt: 0 }),
      dossier({ id: 'd5', stage: 'lead', createdAt: 0 }),
      dossier({ id: 'd6', stage: 'customer', createdAt: 50_000 })
    ]);
    await store().interactions.addMany([
      interaction({ id: 'i1', dossierId: 'd1', at: 1_000, type: 'order', amount: 100 }),
      interaction({ id: 'i2', dossierId: 'd1', at: 2_000, type: 'call' }),
      interaction({ id: 'i3', dossierId: 'd2', at: 9_000, type: 'order', amount: 50.5 }),
      interaction({ id: 'i4', dossierId: 'd3', at: 500, type: 'order', amount: 7 }),
      interaction({ id: 'i5', dossierId: 'd5', at: 100, type: 'call' }),
      interaction({ id: 'i6', dossierId: 'd2', at: 4_000, type: 'order', amount: 20 })
    ]);
  };

  it('CV1 quiet: stage and team scope, newest interaction or else creation before the cutoff', async () => {
    await seed();
    const quiet = await store().customerValue.quiet({
      teamIds: ['t1'],
      stages: ['customer', 'key_account'],
      before: 5_000
    });
    expect(quiet).toEqual([
      { dossierId: 'd1', stage: 'customer', lastInteractionAt: 2_000, createdAt: 0 },
      { dossierId: 'd4', stage: 'customer', lastInteractionAt: null, createdAt: 0 }
    ]);
    const withCovered = await store().customerValue.quiet({
      teamIds: ['t1'],
      dossierIds: ['d3'],
      stages: ['customer', 'key_account'],
      before: 5_000
    });
    expect(withCovered.map((d) => d.dossierId)).toEqual(['d1', 'd3', 'd4']);
    const all = await store().customerValue.quiet({ teamIds: 'all', stages: ['customer'], before: 100_000 });
    expect(all.map((d) => d.dossierId)).toEqual(['d1', 'd2', 'd4', 'd6']);
  });

  it('CV2 stats: order totals, interaction counts, and those since each dossier’s own activeFrom', async () => {
    await seed();
    const stats = await store().customerValue.stats([
      { dossierId: 'd1', activeFrom: 1_500 },
      { dossierId: 'd2', activeFrom: 0 },
      { dossierId: 'd4', activeFrom: 0 }
    ]);
    const byId = Object.fromEntries(stats.map((s) => [s.dossierId, s]));
    expect(byId.d1).toEqual({ dossierId: 'd1', orderTotal: 100, interactionCount: 2, activeCount: 1 });
    expect(byId.d2).toEqual({ dossierId: 'd2', orderTotal: 70.5, interactionCount: 2, activeCount: 2 });
    expect(byId.d4).toEqual({ dossierId: 'd4', orderTotal: 0, interactionCount: 0, activeCount: 0 });
    expect(await store().customerValue.stats([])).toEqual([]);
  });

  it('CV3 revenue: order sums since since12 and since36 per dossier in scope', async () => {
    await seed();
    const rows = await store().customerValue.revenue({ teamIds: ['t1'], since12: 5_000, since36: 1_000 });
    const byId = Object.fromEntries(rows.map((r) => [r.dossierId, r]));
    expect(Object.keys(byId).sort()).toEqual(['d1', 'd2']);
    expect(byId.d1).toEqual({ dossierId: 'd1', revenue12: 0, revenue36: 100 });
    expect(byId.d2).toEqual({ dossierId: 'd2', revenue12: 50.5, revenue36: 70.5 });
    const all = await store().customerValue.revenue({ teamIds: 'all', since12: 0, since36: 0 });
    expect(all.map((r) => r.dossierId).sort()).toEqual(['d1', 'd2', 'd3']);
  });
}

/** WinbackStore WS6: a win-back's start or end and the dossier's stage move are one write. */
export function winbackStageMoveContract(store: StoreContext): void {
  const move = (over: { id: string; from: Stage; to: Stage; dossierId?: string; at?: number }) => ({
    expectedFrom: over.from,
    change: {
      id: over.id,
      dossierId: over.dossierId ?? 'd1',
      from: over.from,
      to: over.to,
      reason: 'Win-back',
      byId: 'u2',
      at: over.at ?? 2_000
    }
  });
  const eventIds = async () =>
    (await store().activity.listSince({ afterSeq: 0, teamIds: 'all', limit: 10 })).map((e) => e.id);

  it('WS6 create with a stage move stores the process, the move, its history entry and the events', async () => {
    await store().dossiers.createMany([dossier({ id: 'd1', stage: 'dormant' })]);
    await store().winbacks.create(
      winback({ id: 'w1' }),
      [dossierEvent('e1', 't1', 'd1')],
      move({ id: 's1', from: 'dormant', to: 'winback', at: 2_500 })
    );
    expect(await store().winbacks.get('w1')).toEqual(winback({ id: 'w1' }));
    expect(await store().dossiers.get('d1')).toMatchObject({ stage: 'winback', updatedAt: 2_500 });
    expect((await store().dossiers.stageHistory('d1')).map((c) => c.id)).toEqual(['s1']);
    expect(await eventIds()).toEqual(['e1']);
  });

  it('WS6 create whose move fails (moved meanwhile, or unknown dossier) writes neither process, move nor events', async () => {
    await store().dossiers.createMany([dossier({ id: 'd1', stage: 'customer' })]);
    await expect(
      store().winbacks.create(
        winback({ id: 'w1' }),
        [dossierEvent('e1', 't1', 'd1')],
        move({ id: 's1', from: 'dormant', to: 'winback' })
      )
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      store().winbacks.create(
        winback({ id: 'w2', dossierId: 'nope' }),
        [dossierEvent('e2', 't1', 'nope')],
        move({ id: 's2', dossierId: 'nope', from: 'dormant', to: 'winback' })
      )
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await store().winbacks.get('w1')).toBeNull();
    expect(await store().winbacks.get('w2')).toBeNull();
    expect(await store().winbacks.openFor('d1')).toBeNull();
    expect(await store().dossiers.get('d1')).toMatchObject({ stage: 'customer' });
    expect(await store().dossiers.stageHistory('d1')).toEqual([]);
    expect(await eventIds()).toEqual([]);
    // Nothing half-written blocks the next start (WS1's one open process).
    await store().winbacks.create(winback({ id: 'w3' }), []);
    expect((await store().winbacks.openFor('d1'))?.id).toBe('w3');
  });

  it('WS6 save that ends a process moves the dossier with it; a failing move leaves the process as it was', async () => {
    await store().dossiers.createMany([dossier({ id: 'd1', stage: 'winback' })]);
    await store().winbacks.create(winback({ id: 'w1' }), []);
    const ended = winback({ id: 'w1', status: 'won', endedAt: 3_000, nextStep: 7 });
    // The move fails: the dossier is not in 'dormant'. The compare-and-set part had matched; it is undone too.
    await expect(
      store().winbacks.save(
        ended,
        0,
        [dossierEvent('e1', 't1', 'd1')],
        move({ id: 's1', from: 'dormant', to: 'customer' })
      )
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await store().winbacks.get('w1')).toEqual(winback({ id: 'w1' }));
    expect(await store().dossiers.get('d1')).toMatchObject({ stage: 'winback' });
    expect(await eventIds()).toEqual([]);
    // A lost compare-and-set moves nothing either.
    expect(await store().winbacks.save(ended, 5, [], move({ id: 's2', from: 'winback', to: 'customer' }))).toBeNull();
    expect(await store().dossiers.get('d1')).toMatchObject({ stage: 'winback' });
    const saved = await store().winbacks.save(
      ended,
      0,
      [dossierEvent('e3', 't1', 'd1')],
      move({ id: 's3', from: 'winback', to: 'customer', at: 3_000 })
    );
    expect(saved).toEqual({ ...ended, revision: 1 });
    expect(await store().dossiers.get('d1')).toMatchObject({ stage: 'customer', updatedAt: 3_000 });
    expect((await store().dossiers.stageHistory('d1')).map((c) => c.id)).toEqual(['s3']);
    expect(await eventIds()).toEqual(['e3']);
  });
}
