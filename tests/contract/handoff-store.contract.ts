import { describe, expect, it } from 'vitest';
import type { BriefingDTO } from '../../src/lib/contract';
import type { Handoff } from '../../server/features/continuity/handoff-store';
import type { NewEvent } from '../../server/kernel/events';
import { dossierEvent } from './activity-store.contract';
import { dossier } from './dossier-fixtures';
import type { StoreContext } from './store-contract';

const briefing = (over: Partial<BriefingDTO> = {}): BriefingDTO => ({
  generatedAt: '2026-03-02T09:00:00.000Z',
  dossierId: 'd1',
  company: 'Müller GmbH',
  stage: 'customer',
  ownerName: 'Anna',
  mainInterests: 'Pumpen',
  agreedConditions: '3 % Skonto',
  contact: {
    name: 'Jörg',
    role: 'Einkauf',
    phone: '+49 1',
    email: 'j@example.com',
    lastConfirmedAt: null,
    lastConfirmedByName: null
  },
  lastInteractions: [],
  openTasks: [],
  openTickets: [],
  winbackStep: null,
  note: 'Bitte anrufen',
  ...over
});

export const handoff = (over: Partial<Handoff> & { id: string }): Handoff => ({
  dossierId: 'd1',
  teamId: 't1',
  fromUserId: 'u1',
  toUserId: 'u2',
  byId: 'u1',
  kind: 'temporary',
  until: 10_000,
  note: 'Bitte anrufen',
  status: 'pending',
  createdAt: 1_000,
  pickedUpAt: null,
  escalatedAt: null,
  returnedAt: null,
  briefing: briefing(),
  ...over
});

const marker = (id: string): NewEvent => dossierEvent(id, 't1', 'd1', 'dossier.updated');

