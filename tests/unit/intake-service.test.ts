import { afterEach, describe, expect, it } from 'vitest';
import { randomIds } from '../../server/adapters/random-ids';
import { createDossierService } from '../../server/features/dossiers';
import { createEventOutbox } from '../../server/features/feed';
import { createFollowupService, type FollowupService } from '../../server/features/followups';
import { createUserService } from '../../server/features/identity';
import { createIntakeService, type LeadAvailability } from '../../server/features/intake';
import { createInteractionService } from '../../server/features/interactions';
import { teamCalendar } from '../../server/kernel/team-calendar';
import type { User } from '../../server/kernel/types';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';
import type { Store } from '../../server/storage/store';
import { createFakeTime } from '../helpers/fake-time';

const user = (id: string, role: User['role'] = 'rep'): User => ({
  id,
  email: `${id}@example.test`,
  name: `Person ${id}`,
  role,
  locale: 'de',
  teamIds: ['t1'],
  passwordHash: 'x',
  createdAt: 0,
  deputyId: null,
  deactivatedAt: null
});

/** The intake service over a real (in-memory) SQLite store and the real dossier, timeline and task services. */
async function setup(options: { failCallbacks?: number; isAvailable?: LeadAvailability } = {}) {
  const store = createSqliteStore({ file: ':memory:' });
  const time = createFakeTime(Date.parse('2026-11-27T15:30:00Z')); // Friday 16:30 in Berlin, 30 min before closing
  await store.users.createTeam({ id: 't1', name: 'Nord', site: 'Kiel' });
  for (const u of [user('u1'), user('u2'), user('m1', 'manager')]) await store.users.createUser(u);
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
  const calendarOf = async (teamId: string) => teamCalendar((await store.users.getTeams([teamId]))[0]);
  const followups = createFollowupService({
    tasks: store.tasks,
    dossiers,
    people: { namesOf: users.namesOf, get: users.get, managersOf: async () => [] },
    calendarOf,
    escalateAfterWorkingMinutes: 120,
    events,
    clock: time,
    ids: randomIds
  });
  const interactions = createInteractionService({
    interactions: store.interactions,
    activity: store.activity,
    dossiers,
    people: users,
    events,
    clock: time,
    ids: randomIds
  });
  // Fault injection around the real service: the first `failCallbacks` creations fail as a crashed write would.
  let failures = options.failCallbacks ?? 0;
  const flakyFollowups: Pick<FollowupService, 'create'> = {
    create: async (actor, input) => {
      if (failures > 0) {
        failures--;
        throw new Error('disk full');
      }
      return followups.create(actor, input);
    }
  };
  const intake = createIntakeService({
    intake: store.intake,
    dossiers,
    interactions,
    followups: flakyFollowups,
    people: { get: users.get, namesOf: users.namesOf, membersOf: (t) => store.users.listUsersOfTeam(t) },
    calendarOf,
    callbackWithinMinutes: 120,
    isAvailable: options.isAvailable,
    events,
    clock: time,
    ids: randomIds
  });
  const manager = (await store.users.getUser('m1'))!;
  const created = await intake.createKey(manager, 't1', {});
  const key = await intake.authenticate(created.key);
  return { store, time, intake, key, secret: created.key };
}

const countDossiers = async (store: Store) =>
  (await store.dossiers.list({ teamIds: 'all', sort: 'name', limit: 100 })).items.length;

describe('intake service', () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('a callback that fails after the dossier is reported; the retry lands on that dossier, no orphan', async () => {
    const ctx = await setup({ failCallbacks: 1 });
    store = ctx.store;
    const lead = { name: 'Eva Roth', company: 'Roth KG', email: 'eva@roth.example' };
    const failed = ctx.intake.receive(ctx.key, lead);
    await expect(failed).rejects.toMatchObject({ code: 'internal' });
    const message = (await failed.catch((e: Error) => e.message)) as string;
    const dossierId = /dossier (\S+),/.exec(message)![1];
    expect(message).toMatch(/callback could not be written.*sending the same lead again/);
    expect(await countDossiers(store)).toBe(1);

    const retry = await ctx.intake.receive(ctx.key, lead);
    expect(retry).toMatchObject({ dossierId, duplicate: true });
    expect(await countDossiers(store)).toBe(1);
    expect(await store.tasks.get(retry.taskId)).toMatchObject({ dossierId, kind: 'callback' });
  });

  it('the callback is due in working time: 120 minutes from Friday 16:30 is Monday 09:30 in Berlin', async () => {
    const ctx = await setup();
    store = ctx.store;
    const { taskId } = await ctx.intake.receive(ctx.key, { name: 'Eva', phone: '+49 1' });
    expect(new Date((await store.tasks.get(taskId))!.dueAt).toISOString()).toBe('2026-11-30T08:30:00.000Z');
  });

  it('R4 the availability hook skips absent reps; with no rep available the managers take leads', async () => {
    let absent = new Set(['u1']);
    const ctx = await setup({ isAvailable: async ({ userId }) => !absent.has(userId) });
    store = ctx.store;
    const owner = async (i: number) => {
      const { taskId } = await ctx.intake.receive(ctx.key, { name: `P${i}`, phone: `+49 ${i}` });
      return (await store!.tasks.get(taskId))!.assigneeId;
    };
    expect([await owner(1), await owner(2)]).toEqual(['u2', 'u2']);
    absent = new Set(['u1', 'u2']);
    expect(await owner(3)).toBe('m1');
  });

  it('a revoked key no longer authenticates', async () => {
    const ctx = await setup();
    store = ctx.store;
    const manager = (await store.users.getUser('m1'))!;
    await ctx.intake.revokeKey(manager, 't1', ctx.key.id);
    await expect(ctx.intake.authenticate(ctx.secret)).rejects.toMatchObject({ code: 'unauthenticated' });
    const list = await ctx.intake.listKeys(manager, 't1');
    expect(list[0].revokedAt).not.toBeNull();
  });
});
