import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCoverageEpoch, createCoverageService, type CoverageEpoch } from '../../server/features/continuity';
import type { Absence } from '../../server/features/continuity/absence-store';
import type { CoverageEngine } from '../../server/features/continuity';
import { createHandoffsInForce } from '../../server/features/continuity';
import type { Handoff } from '../../server/features/continuity/handoff-store';
import { createEventOutbox, type EventOutbox } from '../../server/features/feed';
import type { EventType, NewEvent } from '../../server/kernel/events';
import type { User } from '../../server/kernel/types';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';
import type { Store } from '../../server/storage/store';
import { dossier } from '../contract/dossier-fixtures';
import { createFakeTime, type FakeTime } from '../helpers/fake-time';

const T = Date.UTC(2026, 10, 23, 9);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const user = (id: string, over: Partial<User> = {}): User => ({
  id,
  email: `${id}@example.com`,
  name: id,
  role: 'rep',
  locale: 'de',
  teamIds: ['t1'],
  passwordHash: 'x',
  createdAt: 0,
  deputyId: null,
  deactivatedAt: null,
  ...over
});
const absence = (userId: string, over: Partial<Absence> = {}): Absence => ({
  id: `a-${userId}`,
  userId,
  kind: 'vacation',
  from: T - DAY,
  to: T + DAY,
  handToId: null,
  note: null,
  endedAt: null,
  createdById: userId,
  createdAt: 0,
  updatedAt: 0,
  startedFiredAt: T - DAY,
  endedFiredAt: null,
  version: 1,
  ...over
});
const d1 = { id: 'd1', ownerId: 'owner', teamId: 't1', standInIds: [] as string[] };

let store: Store;
let time: FakeTime;
let epoch: CoverageEpoch;
let coverage: CoverageEngine;
let events: EventOutbox;
let seq = 0;

/** A change as a service makes it: its event built through the watched outbox, written, committed, relayed. */
async function change(
  type: EventType,
  write: (events: NewEvent[]) => Promise<unknown>,
  relay = true,
  data: unknown = {}
) {
  const event = events.event(type, { actorId: null, teamId: 't1', dossierId: null, data: data as never });
  await write([event]);
  events.committed();
  if (relay) epoch.observe({ ...event, seq: ++seq });
  return event;
}
const actingFor = async (d = d1) => (await coverage.coverageOf([d])).get(d.id)?.actingOwnerId;

beforeEach(async () => {
  store = createSqliteStore({ file: ':memory:' });
  time = createFakeTime(T);
  epoch = createCoverageEpoch({ clock: time });
  events = epoch.watch(createEventOutbox({ clock: time, ids: { next: () => `e${++seq}` }, onCommitted: () => {} }));
  coverage = createCoverageService({
    people: { listUsers: (o) => store.users.listUsers(o) },
    absences: store.absences,
    dossiers: { ownedBy: (ids) => store.dossiers.listByOwners(ids) },
    handoffsInForce: createHandoffsInForce(store.handoffs),
    epoch,
    clock: time
  });
  for (const u of [user('owner', { deputyId: 'dep' }), user('dep'), user('dep2'), user('boss', { role: 'manager' })])
    await store.users.createUser(u);
  await store.dossiers.createMany([dossier({ id: 'd1', ownerId: 'owner' })]);
});
afterEach(() => store.close());

