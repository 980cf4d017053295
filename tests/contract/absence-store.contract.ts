import { expect, it } from 'vitest';
import type { Absence } from '../../server/features/continuity/absence-store';
import { sessionEvent } from './activity-store.contract';
import type { StoreContext } from './store-contract';

const HOUR = 3_600_000;

export const absence = (over: Partial<Absence> = {}): Absence => ({
  id: 'a1',
  userId: 'u1',
  kind: 'vacation',
  from: 10 * HOUR,
  to: 20 * HOUR,
  handToId: 'u2',
  note: 'Sommerurlaub',
  endedAt: null,
  createdById: 'u1',
  createdAt: 1 * HOUR,
  updatedAt: 1 * HOUR,
  startedFiredAt: null,
  endedFiredAt: null,
  version: 1,
  ...over
});

const eventCount = async (store: StoreContext) => (await store().activity.bounds()).lastSeq;
const ids = (list: Absence[]) => list.map((a) => a.id);

/** AbsenceStore rules AB1..AB9 (server/features/continuity/absence-store.ts). */
export function absenceStoreContract(store: StoreContext): void {
  it('AB1 create then get returns an equal absence with its events; unknown ids resolve null', async () => {
    await store().absences.create(absence(), [sessionEvent('e1')]);
    expect(await store().absences.get('a1')).toEqual(absence());
    expect(await store().absences.get('nope')).toBeNull();
    expect(await eventCount(store)).toBe(1);
  });

  it('AB1 a duplicate id rejects with conflict and writes no events', async () => {
    await store().absences.create(absence(), []);
    await expect(store().absences.create(absence(), [sessionEvent('e1')])).rejects.toMatchObject({ code: 'conflict' });
    expect(await eventCount(store)).toBe(0);
  });

  it('AB2 update is conditional on the version: the stale writer loses and writes no events', async () => {
    await store().absences.create(absence(), []);
    const moved = await store().absences.update(absence({ to: 30 * HOUR, handToId: null }), 1, [sessionEvent('e1')]);
    expect(moved).toEqual(absence({ to: 30 * HOUR, handToId: null, version: 2 }));
    expect(await store().absences.update(absence({ note: 'stale' }), 1, [sessionEvent('e2')])).toBeNull();
    expect(await store().absences.update(absence({ id: 'nope' }), 1, [])).toBeNull();
    expect(await store().absences.get('a1')).toMatchObject({ to: 30 * HOUR, note: 'Sommerurlaub', version: 2 });
    expect(await eventCount(store)).toBe(1);
  });

  it('AB3 end ends a running absence once, marking start and end fired; a second end writes nothing', async () => {
    await store().absences.create(absence({ startedFiredAt: 10 * HOUR }), []);
    const ended = await store().absences.end({ id: 'a1', at: 15 * HOUR, events: [sessionEvent('e1')] });
    expect(ended).toMatchObject({ endedAt: 15 * HOUR, startedFiredAt: 10 * HOUR, endedFiredAt: 15 * HOUR, version: 2 });
    expect(await store().absences.end({ id: 'a1', at: 16 * HOUR, events: [sessionEvent('e2')] })).toBeNull();
    expect(await store().absences.end({ id: 'nope', at: 16 * HOUR, events: [] })).toBeNull();
    expect(await eventCount(store)).toBe(1);
    expect(await store().absences.inForceAt(15 * HOUR)).toEqual([]);
    expect(ids(await store().absences.inForceAt(15 * HOUR - 1))).toEqual(['a1']);
  });

  it('AB3 ending a planned absence cancels it (never starts); an absence already over cannot be ended', async () => {
    await store().absences.create(absence(), []);
    await store().absences.create(absence({ id: 'a2', to: 12 * HOUR }), []);
    expect(await store().absences.end({ id: 'a1', at: 5 * HOUR, events: [] })).toMatchObject({
      endedAt: 5 * HOUR,
      startedFiredAt: null
    });
    expect(await store().absences.end({ id: 'a2', at: 12 * HOUR, events: [] })).toBeNull();
    expect(ids(await store().absences.dueStarts(100 * HOUR, 10))).toEqual(['a2']);
    expect(ids(await store().absences.listOverlapping({ userIds: 'all', from: 0, to: 100 * HOUR }))).toEqual(['a2']);
  });

  it('AB4 listOverlapping: windows overlapping [from, to) of the given users, by from then id', async () => {
    await store().absences.create(absence({ id: 'a1', from: 10 * HOUR, to: 20 * HOUR }), []);
    await store().absences.create(absence({ id: 'a2', userId: 'u2', from: 5 * HOUR, to: 11 * HOUR }), []);
    await store().absences.create(absence({ id: 'a3', userId: 'u3', from: 20 * HOUR, to: 30 * HOUR }), []);
    await store().absences.create(
      absence({ id: 'a0', userId: 'u1', from: 12 * HOUR, to: 40 * HOUR, endedAt: 14 * HOUR }),
      []
    );
    const list = (userIds: string[] | 'all', from: number, to: number) =>
      store()
        .absences.listOverlapping({ userIds, from: from * HOUR, to: to * HOUR })
        .then(ids);
    expect(await list('all', 0, 100)).toEqual(['a2', 'a1', 'a0', 'a3']);
    expect(await list('all', 20, 21)).toEqual(['a3']);
    expect(await list('all', 11, 12)).toEqual(['a1']);
    expect(await list('all', 14, 15)).toEqual(['a1']);
    expect(await list(['u2', 'u3'], 0, 100)).toEqual(['a2', 'a3']);
    expect(await list([], 0, 100)).toEqual([]);
  });

  it('AB5 inForceAt: from inclusive, the end (to or endedAt) exclusive', async () => {
    await store().absences.create(absence({ id: 'a1', from: 10 * HOUR, to: 20 * HOUR }), []);
    await store().absences.create(absence({ id: 'a2', from: 10 * HOUR, to: 20 * HOUR, endedAt: 12 * HOUR }), []);
    expect(ids(await store().absences.inForceAt(10 * HOUR - 1))).toEqual([]);
    expect(ids(await store().absences.inForceAt(10 * HOUR))).toEqual(['a1', 'a2']);
    expect(ids(await store().absences.inForceAt(12 * HOUR))).toEqual(['a1']);
    expect(ids(await store().absences.inForceAt(20 * HOUR))).toEqual([]);
  });

  it('AB6 AB7 a due start is listed until claimed, and claimed exactly once (also when raced)', async () => {
    await store().absences.create(absence({ id: 'a1', from: 10 * HOUR }), []);
    await store().absences.create(absence({ id: 'a2', from: 8 * HOUR }), []);
    await store().absences.create(absence({ id: 'a3', from: 30 * HOUR, to: 40 * HOUR }), []);
    expect(ids(await store().absences.dueStarts(10 * HOUR, 10))).toEqual(['a2', 'a1']);
    expect(ids(await store().absences.dueStarts(10 * HOUR, 1))).toEqual(['a2']);
    const results = await Promise.all(
      [1, 2, 3].map((i) => store().absences.claimStart('a1', 10 * HOUR, [sessionEvent(`e${i}`)]))
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await eventCount(store)).toBe(1);
    expect(await store().absences.get('a1')).toMatchObject({ startedFiredAt: 10 * HOUR, version: 2 });
    expect(ids(await store().absences.dueStarts(10 * HOUR, 10))).toEqual(['a2']);
  });

  it('AB7 a claim bumps the version, so an edit made from an older read loses', async () => {
    await store().absences.create(absence(), []);
    expect(await store().absences.claimStart('a1', 10 * HOUR, [])).toBe(true);
    expect(await store().absences.update(absence({ note: 'late edit' }), 1, [])).toBeNull();
  });

  it('AB8 AB9 a due end is listed only once started and until claimed; claimed exactly once', async () => {
    await store().absences.create(absence({ id: 'a1', startedFiredAt: 10 * HOUR }), []);
    await store().absences.create(absence({ id: 'a2' }), []);
    await store().absences.create(absence({ id: 'a3', startedFiredAt: 10 * HOUR, endedAt: 15 * HOUR }), []);
    expect(ids(await store().absences.dueEnds(19 * HOUR, 10))).toEqual(['a3']);
    expect(ids(await store().absences.dueEnds(20 * HOUR, 10))).toEqual(['a3', 'a1']);
    const results = await Promise.all(
      [1, 2, 3].map((i) => store().absences.claimEnd('a1', 20 * HOUR, [sessionEvent(`e${i}`)]))
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await eventCount(store)).toBe(1);
    expect(ids(await store().absences.dueEnds(20 * HOUR, 10))).toEqual(['a3']);
  });
}