/** HandoffStore rules HO1..HO13 (issue #9). */
export function handoffStoreContract(store: StoreContext): void {
  const log = async () =>
    (await store().activity.listSince({ afterSeq: 0, teamIds: 'all', limit: 100 })).map((e) => e.id);
  const ids = (list: Handoff[]) => list.map((h) => h.id);

  it('HO1 create then get returns an equal hand-off with its briefing, and writes its events', async () => {
    const h = handoff({ id: 'h1', briefing: briefing({ note: 'Grüße — „Ümlaut“' }) });
    await store().handoffs.create(h, [marker('e1')]);
    expect(await store().handoffs.get('h1')).toEqual(h);
    expect(await log()).toEqual(['e1']);
  });

  it("HO2 a duplicate id rejects with 'conflict' and writes no events", async () => {
    await store().handoffs.create(handoff({ id: 'h1' }), []);
    await expect(store().handoffs.create(handoff({ id: 'h1' }), [marker('e1')])).rejects.toMatchObject({
      code: 'conflict'
    });
    expect(await log()).toEqual([]);
  });

  it('HO3 an unknown id resolves null', async () => {
    expect(await store().handoffs.get('nope')).toBeNull();
  });

  it('HO4 lists by receiver, by sender (owner or maker) or either, by status, newest first, limited', async () => {
    const s = store().handoffs;
    await s.create(handoff({ id: 'h1', createdAt: 1_000 }), []);
    await s.create(handoff({ id: 'h2', createdAt: 3_000, status: 'picked_up' }), []);
    await s.create(handoff({ id: 'h3', createdAt: 2_000, fromUserId: 'u2', toUserId: 'u3', byId: 'm1' }), []);
    await s.create(handoff({ id: 'h4', createdAt: 2_000, fromUserId: 'u3', toUserId: 'u1', byId: 'u3' }), []);
    expect(ids(await s.listFor({ userId: 'u2', role: 'to', limit: 10 }))).toEqual(['h2', 'h1']);
    expect(ids(await s.listFor({ userId: 'u2', role: 'from', limit: 10 }))).toEqual(['h3']);
    expect(ids(await s.listFor({ userId: 'm1', role: 'from', limit: 10 }))).toEqual(['h3']);
    expect(ids(await s.listFor({ userId: 'u1', role: 'any', limit: 10 }))).toEqual(['h2', 'h4', 'h1']);
    expect(ids(await s.listFor({ userId: 'u2', role: 'any', statuses: ['pending'], limit: 10 }))).toEqual(['h3', 'h1']);
    expect(ids(await s.listFor({ userId: 'u1', role: 'any', limit: 2 }))).toEqual(['h2', 'h4']);
  });

  it('HO5 in force: temporary, pending or picked up, created <= at < until', async () => {
    const s = store().handoffs;
    await s.create(handoff({ id: 'h1', createdAt: 1_000, until: 5_000 }), []);
    await s.create(handoff({ id: 'h2', createdAt: 1_000, until: 9_000, status: 'picked_up' }), []);
    await s.create(handoff({ id: 'h3', createdAt: 1_000, until: 9_000, status: 'returned' }), []);
    await s.create(handoff({ id: 'h4', createdAt: 1_000, until: null, kind: 'permanent' }), []);
    await s.create(handoff({ id: 'h5', createdAt: 6_000, until: 9_000 }), []);
    expect(ids(await s.inForce(4_999)).sort()).toEqual(['h1', 'h2']);
    expect(ids(await s.inForce(5_000)).sort()).toEqual(['h2']);
    expect(ids(await s.inForce(6_000)).sort()).toEqual(['h2', 'h5']);
    expect(await s.inForce(9_000)).toEqual([]);
  });

  it('HO6 pickUp moves a pending hand-off to picked_up once, with its events', async () => {
    const s = store().handoffs;
    await s.create(handoff({ id: 'h1' }), []);
    expect(await s.pickUp('h1', 2_000, [marker('e1')])).toMatchObject({ status: 'picked_up', pickedUpAt: 2_000 });
    expect(await s.pickUp('h1', 3_000, [marker('e2')])).toBeNull();
    expect(await s.pickUp('ghost', 3_000, [marker('e3')])).toBeNull();
    expect(await s.get('h1')).toMatchObject({ status: 'picked_up', pickedUpAt: 2_000 });
    expect(await log()).toEqual(['e1']);
  });

  it('HO7 HO8 due returns are claimed exactly once, only when due, with their events', async () => {
    const s = store().handoffs;
    await s.create(handoff({ id: 'h1', until: 5_000 }), []);
    await s.create(handoff({ id: 'h2', until: 4_000, status: 'picked_up' }), []);
    await s.create(handoff({ id: 'h3', until: 9_000 }), []);
    await s.create(handoff({ id: 'h4', until: 3_000, status: 'cancelled' }), []);
    expect(ids(await s.dueReturns(5_000, 10))).toEqual(['h2', 'h1']);
    expect(ids(await s.dueReturns(5_000, 1))).toEqual(['h2']);
    expect(await s.claimReturn('h3', 5_000, [marker('e0')])).toBe(false);
    const claims = await Promise.all([
      s.claimReturn('h1', 5_000, [marker('e1')]),
      s.claimReturn('h1', 5_001, [marker('e2')])
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await s.get('h1')).toMatchObject({ status: 'returned', returnedAt: 5_000 });
    expect(ids(await s.dueReturns(5_000, 10))).toEqual(['h2']);
    expect(await log()).toEqual(['e1']);
  });

  it('HO9 HO10 pending hand-offs are escalated exactly once; picked-up ones never', async () => {
    const s = store().handoffs;
    await s.create(handoff({ id: 'h1', createdAt: 1_000 }), []);
    await s.create(handoff({ id: 'h2', createdAt: 2_000, status: 'picked_up' }), []);
    await s.create(handoff({ id: 'h3', createdAt: 4_000 }), []);
    expect(ids(await s.dueEscalations(3_000, 10))).toEqual(['h1']);
    expect(await s.claimEscalation('h2', 3_000, [marker('e0')])).toBe(false);
    const claims = await Promise.all([
      s.claimEscalation('h1', 3_000, [marker('e1')]),
      s.claimEscalation('h1', 3_001, [marker('e2')])
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await s.get('h1')).toMatchObject({ status: 'pending', escalatedAt: 3_000 });
    expect(await s.dueEscalations(9_000, 10)).toEqual([await s.get('h3')]);
    expect(await log()).toEqual(['e1']);
  });

  it('HO11 cancel closes an open hand-off once, with its events', async () => {
    const s = store().handoffs;
    await s.create(handoff({ id: 'h1' }), []);
    expect(await s.cancel('h1', [marker('e1')])).toMatchObject({ status: 'cancelled' });
    expect(await s.cancel('h1', [marker('e2')])).toBeNull();
    expect(await s.inForce(2_000)).toEqual([]);
    expect(await log()).toEqual(['e1']);
  });

  it('HO13 withdraw cancels only a pending hand-off, once, with its events', async () => {
    const s = store().handoffs;
    await s.create(handoff({ id: 'h1' }), []);
    await s.create(handoff({ id: 'h2', status: 'picked_up' }), []);
    expect(await s.withdraw('h2', null, [marker('e0')])).toBeNull();
    expect(await s.withdraw('h1', null, [marker('e1')])).toMatchObject({ status: 'cancelled' });
    expect(await s.withdraw('h1', null, [marker('e2')])).toBeNull();
    expect(await s.get('h2')).toMatchObject({ status: 'picked_up' });
    expect(await log()).toEqual(['e1']);
  });

  it('HO13 withdrawing a permanent hand-off moves the owner back with it, or writes nothing', async () => {
    await store().dossiers.create(dossier({ id: 'd1', ownerId: 'u2', updatedAt: 1_000 }), []);
    const s = store().handoffs;
    await s.create(handoff({ id: 'h1', kind: 'permanent', until: null }), []);
    const back = { id: 'd1', expectedOwnerId: 'u2', ownerId: 'u1', updatedAt: 5_000 };
    await expect(s.withdraw('h1', { ...back, expectedOwnerId: 'u9' }, [marker('e1')])).rejects.toMatchObject({
      code: 'conflict'
    });
    expect(await s.get('h1')).toMatchObject({ status: 'pending' });
    expect(await store().dossiers.get('d1')).toMatchObject({ ownerId: 'u2', updatedAt: 1_000 });
    expect(await s.withdraw('h1', back, [marker('e2')])).toMatchObject({ status: 'cancelled' });
    expect(await store().dossiers.get('d1')).toMatchObject({ ownerId: 'u1', updatedAt: 5_000 });
    expect(await log()).toEqual(['e2']);
  });

  describe('HO12 a permanent hand-off and its owner change are one transaction', () => {
    const permanent = handoff({ id: 'h1', kind: 'permanent', until: null, fromUserId: 'u1', toUserId: 'u2' });
    const move = { id: 'd1', expectedOwnerId: 'u1', ownerId: 'u2', updatedAt: 7_000 };
    const seed = async () => {
      await store().dossiers.create(dossier({ id: 'd1', ownerId: 'u1', updatedAt: 1_000 }), []);
    };
    const nothingWritten = async () => {
      expect(await store().handoffs.get('h1')).toBeNull();
      expect(await store().dossiers.get('d1')).toMatchObject({ ownerId: 'u1', updatedAt: 1_000 });
      expect(await log()).toEqual([]);
    };

    it('HO12 writes the hand-off, the new owner and the events together', async () => {
      await seed();
      await store().handoffs.createPermanent(permanent, move, [marker('e1'), marker('e2')]);
      expect(await store().handoffs.get('h1')).toEqual(permanent);
      expect(await store().dossiers.get('d1')).toMatchObject({ ownerId: 'u2', updatedAt: 7_000 });
      expect(await log()).toEqual(['e1', 'e2']);
    });

    it("HO12 another owner meanwhile (after the hand-off's insert) rejects with 'conflict' and writes nothing", async () => {
      await seed();
      await expect(
        store().handoffs.createPermanent(permanent, { ...move, expectedOwnerId: 'u9' }, [marker('e1')])
      ).rejects.toMatchObject({ code: 'conflict' });
      await nothingWritten();
    });

    it("HO12 an unknown dossier rejects with 'not_found' and keeps no hand-off", async () => {
      await expect(
        store().handoffs.createPermanent(permanent, { ...move, id: 'ghost' }, [marker('e1')])
      ).rejects.toMatchObject({ code: 'not_found' });
      expect(await store().handoffs.get('h1')).toBeNull();
      expect(await log()).toEqual([]);
    });

    it('HO12 an event that cannot be written (the last step) undoes the hand-off and the owner change', async () => {
      await seed();
      await store().activity.append([marker('taken')]);
      await expect(
        store().handoffs.createPermanent(permanent, move, [marker('e1'), marker('taken')])
      ).rejects.toThrow();
      expect(await store().handoffs.get('h1')).toBeNull();
      expect(await store().dossiers.get('d1')).toMatchObject({ ownerId: 'u1', updatedAt: 1_000 });
      expect(await log()).toEqual(['taken']);
    });

    it("HO12 a duplicate hand-off id rejects with 'conflict' and leaves the owner", async () => {
      await seed();
      await store().handoffs.create(handoff({ id: 'h1' }), []);
      await expect(store().handoffs.createPermanent(permanent, move, [marker('e1')])).rejects.toMatchObject({
        code: 'conflict'
      });
      expect(await store().dossiers.get('d1')).toMatchObject({ ownerId: 'u1', updatedAt: 1_000 });
      expect(await log()).toEqual([]);
    });
  });
}