describe('coverage epoch: one snapshot reused until coverage changes (E1–E6)', () => {
  it('reuses one snapshot for every question of an epoch', async () => {
    await coverage.coverageOf([d1]);
    await coverage.coveringFor('dep');
    await coverage.isAvailable('owner');
    await coverage.gapsIn('all');
    expect(epoch.builds).toBe(1);
  });

  it('E1/E2: a question after each kind of change sees the new state', async () => {
    expect(await actingFor()).toBe('owner');
    // An absence starting now.
    await change('absence.recorded', (e) => store.absences.create(absence('owner'), e));
    expect(await actingFor()).toBe('dep');
    // The deputy changes.
    await change('deputy.changed', (e) => store.users.setDeputy({ userId: 'owner', deputyId: 'dep2', events: e }));
    expect(await actingFor()).toBe('dep2');
    // The deputy leaves: the chain ends at the manager.
    await change('user.deactivated', (e) => store.users.deactivate({ userId: 'dep2', at: T, events: e }));
    expect(await actingFor()).toBe('boss');
    // The absence ends early: the owner is back.
    await change('absence.ended', (e) => store.absences.end({ id: 'a-owner', at: T, events: e }));
    expect(await actingFor()).toBe('owner');
    // A temporary hand-off to a colleague.
    const handoff: Handoff = {
      id: 'h1',
      dossierId: 'd1',
      teamId: 't1',
      fromUserId: 'owner',
      toUserId: 'dep',
      byId: 'owner',
      kind: 'temporary',
      until: T + DAY,
      note: '',
      status: 'pending',
      createdAt: T,
      pickedUpAt: null,
      escalatedAt: null,
      returnedAt: null,
      briefing: {} as never
    };
    await change('handoff.created', (e) => store.handoffs.create(handoff, e));
    expect(await actingFor()).toBe('dep');
  });

  it('E3: a change written by another writer is seen once its event arrives from the bus', async () => {
    expect(await actingFor()).toBe('owner');
    await store.absences.create(absence('owner'), []);
    epoch.observe({
      id: 'other-node',
      seq: ++seq,
      type: 'absence.recorded',
      at: T,
      actorId: null,
      onBehalfOfId: null,
      teamId: 't1',
      dossierId: null,
      data: {} as never
    });
    expect(await actingFor()).toBe('dep');
  });

  it('E1: while a written epoch event is not relayed yet, no snapshot is kept', async () => {
    await change('absence.recorded', (e) => store.absences.create(absence('owner'), e), false);
    const before = epoch.builds;
    await actingFor();
    await actingFor();
    expect(epoch.builds).toBe(before + 2);
  });

  it('E4: a question after an absence begins or ends sees it without any event', async () => {
    // Within MAX_SNAPSHOT_AGE_MS (5 min), so only the edge can end the snapshot.
    await store.absences.create(absence('owner', { from: T + 3 * MIN, to: T + 4 * MIN, startedFiredAt: null }), []);
    epoch.invalidate();
    expect(await actingFor()).toBe('owner');
    expect(await actingFor()).toBe('owner');
    expect(epoch.builds).toBe(1);
    await time.advance(3 * MIN - 1);
    expect(await actingFor()).toBe('owner');
    expect(epoch.builds).toBe(1);
    await time.advance(1);
    expect(await actingFor()).toBe('dep');
    await time.advance(MIN - 1);
    expect(await actingFor()).toBe('dep');
    await time.advance(1);
    expect(await actingFor()).toBe('owner');
  });

  it('E5: a snapshot whose build overlapped an invalidation is not kept', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = epoch.snapshotAt(T, async (at) => {
      await gate;
      return { at, validUntil: at + DAY } as never;
    });
    epoch.invalidate();
    release();
    await slow;
    await actingFor();
    expect(epoch.builds).toBe(2);
  });

  it('a user created after the snapshot (no event) is not mistaken for a missing one', async () => {
    await actingFor();
    await store.users.createUser(user('late', { deputyId: 'dep' }));
    await store.dossiers.createMany([dossier({ id: 'd2', ownerId: 'late' })]);
    expect(await actingFor({ id: 'd2', ownerId: 'late', teamId: 't1', standInIds: [] })).toBe('late');
  });
});

