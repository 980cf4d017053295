import { expect, it } from 'vitest';
import type { Task, TaskListFilter } from '../../server/features/followups/task-store';
import { sessionEvent } from './activity-store.contract';
import type { StoreContext } from './store-contract';

const HOUR = 3_600_000;

export const task = (over: Partial<Task> = {}): Task => ({
  id: 'k1',
  dossierId: 'd1',
  teamId: 't1',
  kind: 'callback',
  title: 'Call back about the offer',
  dueAt: 10 * HOUR,
  assigneeId: 'u1',
  actingAssigneeId: 'u1',
  status: 'open',
  outcome: null,
  escalateAt: 12 * HOUR,
  escalatedAt: null,
  overdueAt: null,
  createdAt: 1 * HOUR,
  createdBy: 'u1',
  updatedAt: 1 * HOUR,
  interactionId: null,
  severity: null,
  version: 1,
  ...over
});

const filter = (over: Partial<TaskListFilter> = {}): TaskListFilter => ({
  teamIds: 'all',
  statuses: ['open', 'in_progress'],
  limit: 100,
  ...over
});

const eventCount = async (store: StoreContext) => (await store().activity.bounds()).lastSeq;

/** TaskStore rules TK1..TK12 (server/features/followups/task-store.ts). */
export function taskStoreContract(store: StoreContext): void {
  it('TK1 create then get returns an equal task, and its events are written with it', async () => {
    await store().tasks.create(task({ interactionId: 'i1', kind: 'ticket', severity: 'high' }), [sessionEvent('e1')]);
    expect(await store().tasks.get('k1')).toEqual(task({ interactionId: 'i1', kind: 'ticket', severity: 'high' }));
    expect(await eventCount(store)).toBe(1);
  });

  it('TK2 a duplicate id rejects with conflict and writes no events', async () => {
    await store().tasks.create(task(), []);
    await expect(store().tasks.create(task(), [sessionEvent('e1')])).rejects.toMatchObject({ code: 'conflict' });
    expect(await eventCount(store)).toBe(0);
  });

  it('TK3 an unknown id resolves null', async () => {
    expect(await store().tasks.get('nope')).toBeNull();
  });

  it('TK4 update is conditional on the version: the stale writer loses and writes no events', async () => {
    await store().tasks.create(task(), []);
    const done = await store().tasks.update(task({ status: 'done', outcome: 'reached' }), 1, [sessionEvent('e1')]);
    expect(done).toEqual(task({ status: 'done', outcome: 'reached', version: 2 }));
    expect(await store().tasks.update(task({ title: 'stale' }), 1, [sessionEvent('e2')])).toBeNull();
    expect(await store().tasks.update(task({ id: 'nope' }), 1, [sessionEvent('e3')])).toBeNull();
    expect(await store().tasks.get('k1')).toMatchObject({ title: 'Call back about the offer', version: 2 });
    expect(await eventCount(store)).toBe(1);
  });

  it('TK5 pages are ordered by dueAt then id and visit every match exactly once', async () => {
    const dues = [5, 3, 3, 9, 1, 3, 7];
    for (const [i, due] of dues.entries()) await store().tasks.create(task({ id: `k${i}`, dueAt: due * HOUR }), []);
    const seen: Task[] = [];
    let cursor: string | undefined;
    do {
      const page = await store().tasks.list(filter({ limit: 2, cursor }));
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.map((t) => t.id)).toEqual(['k4', 'k1', 'k2', 'k5', 'k0', 'k6', 'k3']);
  });

  it('TK6 filters combine with AND (team, assignee, acting, not-assignee, dossier, status, due window)', async () => {
    const all = [
      task({ id: 'a', assigneeId: 'u1', actingAssigneeId: 'u1', dueAt: 1 * HOUR }),
      task({ id: 'b', assigneeId: 'u2', actingAssigneeId: 'u1', dueAt: 2 * HOUR }),
      task({ id: 'c', assigneeId: 'u2', actingAssigneeId: 'u2', dueAt: 3 * HOUR, teamId: 't2', dossierId: 'd2' }),
      task({ id: 'd', assigneeId: 'u1', actingAssigneeId: 'u1', dueAt: 4 * HOUR, status: 'done' }),
      task({ id: 'e', assigneeId: 'u1', actingAssigneeId: 'u1', dueAt: 5 * HOUR, status: 'in_progress' })
    ];
    for (const t of all) await store().tasks.create(t, []);
    const ids = async (over: Partial<TaskListFilter>) =>
      (await store().tasks.list(filter(over))).items.map((t) => t.id);
    expect(await ids({ assigneeId: 'u1' })).toEqual(['a', 'e']);
    expect(await ids({ assigneeId: 'u1', statuses: ['done'] })).toEqual(['d']);
    expect(await ids({ actingAssigneeId: 'u1', notAssigneeId: 'u1' })).toEqual(['b']);
    expect(await ids({ teamIds: ['t2'] })).toEqual(['c']);
    expect(await ids({ teamIds: [] })).toEqual([]);
    expect(await ids({ dossierId: 'd1', dueFrom: 2 * HOUR, dueBefore: 5 * HOUR })).toEqual(['b']);
    expect(await ids({ dueFrom: 5 * HOUR })).toEqual(['e']);
  });

  it('TK7 a malformed cursor rejects with invalid', async () => {
    await expect(store().tasks.list(filter({ cursor: 'garbage' }))).rejects.toMatchObject({ code: 'invalid' });
    const stringKey = Buffer.from(JSON.stringify(['x', 'k1'])).toString('base64url');
    await expect(store().tasks.list(filter({ cursor: stringKey }))).rejects.toMatchObject({ code: 'invalid' });
  });

  it('TK8 dueForEscalation returns open, unescalated tasks whose escalateAt has come, oldest first', async () => {
    await store().tasks.create(task({ id: 'late', escalateAt: 5 * HOUR }), []);
    await store().tasks.create(task({ id: 'later', escalateAt: 3 * HOUR }), []);
    await store().tasks.create(task({ id: 'future', escalateAt: 50 * HOUR }), []);
    await store().tasks.create(task({ id: 'done', escalateAt: 1 * HOUR, status: 'done' }), []);
    await store().tasks.create(task({ id: 'already', escalateAt: 1 * HOUR, escalatedAt: 2 * HOUR }), []);
    expect((await store().tasks.dueForEscalation(10 * HOUR, 10)).map((t) => t.id)).toEqual(['later', 'late']);
    expect((await store().tasks.dueForEscalation(10 * HOUR, 1)).map((t) => t.id)).toEqual(['later']);
  });

  it('TK6 assigneeIds lists the tasks of any of several assignees in one query; an empty list yields nothing', async () => {
    const s = store().tasks;
    await s.create(task({ id: 'k1', assigneeId: 'u1', dueAt: 3 * HOUR }), []);
    await s.create(task({ id: 'k2', assigneeId: 'u2', dueAt: 2 * HOUR }), []);
    await s.create(task({ id: 'k3', assigneeId: 'u3', dueAt: 1 * HOUR }), []);
    const ids = async (assigneeIds: string[]) =>
      (await s.list(filter({ teamIds: 'all', assigneeIds, statuses: ['open'], limit: 10 }))).items.map((t) => t.id);
    expect(await ids(['u1', 'u2'])).toEqual(['k2', 'k1']);
    expect(await ids([])).toEqual([]);
  });

  it('TK11 dueOverdue finds open tasks past due not yet marked, oldest due first, limited', async () => {
    const s = store().tasks;
    await s.create(task({ id: 'k1', dueAt: 5 * HOUR }), []);
    await s.create(task({ id: 'k2', dueAt: 3 * HOUR }), []);
    await s.create(task({ id: 'k3', dueAt: 4 * HOUR, status: 'done' }), []);
    await s.create(task({ id: 'k4', dueAt: 2 * HOUR, overdueAt: 2 * HOUR }), []);
    await s.create(task({ id: 'k5', dueAt: 9 * HOUR }), []);
    expect((await s.dueOverdue(5 * HOUR, 10)).map((t) => t.id)).toEqual(['k2', 'k1']);
    expect((await s.dueOverdue(5 * HOUR, 1)).map((t) => t.id)).toEqual(['k2']);
    expect(await s.get('k4')).toMatchObject({ overdueAt: 2 * HOUR });
  });

  it('TK12 claimOverdue succeeds exactly once, only while due and open, and bumps the version', async () => {
    const s = store().tasks;
    await s.create(task({ id: 'k1', dueAt: 10 * HOUR }), []);
    expect(await s.claimOverdue('k1', 9 * HOUR, [sessionEvent('e0')])).toBe(false); // not due yet (snoozed)
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => s.claimOverdue('k1', 10 * HOUR, [sessionEvent(`e${i + 1}`)]))
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await eventCount(store)).toBe(1);
    expect(await s.get('k1')).toMatchObject({ overdueAt: 10 * HOUR, version: 2 });
    expect(await s.dueOverdue(20 * HOUR, 10)).toEqual([]);
    // A stale writer (version 1) cannot wipe the mark.
    expect(await s.update(task({ id: 'k1', dueAt: 10 * HOUR, title: 'x' }), 1, [])).toBeNull();
    await s.create(task({ id: 'k2', dueAt: 1 * HOUR, status: 'done' }), []);
    expect(await s.claimOverdue('k2', 2 * HOUR, [sessionEvent('e9')])).toBe(false);
    expect(await eventCount(store)).toBe(1);
  });

  it('TK9 claimEscalation succeeds exactly once (also when raced) and writes events only for the winner', async () => {
    await store().tasks.create(task(), []);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => store().tasks.claimEscalation('k1', 13 * HOUR, [sessionEvent(`e${i}`)]))
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await eventCount(store)).toBe(1);
    expect(await store().tasks.get('k1')).toMatchObject({ escalatedAt: 13 * HOUR, version: 2 });
    expect(await store().tasks.dueForEscalation(100 * HOUR, 10)).toEqual([]);
  });

  it('TK9 a done task is never claimed', async () => {
    await store().tasks.create(task({ status: 'done' }), []);
    expect(await store().tasks.claimEscalation('k1', 13 * HOUR, [sessionEvent('e1')])).toBe(false);
    expect(await store().tasks.claimEscalation('nope', 13 * HOUR, [])).toBe(false);
    expect(await eventCount(store)).toBe(0);
  });

  it('TK10 createMany inserts a batch without events, or none of it when one id conflicts', async () => {
    await store().tasks.createMany([task({ id: 'k1' }), task({ id: 'k2', dueAt: 5 * HOUR, status: 'done' })]);
    expect(await store().tasks.get('k2')).toEqual(task({ id: 'k2', dueAt: 5 * HOUR, status: 'done' }));
    expect((await store().tasks.list(filter())).items.map((t) => t.id)).toEqual(['k1']);
    await expect(
      store().tasks.createMany([task({ id: 'k3' }), task({ id: 'k1' }), task({ id: 'k4' })])
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await store().tasks.get('k3')).toBeNull();
    expect(await store().tasks.get('k4')).toBeNull();
    await expect(store().tasks.createMany([])).resolves.toBeUndefined();
    expect(await eventCount(store)).toBe(0);
  });
}
