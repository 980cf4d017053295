import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/lib/api/api-error';
import type { Role } from '../../src/lib/contract';
import { AbsencesState } from '../../src/lib/state/absences.svelte';
import { DeputyState } from '../../src/lib/state/deputy-state.svelte';
import { absence, FakeAbsenceServer, FakeDeputyServer } from './fakes/fake-continuity-ports';
import { FakeTimers } from './fakes/fake-timers';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((stop) => stop()));

// Monday 30 November 2026, 09:00 in Berlin.
const MONDAY_9AM = '2026-11-30T08:00:00.000Z';
const USERS = [
  { id: 'me', name: 'Mara Klein', role: 'rep' as Role, teamIds: ['t1'], active: true },
  { id: 'lena', name: 'Lena Vogt', role: 'rep' as Role, teamIds: ['t1'], active: true },
  { id: 'boss', name: 'Bernd Huber', role: 'manager' as Role, teamIds: ['t1'], active: true },
  { id: 'viewer', name: 'Vera', role: 'viewer' as Role, teamIds: ['t1'], active: true }
];

async function started(options: { role?: Role; userId?: string } = {}) {
  const server = new FakeAbsenceServer(new FakeTimers(MONDAY_9AM));
  server.users = USERS;
  server.items = [
    absence({ id: 'x2', from: '2026-12-07T23:00:00Z', to: '2026-12-11T23:00:00Z' }),
    absence({ id: 'x1', from: '2026-11-29T23:00:00Z', to: '2026-12-04T23:00:00Z', status: 'active' })
  ];
  const state = new AbsencesState({
    ports: server,
    userId: options.userId ?? 'me',
    role: options.role ?? 'rep',
    timeZone: 'Europe/Berlin'
  });
  cleanups.push(state.start());
  await vi.waitFor(() => expect(state.loaded && state.users.length > 0).toBe(true));
  return { server, state };
}

describe('AbsencesState: the team absences and the record form', () => {
  it('asks for a week back to six weeks ahead in the team zone and groups by status', async () => {
    const { server, state } = await started();
    expect(server.queries[0]).toEqual({ from: '2026-11-22T23:00:00.000Z', to: '2027-01-10T23:00:00.000Z' });
    expect(state.current.map((a) => a.id)).toEqual(['x1']);
    expect(state.planned.map((a) => a.id)).toEqual(['x2']);
    expect(state.weekTicks[0]).toMatchObject({ day: '2026-11-23', left: 0 });
    expect(state.weekTicks).toHaveLength(7);
    const bar = state.bar(state.current[0]);
    expect(bar.left).toBeCloseTo((7 / 49) * 100, 5);
    expect(bar.width).toBeCloseTo((5 / 49) * 100, 5);
  });

  it('records my vacation with half days as team-zone instants', async () => {
    const { server, state } = await started();
    expect(state.recordable.map((u) => u.id)).toEqual(['me']);
    state.beginRecord();
    state.update({
      fromDay: '2026-12-14',
      fromHalf: 'afternoon',
      toDay: '2026-12-18',
      handToId: 'lena',
      note: ' Kessler waits '
    });
    expect(state.handToOptions.map((u) => u.id)).toEqual(['lena', 'boss']);
    expect(await state.submit()).toBe(true);
    expect(server.recorded[0]).toEqual({
      userId: 'me',
      kind: 'vacation',
      from: '2026-12-14T11:00:00.000Z',
      to: '2026-12-18T23:00:00.000Z',
      handToId: 'lena',
      note: 'Kessler waits'
    });
    expect(state.mode.kind).toBe('closed');
    expect(state.planned.map((a) => a.id)).toEqual(['x2', 'a1']);
  });

  it('"ill from now" sends no start, and refuses an end already past', async () => {
    const { server, state } = await started({ role: 'manager', userId: 'boss' });
    expect(state.recordable.map((u) => u.id)).toContain('lena');
    state.beginRecord({ illNow: true, userId: 'lena' });
    expect(state.draft).toMatchObject({ kind: 'illness', startNow: true, userId: 'lena', toDay: '2026-11-30' });
    state.update({ toDay: '2026-11-29' });
    expect(await state.submit()).toBe(false);
    expect(state.formError).toBe('past');
    state.update({ toDay: '2026-12-01' });
    expect(await state.submit()).toBe(true);
    expect(server.recorded[0]).toEqual({
      userId: 'lena',
      kind: 'illness',
      to: '2026-12-01T23:00:00.000Z',
      handToId: null
    });
    expect(state.current.map((a) => a.userId)).toEqual(['lena', 'lena']);
  });

  it('edits a planned absence, keeps the start of an active one, and ends early', async () => {
    const { server, state } = await started();
    state.beginEdit(state.planned[0]);
    expect(state.draft).toMatchObject({ fromDay: '2026-12-08', toDay: '2026-12-11', fromHalf: 'full', toHalf: 'full' });
    state.update({ fromDay: '2026-12-12' });
    expect(state.draft.toDay).toBe('2026-12-12');
    expect(await state.submit()).toBe(true);
    expect(server.patched[0].input).toMatchObject({ kind: 'vacation', from: '2026-12-11T23:00:00.000Z' });

    state.beginEdit(state.current[0]);
    state.update({ toDay: '2026-12-02', toHalf: 'morning' });
    expect(await state.submit()).toBe(true);
    expect(server.patched[1].input).toEqual({ to: '2026-12-02T11:00:00.000Z', handToId: null, note: '' });

    expect(await state.end(state.current[0])).toBe(true);
    expect(state.ended.map((a) => a.id)).toEqual(['x1']);
    expect(state.canChange(state.ended[0])).toBe(false);

    server.failNext = new ApiError({ code: 'forbidden', message: 'no', status: 403 });
    state.beginRecord();
    state.update({ toDay: '2026-12-03' });
    expect(await state.submit()).toBe(false);
    expect(state.formError).toBe('forbidden');
    expect(state.mode.kind).toBe('record');
  });

  it('refetches when the desk changes (an absence started or ended by its job)', async () => {
    const { server, state } = await started();
    server.items[1] = { ...server.items[1], status: 'ended', endedAt: MONDAY_9AM };
    server.push();
    await vi.waitFor(() => expect(state.ended.map((a) => a.id)).toEqual(['x1']));
  });
});