describe('coverage epoch: answers from the snapshot and the dossiers kept with it (R1–R4)', () => {
  const covered = async (userId: string) => (await coverage.coveringFor(userId)).map((c) => c.dossierId).sort();
  /** A dossier write as the dossier service makes it: its row (and so its owner) in the event. */
  const dossierRow = (ownerId: string) => ({ dossier: { ownerId } });
  beforeEach(async () => {
    await change('absence.recorded', (e) => store.absences.create(absence('owner'), e));
  });

  it('R1: coveringFor is computed once per epoch and again after coverage changes', async () => {
    expect(await covered('dep')).toEqual(['d1']);
    const computed = epoch.computed;
    expect(await covered('dep')).toEqual(['d1']);
    expect(await covered('dep')).toEqual(['d1']);
    expect(epoch.computed).toBe(computed);
    await change('deputy.changed', (e) => store.users.setDeputy({ userId: 'owner', deputyId: 'dep2', events: e }));
    expect(await covered('dep')).toEqual([]);
    expect(await covered('dep2')).toEqual(['d1']);
  });

  it('R1: the answer ends with its snapshot when the absence ends, without any event (fake clock)', async () => {
    await change('absence.updated', (e) => store.absences.update(absence('owner', { to: T + 2 * MIN }), 1, e));
    expect(await covered('dep')).toEqual(['d1']);
    await time.advance(2 * MIN - 1);
    expect(await covered('dep')).toEqual(['d1']);
    await time.advance(1);
    expect(await covered('dep')).toEqual([]);
  });

  it('R2: a new dossier, changed stand-ins or a new owner of a covered owner is seen at once', async () => {
    expect(await covered('dep')).toEqual(['d1']);
    await change('dossier.created', (e) => store.dossiers.create(dossier({ id: 'd2', ownerId: 'owner' }), e), true, {
      dossier: { ownerId: 'owner' }
    });
    expect(await covered('dep')).toEqual(['d1', 'd2']);
    // Stand-ins come before the deputy (C3b): d2 now goes to dep2.
    await change(
      'dossier.updated',
      (e) => store.dossiers.patch({ id: 'd2', patch: { standInIds: ['dep2'] }, updatedAt: T, events: e }),
      true,
      dossierRow('owner')
    );
    expect(await covered('dep')).toEqual(['d1']);
    expect(await covered('dep2')).toEqual(['d2']);
    // The absent owner's dossier is given to dep2 for good: nobody covers it any more.
    await change(
      'dossier.owner_changed',
      (e) =>
        store.dossiers.changeOwner({ id: 'd1', expectedOwnerId: 'owner', ownerId: 'dep2', updatedAt: T, events: e }),
      true,
      { fromUserId: 'owner', toUserId: 'dep2' }
    );
    expect(await covered('dep')).toEqual([]);
  });

  it('R2: an edit of an acting owner’s dossier keeps the answers; a write from another node is seen once relayed', async () => {
    await store.dossiers.createMany([dossier({ id: 'd3', ownerId: 'dep' })]);
    expect(await covered('dep')).toEqual(['d1']);
    const computed = epoch.computed;
    await change(
      'dossier.updated',
      (e) => store.dossiers.patch({ id: 'd3', patch: { tags: ['x'] }, updatedAt: T, events: e }),
      true,
      dossierRow('dep')
    );
    expect(await covered('dep')).toEqual(['d1']);
    expect(epoch.computed).toBe(computed);
    // Another writer (no watched outbox): the bus delivers its event.
    await store.dossiers.patch({ id: 'd1', patch: { standInIds: ['dep2'] }, updatedAt: T, events: [] });
    epoch.observe({
      id: 'other-node',
      seq: ++seq,
      type: 'dossier.updated',
      at: T,
      actorId: null,
      onBehalfOfId: null,
      teamId: 't1',
      dossierId: 'd1',
      data: dossierRow('owner') as never
    });
    expect(await covered('dep')).toEqual([]);
    expect(await covered('dep2')).toEqual(['d1']);
  });

  it('fromCovering: a derived answer is kept with coveringFor and follows a change of a covered dossier', async () => {
    let derived = 0;
    const companies = () =>
      coverage.fromCovering!('dep', 'companies', async (rows) => {
        derived++;
        return (await store.dossiers.getMany(rows.map((r) => r.dossierId))).map((d) => d.company);
      });
    const before = await companies();
    expect(await companies()).toEqual(before);
    expect(derived).toBe(1);
    await change(
      'dossier.updated',
      (e) =>
        store.dossiers.updateProjection(
          'd1',
          { company: 'Renamed GmbH', street: '', postalCode: '', city: '', industry: '', contactNames: [] },
          T,
          e
        ),
      true,
      dossierRow('owner')
    );
    expect(await companies()).toEqual(['Renamed GmbH']);
    expect(derived).toBe(2);
  });

  it('R3: while a write concerning a covered owner is in flight, answers are computed but not kept', async () => {
    const event = await change(
      'dossier.updated',
      (e) => store.dossiers.patch({ id: 'd1', patch: { tags: ['y'] }, updatedAt: T, events: e }),
      false,
      dossierRow('owner')
    );
    const computed = epoch.computed;
    await covered('dep');
    await covered('dep');
    expect(epoch.computed).toBe(computed + 2);
    epoch.observe({ ...event, seq: ++seq });
    await covered('dep');
    await covered('dep');
    expect(epoch.computed).toBe(computed + 3);
  });

  it('R4: an answer whose computation overlapped a drop is not kept; E6 drops answers', async () => {
    const snapshot = await epoch.snapshotAt(T, async (at) => ({ at, validUntil: at + DAY }) as never);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = epoch.remember(snapshot, 'k', ['owner'], async () => {
      await gate;
      return 'old';
    });
    epoch.observe({
      id: 'e-owner-changed',
      seq: ++seq,
      type: 'dossier.owner_changed',
      at: T,
      actorId: null,
      onBehalfOfId: null,
      teamId: 't1',
      dossierId: 'd1',
      data: {} as never
    });
    release();
    expect(await slow).toBe('old');
    expect(await epoch.remember(snapshot, 'k', ['owner'], async () => 'new')).toBe('new');
    expect(await epoch.remember(snapshot, 'k', ['owner'], async () => 'newer')).toBe('new');
    epoch.invalidate();
    const next = await epoch.snapshotAt(T, async (at) => ({ at, validUntil: at + DAY }) as never);
    expect(await epoch.remember(next, 'k', ['owner'], async () => 'after')).toBe('after');
  });
});
