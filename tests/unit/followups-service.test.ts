import { afterEach, describe, expect, it } from 'vitest';
import { randomIds } from '../../server/adapters/random-ids';
import { createDossierService } from '../../server/features/dossiers';
import { createEventOutbox } from '../../server/features/feed';
import { createFollowupService, type OutcomeLogger } from '../../server/features/followups';
import { createUserService } from '../../server/features/identity';
import { teamCalendar } from '../../server/kernel/team-calendar';
import type { User } from '../../server/kernel/types';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';
import type { Store } from '../../server/storage/store';
import { dossier } from '../contract/dossier-fixtures';
import { createFakeTime } from '../helpers/fake-time';

const rep: User = {
  id: 'u1',
  email: 'rep@example.test',
  name: 'Rita Rep',
  role: 'rep',
  locale: 'de',
  teamIds: ['t1'],
  passwordHash: 'x',
  createdAt: 0,
  deputyId: null,
  deactivatedAt: null
};

/** The follow-up service over a real (in-memory) SQLite store and fake time; no HTTP. */
async function setup(options: { logOutcome?: OutcomeLogger } = {}) {
  const store = createSqliteStore({ file: ':memory:' });
  const time = createFakeTime(Date.parse('2026-11-23T09:00:00Z')); // Monday 10:00 in Berlin
  await store.users.createTeam({ id: 't1', name: 'Nord', site: 'Kiel' });
  await store.users.createUser(rep);
  await store.dossiers.create(dossier({ id: 'd1', company: 'Müller GmbH', ownerId: 'u1' }), []);
  const events = createEventOutbox({ clock: time, ids: randomIds, onCommitted: () => {} });
  const users = createUserService({ users: store.users });
  const dossiers = createDossierService({
    dossiers: store.dossiers,
    people: users,
    writeInitialDocument: async () => {},
    events,
    clock: time,
    ids: randomIds
  });
  const followups = createFollowupService({
    tasks: store.tasks,
    dossiers,
    people: { namesOf: users.namesOf, get: users.get, managersOf: async () => [] },
    calendarOf: async (teamId) => teamCalendar((await store.users.getTeams([teamId]))[0]),
    escalateAfterWorkingMinutes: 120,
    logOutcome: options.logOutcome,
    events,
    clock: time,
    ids: randomIds
  });
  return { store, time, followups };
}

describe('follow-up service', () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('openTicket: a complaint becomes a ticket for the owner, due by severity in working time', async () => {
    const ctx = await setup();
    store = ctx.store;
    const high = await ctx.followups.openTicket({
      dossierId: 'd1',
      title: 'Complaint: late delivery',
      actor: rep,
      interactionId: 'i1',
      severity: 'high'
    });
    // Monday 10:00 + 4 working hours = 14:00 Berlin (13:00Z).
    expect(high).toMatchObject({ kind: 'ticket', assigneeId: 'u1', dueAt: '2026-11-23T13:00:00.000Z' });
    const normal = await ctx.followups.openTicket({
      dossierId: 'd1',
      title: 'Complaint',
      actor: rep,
      interactionId: 'i2'
    });
    // 2 working days (18 h): 7 h Monday, 9 h Tuesday, 2 h Wednesday → Wednesday 10:00 Berlin.
    expect(normal.dueAt).toBe('2026-11-25T09:00:00.000Z');
    expect(await ctx.store.tasks.get(high.id)).toMatchObject({ interactionId: 'i1', severity: 'high' });
    const types = (await ctx.store.activity.listSince({ afterSeq: 0, teamIds: 'all', limit: 10 })).map((e) => e.type);
    expect(types).toEqual(['task.created', 'task.created']);
  });

  it('completing with an outcome logs it on the timeline (injected), without an outcome it does not', async () => {
    const logged: Array<{ dossierId: string; taskId: string; outcome: string }> = [];
    const ctx = await setup({
      logOutcome: async ({ dossierId, taskId, outcome }) => void logged.push({ dossierId, taskId, outcome })
    });
    store = ctx.store;
    const make = () =>
      ctx.followups.create(rep, { dossierId: 'd1', kind: 'callback', title: 'Call', dueAt: '2026-11-23T12:00:00Z' });
    const [a, b] = [await make(), await make()];
    await ctx.followups.complete(rep, a.id, { outcome: '  Offer accepted  ' });
    await ctx.followups.complete(rep, b.id, { outcome: '   ' });
    expect(logged).toEqual([{ dossierId: 'd1', taskId: a.id, outcome: 'Offer accepted' }]);
    expect(await ctx.store.tasks.get(b.id)).toMatchObject({ status: 'done', outcome: null });
  });

  it('a snooze restarts the escalation clock from the new due time', async () => {
    const ctx = await setup();
    store = ctx.store;
    const task = await ctx.followups.create(rep, {
      dossierId: 'd1',
      kind: 'task',
      title: 'Send brochure',
      dueAt: '2026-11-23T08:00:00Z'
    });
    expect((await ctx.store.tasks.get(task.id))?.escalateAt).toBe(Date.parse('2026-11-23T10:00:00Z'));
    await ctx.followups.snooze(rep, task.id, { until: '2026-11-27T15:00:00Z' }); // Friday 16:00 Berlin
    expect((await ctx.store.tasks.get(task.id))?.escalateAt).toBe(Date.parse('2026-11-30T08:00:00Z'));
    await ctx.time.advanceTo(Date.parse('2026-11-27T12:00:00Z'));
    expect(await ctx.followups.escalateDue()).toBe(0);
    await ctx.time.advanceTo(Date.parse('2026-11-30T08:00:00Z'));
    expect(await ctx.followups.escalateDue()).toBe(1);
    expect(await ctx.followups.escalateDue()).toBe(0);
  });
});
