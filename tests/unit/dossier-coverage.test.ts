import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../server/storage/store';
import { dossier } from '../contract/dossier-fixtures';
import { coverageUser as user, createCoverageWorld } from '../helpers/coverage-world';

const owner = user('owner', 'nord');
const standIn = user('standin', 'sued');
const colleague = user('colleague', 'nord');

/** The dossier service over real SQLite with a fake coverage service deciding through the kernel rule. */
async function setup() {
  const covered = dossier({ id: 'd1', teamId: 'nord', ownerId: 'owner', company: 'Müller GmbH' });
  const world = await createCoverageWorld({
    users: [owner, standIn, colleague],
    ownerId: 'owner',
    deputyId: 'standin',
    dossiers: [covered, dossier({ id: 'd2', teamId: 'nord', ownerId: 'colleague' })],
    covered: [covered],
    absenceKind: 'vacation',
    absenceFromOffset: -1
  });
  const { store, time, coverage, dossiers } = world;
  return { store, time, coverage, dossiers, absent: world.away };
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
