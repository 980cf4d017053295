import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/lib/api/api-error';
import { dueBucket, TaskListState } from '../../src/lib/state/task-list-state.svelte';
import { FakeClock, FakeTaskServer, task } from './fakes/fake-followup-ports';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((stop) => stop()));

// Sunday 29 November 2026, 21:00 in Berlin (20:00 UTC): three hours before the Berlin day ends, four before UTC's.
const SUNDAY_9PM = '2026-11-29T20:00:00.000Z';

async function started(server: FakeTaskServer, options: { scope?: 'mine' | 'team' | 'covering' } = {}) {
  const list = new TaskListState({ ports: server, userId: 'me', timeZone: 'Europe/Berlin', scope: options.scope });
  cleanups.push(list.start());
  await vi.waitFor(() => expect(list.loaded).toBe(true));
  return list;
}
const idsOf = (tasks: { id: string }[]) => tasks.map((t) => t.id);

function week(server: FakeTaskServer): void {
  server.tasks = [
    task({ id: 'late', dueAt: '2026-11-29T08:00:00Z', escalatedAt: '2026-11-29T10:00:00Z' }),
    task({ id: 'soon', dueAt: '2026-11-29T20:30:00Z' }),
    // 23:30 Berlin: still today.
    task({ id: 'tonight', dueAt: '2026-11-29T22:30:00Z' }),
    // 00:30 Berlin on Monday, though still Sunday in UTC: upcoming.
    task({ id: 'monday', dueAt: '2026-11-29T23:30:00Z' }),
    task({ id: 'later', dueAt: '2026-12-03T09:00:00Z', kind: 'ticket' }),
    task({ id: 'theirs', dueAt: '2026-11-29T09:00:00Z', assigneeId: 'lena', actingAssigneeId: 'lena' })
  ];
}

describe('TaskListState: buckets by the team calendar, live', () => {
  it('sorts open tasks into overdue, today and upcoming by the Berlin calendar, not UTC', async () => {
    const server = new FakeTaskServer(new FakeClock(SUNDAY_9PM));
    week(server);
    const list = await started(server);
    expect(idsOf(list.buckets.overdue)).toEqual(['late']);
    expect(idsOf(list.buckets.today)).toEqual(['soon', 'tonight']);
    expect(idsOf(list.buckets.upcoming)).toEqual(['monday', 'later']);
    expect(list.overdueCount).toBe(1);
    expect(server.calls[0]).toMatchObject({ scope: 'mine', status: 'open' });
    // The same instant in New York is still Sunday afternoon: 'monday' is due today there.
    expect(
      dueBucket({ dueAt: '2026-11-29T23:30:00Z', now: Date.parse(SUNDAY_9PM), timeZone: 'America/New_York' })
    ).toBe('today');
  });

  it('flags a task overdue the moment it is due, without a reload', async () => {
    const clock = new FakeClock(SUNDAY_9PM);
    const server = new FakeTaskServer(clock);
    week(server);
    const list = await started(server);
    clock.advance(30 * 60_000 - 1);
    expect(idsOf(list.buckets.overdue)).toEqual(['late']);
    clock.advance(1);
    expect(idsOf(list.buckets.overdue)).toEqual(['late', 'soon']);
    expect(list.isJustOverdue('soon')).toBe(true);
    expect(list.isJustOverdue('late')).toBe(false);
    // At Berlin midnight Monday's task moves up to today.
    clock.advance(2 * 3_600_000 + 30 * 60_000);
    expect(idsOf(list.buckets.today)).toEqual(['monday']);
    expect(idsOf(list.buckets.overdue)).toEqual(['late', 'soon', 'tonight']);
    expect(server.calls).toHaveLength(1);
  });

  it('places pushed tasks once, drops the ones that left my list, and follows task:removed', async () => {
    const server = new FakeTaskServer(new FakeClock(SUNDAY_9PM));
    week(server);
    const list = await started(server);
    const lead = task({ id: 'lead', dueAt: '2026-11-29T21:00:00Z', title: 'Call back: test drive request' });
    server.push(lead);
    server.push(lead);
    expect(idsOf(list.buckets.today)).toEqual(['soon', 'lead', 'tonight']);
    // Someone else's task pushed to me as acting assignee is not "mine".
    server.push(task({ id: 'covered', dueAt: '2026-11-29T21:10:00Z', assigneeId: 'lena' }));
    expect(idsOf(list.items)).not.toContain('covered');
    // Reassigned away, done, removed: gone.
    server.push({ ...lead, assigneeId: 'lena', actingAssigneeId: 'lena' });
    server.push({ ...server.tasks.find((t) => t.id === 'soon')!, status: 'done' });
    server.pushRemoved('later');
    expect(idsOf(list.items)).toEqual(['late', 'tonight', 'monday']);
  });

  it('covering shows only tasks I act on for an absent colleague', async () => {
    const server = new FakeTaskServer(new FakeClock(SUNDAY_9PM));
    week(server);
    server.tasks.push(
      task({ id: 'deputy', dueAt: '2026-11-30T09:00:00Z', assigneeId: 'lena', actingAssigneeId: 'me' })
    );
    const list = await started(server, { scope: 'covering' });
    expect(idsOf(list.items)).toEqual(['deputy']);
    list.setScope('mine');
    await vi.waitFor(() => expect(idsOf(list.items)).toEqual(['late', 'soon', 'tonight', 'monday', 'later']));
  });

  it('narrowed to one dossier it asks for that dossier and ignores pushes about others', async () => {
    const server = new FakeTaskServer(new FakeClock(SUNDAY_9PM));
    const list = new TaskListState({
      ports: server,
      userId: 'me',
      timeZone: 'Europe/Berlin',
      scope: 'team',
      dossierId: 'd7'
    });
    cleanups.push(list.start());
    await vi.waitFor(() => expect(list.loaded).toBe(true));
    expect(server.calls[0]).toMatchObject({ scope: 'team', dossierId: 'd7' });
    server.push(task({ id: 'here', dossierId: 'd7', dueAt: '2026-11-30T09:00:00Z', assigneeId: 'lena' }));
    server.push(task({ id: 'elsewhere', dossierId: 'd8', dueAt: '2026-11-30T09:00:00Z' }));
    expect(idsOf(list.items)).toEqual(['here']);
  });

  it('reports a missing server route (404) as unavailable', async () => {
    const server = new FakeTaskServer(new FakeClock(SUNDAY_9PM));
    server.missing = true;
    const list = new TaskListState({ ports: server, userId: 'me', timeZone: 'Europe/Berlin' });
    cleanups.push(list.start());
    await vi.waitFor(() => expect(list.unavailable).toBe(true));
  });
});