describe('DeputyState', () => {
  it('sets my deputy and, for managers, a team member’s; goes back when refused', async () => {
    const server = new FakeDeputyServer();
    server.users = [
      ...USERS.map((u) => ({ ...u })),
      { id: 'tom', name: 'Tom', role: 'rep', teamIds: ['t1'], active: true }
    ];
    server.users[0].deputyId = 'lena';
    const rep = new DeputyState({ ports: server, userId: 'me', role: 'rep' });
    await rep.load();
    expect(rep.deputyOf('me')).toBe('lena');
    expect(rep.members).toEqual([]);
    expect(rep.candidates('me').map((u) => u.id)).toEqual(['boss', 'lena', 'tom']);
    expect(await rep.set({ userId: 'me', deputyId: 'tom' })).toBe(true);
    expect(server.sets[0]).toEqual({ userId: 'me', input: { deputyId: 'tom' } });
    expect(rep.savedFor('me')).toBe(true);

    const boss = new DeputyState({ ports: server, userId: 'boss', role: 'manager' });
    await boss.load();
    expect(boss.members.map((u) => u.id)).toEqual(['lena', 'me', 'tom']);
    server.failNext = new ApiError({ code: 'forbidden', message: 'no', status: 403 });
    expect(await boss.set({ userId: 'lena', deputyId: 'tom' })).toBe(false);
    expect(boss.deputyOf('lena')).toBeNull();
    expect(boss.errorFor('lena')).toBe('forbidden');
  });

  it('starts each picker at the deputy GET /api/users reports, and a reload keeps a saved choice', async () => {
    const server = new FakeDeputyServer();
    server.users = [
      { ...USERS[0], deputyId: 'lena' },
      { ...USERS[1], deputyId: null },
      { ...USERS[2], deputyId: 'me' },
      { id: 'gone', name: 'Gerd', role: 'rep', teamIds: ['t1'], active: false, deputyId: null }
    ];
    const boss = new DeputyState({ ports: server, userId: 'boss', role: 'manager' });
    await boss.load();
    expect([boss.deputyOf('me'), boss.deputyOf('lena'), boss.deputyOf('boss')]).toEqual(['lena', null, 'me']);
    // Deactivated colleagues are never offered as deputy.
    expect(boss.candidates('lena').map((u) => u.id)).toEqual(['boss', 'me']);
    expect(await boss.set({ userId: 'lena', deputyId: 'me' })).toBe(true);

    const again = new DeputyState({ ports: server, userId: 'lena', role: 'rep' });
    await again.load();
    expect(again.deputyOf('lena')).toBe('me');
  });

  it('still lists a deactivated current deputy so the picker can show and replace them', async () => {
    const server = new FakeDeputyServer();
    server.users = [
      { ...USERS[0], deputyId: 'gone' },
      { ...USERS[1] },
      { id: 'gone', name: 'Gerd', role: 'rep', teamIds: ['t1'], active: false, deputyId: null }
    ];
    const rep = new DeputyState({ ports: server, userId: 'me', role: 'rep' });
    await rep.load();
    expect(rep.candidates('me').map((u) => u.id)).toEqual(['gone', 'lena']);
    expect(rep.candidates('lena').map((u) => u.id)).toEqual(['me']);
  });
});
