import { afterEach, describe, expect, it } from 'vitest';
import { randomIds } from '../../server/adapters/random-ids';
import { createDossierService } from '../../server/features/dossiers';
import { createEventOutbox } from '../../server/features/feed';
import { createUserService } from '../../server/features/identity';
import type { User } from '../../server/kernel/types';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';
import type { Store } from '../../server/storage/store';
import { dossier } from '../contract/dossier-fixtures';
import { createFakeCoverage } from '../helpers/fake-coverage';
import { createFakeTime } from '../helpers/fake-time';

const user = (id: string, teamId: string, role: User['role'] = 'rep'): User => ({
  id,
  email: `${id}@example.test`,
  name: `Name ${id}`,
  role,
  locale: 'de',
  teamIds: [teamId],
  passwordHash: 'x',
  createdAt: 0,
  deputyId: null,
  deactivatedAt: null
});
const owner = user('owner', 'nord');
const standIn = user('standin', 'sued');
const colleague = user('colleague', 'nord');

/** The dossier service over real SQLite with a fake coverage service deciding through the kernel rule. */
async function setup() {
  const store = createSqliteStore({ file: ':memory:' });
  const time = createFakeTime(Date.parse('2026-11-23T09:00:00Z'));
  await store.users.createTeam({ id: 'nord', name: 'Nord', site: 'Kiel' });
  await store.users.createTeam({ id: 'sued', name: 'Süd', site: 'München' });
  for (const u of [owner, standIn, colleague]) await store.users.createUser(u);
  const covered = dossier({ id: 'd1', teamId: 'nord', ownerId: 'owner', company: 'Müller GmbH' });
  await store.dossiers.create(covered, []);
  await store.dossiers.create(dossier({ id: 'd2', teamId: 'nord', ownerId: 'colleague' }), []);
  const coverage = createFakeCoverage({
    now: () => time.now(),
    people: [owner, standIn, colleague].map((u) => ({ id: u.id, active: true, deputyId: null })),
    dossiers: [covered]
  });
  coverage.people.set('owner', { id: 'owner', active: true, deputyId: 'standin' });
  const dossiers = createDossierService({
    dossiers: store.dossiers,
    people: createUserService({ users: store.users }),
    writeInitialDocument: async () => {},
    coverage: () => coverage,
    events: createEventOutbox({ clock: time, ids: randomIds, onCommitted: () => {} }),
    clock: time,
    ids: randomIds
  });
  const absent = () =>
    coverage.absences.push({
      id: 'a1',
      userId: 'owner',
      kind: 'vacation',
      from: time.now() - 1,
      to: time.now() + 86_400_000,
      handToId: null
    });
  return { store, time, coverage, dossiers, absent };
}

describe('dossier access follows coverage', () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('A3: the deputy of another team edits the covered dossier exactly while the owner is away', async () => {
    const ctx = await setup();
    store = ctx.store;
    await expect(ctx.dossiers.authorize(standIn, 'd1')).rejects.toMatchObject({ code: 'forbidden' });
    ctx.absent();
    await expect(ctx.dossiers.authorize(standIn, 'd1')).resolves.toMatchObject({ access: 'edit' });
    // Covering one dossier of the owner opens no other dossier of that team.
    await expect(ctx.dossiers.authorize(standIn, 'd2')).rejects.toMatchObject({ code: 'forbidden' });
    await ctx.time.advance(86_400_000);
    await expect(ctx.dossiers.authorize(standIn, 'd1')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('asks coverage only when team access is not enough (the cheap path first)', async () => {
    const ctx = await setup();
    store = ctx.store;
    await ctx.dossiers.authorize(colleague, 'd1');
    await ctx.dossiers.authorize(owner, 'd1');
    expect(ctx.coverage.calls.isCovering).toBe(0);
  });

  it('dossier DTOs carry the acting owner and the coverage, a page in one coverage batch', async () => {
    const ctx = await setup();
    store = ctx.store;
    const before = await ctx.dossiers.get(colleague, 'd1');
    expect(before).toMatchObject({ actingOwnerId: 'owner', actingOwnerName: 'Name owner', coverage: null });
    ctx.absent();
    const calls = ctx.coverage.calls.coverageOf;
    const page = await ctx.dossiers.list(colleague, { sort: 'name', limit: 50 });
    expect(ctx.coverage.calls.coverageOf).toBe(calls + 1);
    const row = page.items.find((d) => d.id === 'd1');
    expect(row).toMatchObject({
      ownerId: 'owner',
      actingOwnerId: 'standin',
      actingOwnerName: 'Name standin',
      coverage: { reason: 'vacation', forUserId: 'owner', via: 'deputy', gap: false }
    });
    expect(row?.coverage?.until).toBe(new Date(ctx.time.now() + 86_400_000).toISOString());
    expect(page.items.find((d) => d.id === 'd2')).toMatchObject({ actingOwnerId: 'colleague', coverage: null });
  });

  it('a coverage gap shows no acting owner', async () => {
    const ctx = await setup();
    store = ctx.store;
    ctx.coverage.people.set('owner', { id: 'owner', active: true, deputyId: null });
    ctx.absent();
    const dto = await ctx.dossiers.get(colleague, 'd1');
    expect(dto).toMatchObject({ actingOwnerId: null, actingOwnerName: '', coverage: { gap: true, via: null } });
  });
});
