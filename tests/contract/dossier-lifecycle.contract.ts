import { expect, it } from 'vitest';
import type { NewEvent } from '../../server/kernel/events';
import type { StageChange } from '../../server/kernel/types';
import { dossierEvent } from './activity-store.contract';
import { dossier } from './dossier-fixtures';
import type { StoreContext } from './store-contract';

const change = (over: Partial<StageChange> & { id: string }): StageChange => ({
  dossierId: 'd1',
  from: 'lead',
  to: 'prospect',
  reason: null,
  byId: 'u1',
  at: 5_000,
  ...over
});

/** An event in the log marking a change; the log tells whether it was written with the change (AS3). */
const marker = (id: string): NewEvent => dossierEvent(id, 't1', 'd1', 'dossier.updated');

/** DossierStore rules DS10..DS12 (issue #8 lifecycle: stage moves, stage history, record patches). */
export function dossierLifecycleContract(store: StoreContext): void {
  const log = async () =>
    (await store().activity.listSince({ afterSeq: 0, teamIds: 'all', limit: 100 })).map((e) => e.id);

  it('DS10 changeStage moves the stage, sets updatedAt, records the change and writes its events', async () => {
    await store().dossiers.create(dossier({ id: 'd1', stage: 'lead', updatedAt: 1_000 }), []);
    const moved = await store().dossiers.changeStage({
      expectedFrom: 'lead',
      change: change({ id: 'c1', reason: 'asked for an offer' }),
      events: [marker('e1')]
    });
    expect(moved).toMatchObject({ id: 'd1', stage: 'prospect', updatedAt: 5_000 });
    expect(await store().dossiers.get('d1')).toMatchObject({ stage: 'prospect', updatedAt: 5_000 });
    expect(await store().dossiers.stageHistory('d1')).toEqual([change({ id: 'c1', reason: 'asked for an offer' })]);
    expect(await log()).toEqual(['e1']);
    expect(
      (await store().dossiers.list({ teamIds: 'all', stage: 'prospect', sort: 'name', limit: 5 })).items
    ).toHaveLength(1);
  });

  it("DS10 a stale expectedFrom rejects with 'conflict' and writes nothing", async () => {
    await store().dossiers.create(dossier({ id: 'd1', stage: 'lead', updatedAt: 1_000 }), []);
    await store().dossiers.changeStage({ expectedFrom: 'lead', change: change({ id: 'c1' }), events: [marker('e1')] });
    await expect(
      store().dossiers.changeStage({
        expectedFrom: 'lead',
        change: change({ id: 'c2', to: 'lost', reason: 'gone', at: 6_000 }),
        events: [marker('e2')]
      })
    ).rejects.toMatchObject({ name: 'DomainError', code: 'conflict' });
    expect(await store().dossiers.get('d1')).toMatchObject({ stage: 'prospect', updatedAt: 5_000 });
    expect((await store().dossiers.stageHistory('d1')).map((c) => c.id)).toEqual(['c1']);
    expect(await log()).toEqual(['e1']);
  });

  it('DS10 of two concurrent moves from the same stage exactly one wins', async () => {
    await store().dossiers.create(dossier({ id: 'd1', stage: 'customer' }), []);
    const results = await Promise.allSettled(
      (['dormant', 'lost'] as const).map((to, i) =>
        store().dossiers.changeStage({
          expectedFrom: 'customer',
          change: change({ id: `c${i}`, from: 'customer', to, reason: 'r' }),
          events: [marker(`e${i}`)]
        })
      )
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await store().dossiers.stageHistory('d1')).toHaveLength(1);
    expect(await log()).toHaveLength(1);
  });

  it('DS10 an unknown dossier resolves null and writes nothing', async () => {
    expect(
      await store().dossiers.changeStage({
        expectedFrom: 'lead',
        change: change({ id: 'c1', dossierId: 'ghost' }),
        events: [marker('e1')]
      })
    ).toBeNull();
    expect(await store().dossiers.stageHistory('ghost')).toEqual([]);
    expect(await log()).toEqual([]);
  });

  it('DS11 the history lists a dossier’s changes newest first, ties in the order they were recorded', async () => {
    await store().dossiers.create(dossier({ id: 'd1', stage: 'lead' }), []);
    await store().dossiers.create(dossier({ id: 'd2', stage: 'lead' }), []);
    const moves = [
      change({ id: 'c1', from: 'lead', to: 'prospect', at: 5_000 }),
      change({ id: 'c2', from: 'prospect', to: 'customer', at: 7_000, byId: null, reason: 'first order' }),
      change({ id: 'c3', from: 'customer', to: 'dormant', at: 7_000, reason: 'quiet' })
    ];
    for (const c of moves)
      await store().dossiers.changeStage({ expectedFrom: c.from ?? 'lead', change: c, events: [] });
    await store().dossiers.changeStage({
      expectedFrom: 'lead',
      change: change({ id: 'x', dossierId: 'd2' }),
      events: []
    });
    expect(await store().dossiers.stageHistory('d1')).toEqual([moves[2], moves[1], moves[0]]);
  });

  it('DS12 patch sets tags, manager and stand-ins; search and the tag filter follow the new tags', async () => {
    await store().dossiers.create(dossier({ id: 'd1', company: 'Alpha', tags: ['alt'] }), []);
    const patched = await store().dossiers.patch({
      id: 'd1',
      patch: { tags: ['Messe Köln', 'vip'], keyAccountManagerId: 'u2', standInIds: ['u3', 'u4'] },
      updatedAt: 9_000,
      events: [marker('e1')]
    });
    const expected = {
      tags: ['Messe Köln', 'vip'],
      keyAccountManagerId: 'u2',
      standInIds: ['u3', 'u4'],
      updatedAt: 9_000
    };
    expect(patched).toMatchObject(expected);
    expect(await store().dossiers.get('d1')).toMatchObject({ ...expected, company: 'Alpha' });
    const list = (filter: { q?: string; tag?: string }) =>
      store().dossiers.list({ teamIds: 'all', sort: 'name', limit: 5, ...filter });
    expect((await list({ q: 'messe koln' })).items.map((d) => d.id)).toEqual(['d1']);
    expect((await list({ tag: 'vip' })).items.map((d) => d.id)).toEqual(['d1']);
    expect((await list({ tag: 'alt' })).items).toEqual([]);
    expect((await list({ q: 'alt' })).items).toEqual([]);
    expect(await log()).toEqual(['e1']);
  });

  it('DS12 omitted keys stay; an unknown id resolves null and writes nothing', async () => {
    await store().dossiers.create(dossier({ id: 'd1', tags: ['vip'], keyAccountManagerId: 'u2' }), []);
    await store().dossiers.patch({ id: 'd1', patch: { standInIds: ['u3'] }, updatedAt: 9_000, events: [] });
    expect(await store().dossiers.get('d1')).toMatchObject({
      tags: ['vip'],
      keyAccountManagerId: 'u2',
      standInIds: ['u3']
    });
    expect((await store().dossiers.list({ teamIds: 'all', tag: 'vip', sort: 'name', limit: 5 })).items).toHaveLength(1);
    expect(
      await store().dossiers.patch({ id: 'ghost', patch: { tags: [] }, updatedAt: 1, events: [marker('e1')] })
    ).toBeNull();
    expect(await log()).toEqual([]);
  });

  it('DS3 createMany stores the given stage history with the dossiers (DS11 order), or none of it on a conflict', async () => {
    const history = [
      change({ id: 'h1', dossierId: 'd1', from: null, to: 'lead', at: 1_000, reason: null }),
      change({ id: 'h2', dossierId: 'd1', from: 'lead', to: 'prospect', at: 2_000 }),
      change({ id: 'h3', dossierId: 'd1', from: 'prospect', to: 'customer', at: 2_000 })
    ];
    await store().dossiers.createMany([dossier({ id: 'd1', stage: 'customer' })], history);
    expect((await store().dossiers.stageHistory('d1')).map((c) => c.id)).toEqual(['h3', 'h2', 'h1']);
    expect((await store().dossiers.stageHistory('d1'))[2]).toEqual(history[0]);
    await expect(
      store().dossiers.createMany(
        [dossier({ id: 'd2' })],
        [change({ id: 'h4', dossierId: 'd2' }), change({ id: 'h1', dossierId: 'd2' })]
      )
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await store().dossiers.get('d2')).toBeNull();
    expect(await store().dossiers.stageHistory('d2')).toEqual([]);
    expect(await store().dossiers.stageHistory('d1')).toHaveLength(3);
  });
}