describe('TaskListState: keyboard and actions', () => {
  it('↑/↓ walk the rows in screen order across sections, Enter opens the dossier', async () => {
    const server = new FakeTaskServer(new FakeClock(SUNDAY_9PM));
    week(server);
    server.tasks.find((t) => t.id === 'tonight')!.dossierId = 'd-tonight';
    const list = await started(server);
    expect(list.selectedId).toBe('late');
    const press = (key: string, mods = {}) => list.handleKey({ key, ...mods });
    expect(press('ArrowUp')).toBe(true);
    expect(list.selectedId).toBe('late');
    press('ArrowDown');
    press('ArrowDown');
    expect(list.selectedId).toBe('tonight');
    expect(press('Enter')).toBe(true);
    expect(server.opened).toEqual(['d-tonight']);
    for (let i = 0; i < 10; i++) press('ArrowDown');
    expect(list.selectedId).toBe('later');
    // Browser and OS shortcuts are left alone.
    expect(press('x', { ctrlKey: true })).toBe(false);
    expect(list.mode).toEqual({ kind: 'idle' });
  });

  it('x asks for an outcome and completes; the next row is selected; the outcome reaches the server', async () => {
    const server = new FakeTaskServer(new FakeClock(SUNDAY_9PM));
    week(server);
    const list = await started(server);
    list.handleKey({ key: 'x' });
    expect(list.mode).toEqual({ kind: 'complete', taskId: 'late' });
    expect(list.handleKey({ key: 'Escape' })).toBe(true);
    expect(list.mode).toEqual({ kind: 'idle' });
    list.handleKey({ key: 'x' });
    expect(await list.complete({ taskId: 'late', outcome: ' Reached him, offer by Friday ' })).toBe(true);
    expect(server.completes).toEqual([{ taskId: 'late', outcome: 'Reached him, offer by Friday' }]);
    expect(idsOf(list.items)).not.toContain('late');
    expect(list.selectedId).toBe('soon');
  });

  it('s then 2 snoozes to tomorrow 09:00 team time and the task moves to upcoming', async () => {
    const server = new FakeTaskServer(new FakeClock(SUNDAY_9PM));
    week(server);
    const list = await started(server);
    list.handleKey({ key: 's' });
    expect(list.mode).toEqual({ kind: 'snooze', taskId: 'late' });
    list.handleKey({ key: '2' });
    await vi.waitFor(() => expect(server.tasks.find((t) => t.id === 'late')?.dueAt).toBe('2026-11-30T08:00:00.000Z'));
    expect(idsOf(list.buckets.overdue)).toEqual([]);
    expect(idsOf(list.buckets.upcoming)).toEqual(['monday', 'late', 'later']);
  });

  it('a refused completion puts the task back and says why', async () => {
    const server = new FakeTaskServer(new FakeClock(SUNDAY_9PM));
    week(server);
    const list = await started(server);
    server.failNext = new ApiError({ code: 'forbidden', message: 'not yours', status: 403 });
    expect(await list.complete({ taskId: 'soon' })).toBe(false);
    expect(list.actionError).toBe('forbidden');
    expect(idsOf(list.buckets.today)).toEqual(['soon', 'tonight']);
  });

  it('reassigning to a colleague removes the task from "mine"', async () => {
    const server = new FakeTaskServer(new FakeClock(SUNDAY_9PM));
    week(server);
    server.users = [{ id: 'lena', name: 'Lena Schröder', role: 'rep', teamIds: ['t1'], active: true }];
    const list = await started(server);
    list.handleKey({ key: 'a' });
    expect(list.mode).toEqual({ kind: 'reassign', taskId: 'late' });
    await vi.waitFor(() => expect(list.users).toHaveLength(1));
    expect(await list.reassign({ taskId: 'late', assigneeId: 'lena' })).toBe(true);
    expect(idsOf(list.items)).not.toContain('late');
    expect(server.tasks.find((t) => t.id === 'late')?.assigneeId).toBe('lena');
  });

  it('stops its timer and listeners when closed', async () => {
    const clock = new FakeClock(SUNDAY_9PM);
    const server = new FakeTaskServer(clock);
    const list = new TaskListState({ ports: server, userId: 'me', timeZone: 'Europe/Berlin' });
    const stop = list.start();
    await vi.waitFor(() => expect(list.loaded).toBe(true));
    expect(clock.pending).toBe(1);
    stop();
    expect(clock.pending).toBe(0);
    expect(server.listeners).toBe(0);
  });
});
