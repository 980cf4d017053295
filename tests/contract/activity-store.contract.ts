import { expect, it } from 'vitest';
import type { DomainEvent } from '../../server/kernel/types';
import type { StoreContext } from './store-contract';

const event = (id: string, teamId: string | null): DomainEvent => ({
  id,
  type: 'dossier.created',
  at: 1_000,
  actorId: 'u1',
  teamId,
  dossierId: 'd1',
  data: { company: 'Müller GmbH', nested: { n: 1, list: [true, null] } }
});

/** ActivityStore rules AS1..AS2. */
export function activityStoreContract(store: StoreContext): void {
  it('AS1 append assigns increasing seqs and returns the event with its seq', async () => {
    const first = await store().activity.append(event('e1', 't1'));
    const second = await store().activity.append(event('e2', 't2'));
    expect(first).toEqual({ ...event('e1', 't1'), seq: first.seq });
    expect(typeof first.seq).toBe('number');
    expect(second.seq).toBeGreaterThan(first.seq ?? Infinity);
    const burst = await Promise.all(['a', 'b', 'c'].map((id) => store().activity.append(event(id, null))));
    const seqs = burst.map((e) => e.seq ?? 0);
    expect(new Set(seqs).size).toBe(3);
    expect(Math.min(...seqs)).toBeGreaterThan(second.seq ?? Infinity);
  });

  it('AS1 a seq supplied by the caller is ignored', async () => {
    const stored = await store().activity.append({ ...event('e1', 't1'), seq: 999_999 });
    expect((await store().activity.listSince({ afterSeq: 0, teamIds: 'all', limit: 10 }))[0].seq).toBe(stored.seq);
  });

  it('AS2 listSince returns events after afterSeq of the given teams, oldest first, at most limit', async () => {
    const appended: DomainEvent[] = [];
    for (const [id, team] of [
      ['e1', 't1'],
      ['e2', 't2'],
      ['e3', 't1'],
      ['e4', null],
      ['e5', 't3'],
      ['e6', 't1']
    ] as const) {
      appended.push(await store().activity.append(event(id, team)));
    }
    const all = await store().activity.listSince({ afterSeq: 0, teamIds: 'all', limit: 100 });
    expect(all).toEqual(appended);
    const after = await store().activity.listSince({ afterSeq: appended[1].seq ?? 0, teamIds: 'all', limit: 2 });
    expect(after.map((e) => e.id)).toEqual(['e3', 'e4']);
    const teams = await store().activity.listSince({ afterSeq: 0, teamIds: ['t1', 't3'], limit: 100 });
    expect(teams.map((e) => e.id)).toEqual(['e1', 'e3', 'e5', 'e6']);
    const page = await store().activity.listSince({ afterSeq: appended[0].seq ?? 0, teamIds: ['t1'], limit: 1 });
    expect(page.map((e) => e.id)).toEqual(['e3']);
    expect(await store().activity.listSince({ afterSeq: 0, teamIds: [], limit: 100 })).toEqual([]);
    expect(await store().activity.listSince({ afterSeq: appended[5].seq ?? 0, teamIds: 'all', limit: 100 })).toEqual(
      []
    );
  });
}