/** DossierStore rule DS13 (issue #9: permanent hand-offs and offboarding change the owner). */
export function dossierOwnerContract(store: StoreContext): void {
  const log = async () =>
    (await store().activity.listSince({ afterSeq: 0, teamIds: 'all', limit: 100 })).map((e) => e.id);

  it('DS13 changeOwner moves the owner, sets updatedAt, writes its events; the owner filter follows', async () => {
    await store().dossiers.create(dossier({ id: 'd1', ownerId: 'u1', updatedAt: 1_000 }), []);
    const moved = await store().dossiers.changeOwner({
      id: 'd1',
      expectedOwnerId: 'u1',
      ownerId: 'u2',
      updatedAt: 7_000,
      events: [marker('e1')]
    });
    expect(moved).toMatchObject({ id: 'd1', ownerId: 'u2', updatedAt: 7_000 });
    expect(await store().dossiers.get('d1')).toMatchObject({ ownerId: 'u2', updatedAt: 7_000 });
    expect(await log()).toEqual(['e1']);
    const owned = async (ownerId: string) =>
      (await store().dossiers.list({ teamIds: 'all', ownerId, sort: 'name', limit: 5 })).items.map((d) => d.id);
    expect(await owned('u2')).toEqual(['d1']);
    expect(await owned('u1')).toEqual([]);
  });

  it("DS13 a stale expectedOwnerId rejects with 'conflict' and writes nothing", async () => {
    await store().dossiers.create(dossier({ id: 'd1', ownerId: 'u1', updatedAt: 1_000 }), []);
    await expect(
      store().dossiers.changeOwner({
        id: 'd1',
        expectedOwnerId: 'u9',
        ownerId: 'u2',
        updatedAt: 7_000,
        events: [marker('e1')]
      })
    ).rejects.toMatchObject({ name: 'DomainError', code: 'conflict' });
    expect(await store().dossiers.get('d1')).toMatchObject({ ownerId: 'u1', updatedAt: 1_000 });
    expect(await log()).toEqual([]);
  });

  it('DS13 of two concurrent owner changes from the same owner exactly one wins', async () => {
    await store().dossiers.create(dossier({ id: 'd1', ownerId: 'u1' }), []);
    const results = await Promise.allSettled(
      ['u2', 'u3'].map((ownerId, i) =>
        store().dossiers.changeOwner({
          id: 'd1',
          expectedOwnerId: 'u1',
          ownerId,
          updatedAt: 7_000,
          events: [marker(`e${i}`)]
        })
      )
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await log()).toHaveLength(1);
  });

  it('DS13 an unknown dossier resolves null and writes nothing', async () => {
    expect(
      await store().dossiers.changeOwner({
        id: 'ghost',
        expectedOwnerId: 'u1',
        ownerId: 'u2',
        updatedAt: 7_000,
        events: [marker('e1')]
      })
    ).toBeNull();
    expect(await log()).toEqual([]);
  });
}

/** DS14 (issue #9 offboarding). */
export function dossierHeldByContract(store: StoreContext): void {
  it('DS14 listHeldBy finds the dossiers naming the user as owner, stand-in or key-account manager, by id', async () => {
    await store().dossiers.createMany([
      dossier({ id: 'd3', ownerId: 'u1' }),
      dossier({ id: 'd1', ownerId: 'u2', standInIds: ['u3', 'u1'] }),
      dossier({ id: 'd2', ownerId: 'u2', keyAccountManagerId: 'u1' }),
      dossier({ id: 'd4', ownerId: 'u2', standInIds: ['u11'], keyAccountManagerId: 'u3' })
    ]);
    expect((await store().dossiers.listHeldBy('u1')).map((d) => d.id)).toEqual(['d1', 'd2', 'd3']);
    expect((await store().dossiers.listHeldBy('u3')).map((d) => d.id)).toEqual(['d1', 'd4']);
    expect(await store().dossiers.listHeldBy('nobody')).toEqual([]);
  });
}
