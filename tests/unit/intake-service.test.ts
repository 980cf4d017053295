import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { randomIds } from '../../server/adapters/random-ids';
import { createDossierService } from '../../server/features/dossiers';
import { createEventOutbox } from '../../server/features/feed';
import { createFollowupService } from '../../server/features/followups';
import { createUserService } from '../../server/features/identity';
import { createIntakeService, type LeadAvailability } from '../../server/features/intake';
import { createInteractionService } from '../../server/features/interactions';
import { teamCalendar } from '../../server/kernel/team-calendar';
import type { User } from '../../server/kernel/types';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';
import type { Store } from '../../server/storage/store';
import { createFakeCoverage } from '../helpers/fake-coverage';
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
async function setup(
  options: {
    file?: string;
    isAvailable?: LeadAvailability;
    coverage?: ReturnType<typeof createFakeCoverage>;
  } = {}
) {
  const store = createSqliteStore({ file: options.file ?? ':memory:' });
  const time = createFakeTime(Date.parse('2026-11-27T15:30:00Z')); // Friday 16:30 in Berlin, 30 min before closing
  await store.users.createTeam({ id: 't1', name: 'Nord', site: 'Kiel' });
  for (const u of [user('u1'), user('u2'), user('m1', 'manager')]) await store.users.createUser(u);
  const events = createEventOutbox({ clock: time, ids: randomIds, onCommitted: () => {} });
  const users = createUserService({ users: store.users });
  const dossiers = createDossierService({
    dossiers: store.dossiers,
    people: users,
    writeInitialDocument: async () => {},
    coverage: options.coverage && (() => options.coverage!),
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
    coverage: options.coverage && (() => options.coverage!),
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
  const intake = createIntakeService({
    intake: store.intake,
    dossiers,
    interactions,
    followups,
    people: { get: users.get, namesOf: users.namesOf, membersOf: (t) => store.users.listUsersOfTeam(t) },
    calendarOf,
    callbackWithinMinutes: 120,
    isAvailable: options.isAvailable,
    actingOwnerOf:
      options.coverage &&
      (async ({ dossier, at }) => (await options.coverage!.coverageOf([dossier], at)).get(dossier.id)!.actingOwnerId),
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

  it('IL3 a lead whose last write (the callback) fails leaves no row and no event; the retry records it whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intake-atomic-'));
    const file = join(dir, 'store.db');
    const ctx = await setup({ file });
    store = ctx.store;
    // A second connection to the same file: the fault is a real failing INSERT inside the store's transaction.
    const side = new Database(file);
    try {
      const count = (table: string) => (side.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      const tables = ['dossiers', 'doc_updates', 'doc_versions', 'interactions', 'tasks', 'intake_leads'];
      const before = { events: count('activity'), rows: tables.map(count) };
      side.exec(`CREATE TRIGGER fail_task BEFORE INSERT ON tasks BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
      const lead = { name: 'Eva Roth', company: 'Roth KG', email: 'eva@roth.example' };
      await expect(ctx.intake.receive(ctx.key, lead)).rejects.toThrow(/disk full/);
      expect(tables.map(count)).toEqual(before.rows);
      expect(count('intake_identities')).toBe(0);
      expect(count('activity')).toBe(before.events);

      side.exec('DROP TRIGGER fail_task');
      const retry = await ctx.intake.receive(ctx.key, lead);
      expect(retry.duplicate).toBe(false);
      expect(await countDossiers(store)).toBe(1);
      expect(await store.tasks.get(retry.taskId)).toMatchObject({ dossierId: retry.dossierId, kind: 'callback' });
      expect(count('interactions')).toBe(before.rows[3] + 1);
      // dossier.created, intake.lead_received, interaction.logged, task.created
      expect(count('activity')).toBe(before.events + 4);
    } finally {
      side.close();
      await store.close();
      store = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('IL4 two identical leads at the same instant make one dossier; the second lands on it as a duplicate', async () => {
    const ctx = await setup();
    store = ctx.store;
    const lead = { name: 'Jörg Weiß', company: 'Weiß GmbH', email: 'J.Weiss@example.test' };
    const results = await Promise.all([ctx.intake.receive(ctx.key, lead), ctx.intake.receive(ctx.key, lead)]);
    expect(await countDossiers(store)).toBe(1);
    expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
    expect(results[0].dossierId).toBe(results[1].dossierId);
    for (const r of results) expect(await store.tasks.get(r.taskId)).toMatchObject({ dossierId: r.dossierId });
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

  it('a lead for an absent owner’s known dossier: the callback goes to the acting owner (of another team)', async () => {
    const time = { now: () => Date.parse('2026-11-27T15:30:00Z') };
    const coverage = createFakeCoverage({
      now: time.now,
      people: [
        { id: 'u1', active: true, deputyId: 'x1' },
        { id: 'u2', active: true, deputyId: null },
        { id: 'm1', active: true, deputyId: null },
        { id: 'x1', active: true, deputyId: null }
      ]
    });
    const ctx = await setup({
      coverage,
      isAvailable: ({ userId, at }) => coverage.isAvailable(userId, at)
    });
    store = ctx.store;
    await store.users.createTeam({ id: 't2', name: 'Süd', site: 'München' });
    await store.users.createUser({ ...user('x1'), teamIds: ['t2'] });
    const lead = { name: 'Eva Roth', company: 'Roth KG', email: 'eva@roth.example' };
    const first = await ctx.intake.receive(ctx.key, lead);
    const ownerId = (await store.dossiers.get(first.dossierId))!.ownerId;
    coverage.people.set(ownerId, { id: ownerId, active: true, deputyId: 'x1' });
    coverage.absences.push({
      id: 'a1',
      userId: ownerId,
      kind: 'vacation',
      from: time.now() - 1,
      to: time.now() + 86_400_000,
      handToId: null
    });
    const again = await ctx.intake.receive(ctx.key, lead);
    expect(again).toMatchObject({ dossierId: first.dossierId, duplicate: true });
    expect(await store.tasks.get(again.taskId)).toMatchObject({ assigneeId: 'x1', actingAssigneeId: 'x1' });
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
