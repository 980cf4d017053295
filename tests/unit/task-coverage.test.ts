import { afterEach, describe, expect, it } from 'vitest';
import { randomIds } from '../../server/adapters/random-ids';
import { createFollowupService } from '../../server/features/followups';
import type { NewEvent } from '../../server/kernel/events';
import { teamCalendar } from '../../server/kernel/team-calendar';
import type { Store } from '../../server/storage/store';
import { dossier } from '../contract/dossier-fixtures';
import { coverageUser as user, createCoverageWorld } from '../helpers/coverage-world';

const owner = user('owner', 'nord');
const deputy = user('deputy', 'sued');
const colleague = user('colleague', 'nord');
const DAY = 86_400_000;

/** Follow-ups with a fake coverage (kernel rule): the owner's deputy is in another team. */
async function setup() {
  const d1 = dossier({ id: 'd1', teamId: 'nord', ownerId: 'owner', company: 'Müller GmbH' });
  const { store, time, coverage, events, users, dossiers, away } = await createCoverageWorld({
    users: [owner, deputy, colleague],
    ownerId: 'owner',
    deputyId: 'deputy',
    dossiers: [d1],
    covered: [d1],
    absenceKind: 'illness'
  });
  const written: NewEvent[] = [];
  const update = store.tasks.update.bind(store.tasks);
  store.tasks.update = async (task, version, evs) => {
    written.push(...evs);
    return update(task, version, evs);
  };
  const followups = createFollowupService({
    tasks: store.tasks,
    dossiers,
    people: { namesOf: users.namesOf, get: users.get, managersOf: async () => [] },
    calendarOf: async (teamId) => teamCalendar((await store.users.getTeams([teamId]))[0]),
    escalateAfterWorkingMinutes: 120,
    coverage: () => coverage,
    events,
    clock: time,
    ids: randomIds
  });
  const dueAt = () => new Date(time.now() + 3_600_000).toISOString();
  return { store, time, coverage, followups, away, dueAt, written };
}

describe('tasks follow coverage', () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('RT1: a task for an absent assignee is acted on by the stand-in, and comes back when the absence ends', async () => {
    const ctx = await setup();
    store = ctx.store;
    ctx.away();
    const task = await ctx.followups.create(colleague, {
      dossierId: 'd1',
      kind: 'task',
      title: 'Send offer',
      dueAt: ctx.dueAt(),
      assigneeId: 'owner'
    });
    expect(task).toMatchObject({ assigneeId: 'owner', actingAssigneeId: 'deputy' });
    // The deputy of another team sees it under "covering" and may complete it (coverage gives edit).
    const covering = await ctx.followups.list(deputy, { scope: 'covering', status: 'open', limit: 50 });
    expect(covering.items.map((t) => t.id)).toEqual([task.id]);

    await ctx.time.advance(DAY);
    expect(await ctx.followups.rerouteFor(['owner', 'deputy'])).toBe(1);
    const mine = await ctx.followups.list(owner, { scope: 'mine', status: 'open', limit: 50 });
    expect(mine.items[0]).toMatchObject({ id: task.id, actingAssigneeId: 'owner' });
    const changed = ctx.written.find((e) => e.type === 'task.changed');
    expect(changed?.data).toMatchObject({ leftUserIds: ['deputy'] });
    // Nothing left to move: a second pass (another node) writes nothing.
    expect(await ctx.followups.rerouteFor(['owner', 'deputy'])).toBe(0);
  });

  it('RT2: a callback created without assignee during the absence goes to the acting owner and stays there', async () => {
    const ctx = await setup();
    store = ctx.store;
    ctx.away();
    const task = await ctx.followups.create(colleague, {
      dossierId: 'd1',
      kind: 'callback',
      title: 'Call back',
      dueAt: ctx.dueAt()
    });
    expect(task).toMatchObject({ assigneeId: 'deputy', actingAssigneeId: 'deputy' });
    const done = await ctx.followups.complete(deputy, task.id, {});
    expect(done.status).toBe('done');
    const other = await ctx.followups.create(colleague, {
      dossierId: 'd1',
      kind: 'callback',
      title: 'Call back again',
      dueAt: ctx.dueAt()
    });
    await ctx.time.advance(DAY);
    expect(await ctx.followups.rerouteFor(['owner', 'deputy'])).toBe(0);
    const mine = await ctx.followups.list(deputy, { scope: 'mine', status: 'open', limit: 50 });
    expect(mine.items.map((t) => t.id)).toEqual([other.id]);
  });

  it('outside coverage a member of another team cannot be assigned', async () => {
    const ctx = await setup();
    store = ctx.store;
    await expect(
      ctx.followups.create(colleague, {
        dossierId: 'd1',
        kind: 'task',
        title: 'x',
        dueAt: ctx.dueAt(),
        assigneeId: 'deputy'
      })
    ).rejects.toMatchObject({ code: 'invalid' });
  });
});
