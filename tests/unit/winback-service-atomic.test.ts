import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskDTO } from '../../src/lib/contract';
import { randomIds } from '../../server/adapters/random-ids';
import { createDossierService, type DossierService } from '../../server/features/dossiers';
import { createEventOutbox } from '../../server/features/feed';
import { createUserService } from '../../server/features/identity';
import { createWinbackService, type WinbackService } from '../../server/features/winback';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';
import type { Store } from '../../server/storage/store';
import { dossier } from '../contract/dossier-fixtures';
import { coverageUser } from '../helpers/coverage-world';
import { createFakeTime } from '../helpers/fake-time';

/**
 * "Win-back start and end are two writes" no more (WinbackStore WS6): the process, the dossier's stage move and
 * their events are one transaction. Here a colleague moves the dossier between the service's draft and its
 * write (the second part, the move, then fails): nothing of the start or end may be left behind.
 */
describe('win-back start and end are one write', () => {
  let store: Store;
  let winbacks: WinbackService;
  let dossiers: DossierService;
  /** Runs once right after the next draft of a lifecycle move: the colleague's move. */
  let interfere: (() => Promise<void>) | null = null;
  const rep = coverageUser('u1', 't1');
  const time = createFakeTime(Date.parse('2026-11-29T10:00:00Z'));

  const eventTypes = async () =>
    (await store.activity.listSince({ afterSeq: 0, teamIds: 'all', limit: 50 })).map((e) => e.type);

  beforeEach(async () => {
    store = createSqliteStore({ file: ':memory:' });
    await store.users.createTeam({ id: 't1', name: 'Nord', site: 'Kiel' });
    await store.users.createUser(rep);
    await store.dossiers.create(dossier({ id: 'd1', stage: 'dormant', ownerId: 'u1' }), []);
    const events = createEventOutbox({ clock: time, ids: randomIds, onCommitted: () => {} });
    const users = createUserService({ users: store.users });
    dossiers = createDossierService({
      dossiers: store.dossiers,
      people: users,
      writeInitialDocument: async () => {},
      events,
      clock: time,
      ids: randomIds
    });
    let tasks = 0;
    winbacks = createWinbackService({
      winbacks: store.winbacks,
      dossiers: {
        authorize: (actor, id) => dossiers.authorize(actor, id),
        findMany: (ids) => dossiers.findMany(ids),
        async draftLifecycleEvent(options) {
          const draft = await dossiers.draftLifecycleEvent(options);
          const run = interfere;
          interfere = null;
          await run?.();
          return draft;
        }
      },
      people: users,
      followups: {
        create: async () => ({ id: `task${++tasks}` }) as TaskDTO,
        complete: async () => ({}) as TaskDTO
      },
      events,
      clock: time,
      ids: randomIds,
      onError: (error) => {
        throw error;
      }
    });
  });
  afterEach(async () => {
    await store.close();
  });

  /** A colleague's deliberate stage move, through the dossier service (its own transaction). */
  const colleagueMoves = (stage: 'customer' | 'lost') => async () => {
    await dossiers.changeStage(rep, 'd1', { stage, reason: 'colleague' });
  };

  it('a start whose stage move fails stores no process, no move and no winback.started', async () => {
    interfere = colleagueMoves('customer');
    await expect(winbacks.start(rep, 'd1', {})).rejects.toMatchObject({ code: 'conflict' });
    expect(await store.winbacks.listFor('d1')).toEqual([]);
    expect((await store.dossiers.get('d1'))?.stage).toBe('customer');
    // Only the colleague's move is in the history and the log.
    expect((await store.dossiers.stageHistory('d1')).map((c) => c.reason)).toEqual(['colleague']);
    expect(await eventTypes()).toEqual(['dossier.stage_changed']);
  });

  it('a start that succeeds stores the process and the move together', async () => {
    const started = await winbacks.start(rep, 'd1', {});
    expect(started).toMatchObject({ status: 'open', nextStep: 1 });
    expect((await store.dossiers.get('d1'))?.stage).toBe('winback');
    expect(await eventTypes()).toEqual(['dossier.stage_changed', 'winback.started']);
  });

  it('an end whose stage move fails leaves the process open and unchanged, with no winback.ended', async () => {
    await winbacks.start(rep, 'd1', {});
    const before = await store.winbacks.openFor('d1');
    interfere = colleagueMoves('lost');
    await expect(winbacks.fail(rep, 'd1', 'no interest')).rejects.toMatchObject({ code: 'conflict' });
    expect(await store.winbacks.openFor('d1')).toEqual(before);
    expect((await store.dossiers.get('d1'))?.stage).toBe('lost');
    expect(await eventTypes()).not.toContain('winback.ended');
    // The end can be retried: the dossier is no longer in winback, so it ends without a move (the colleague won).
    expect(await winbacks.fail(rep, 'd1', 'no interest')).toMatchObject({ status: 'failed' });
    expect((await store.dossiers.stageHistory('d1')).map((c) => c.reason)).toEqual(['colleague', 'Win-back started']);
  });

  it('an end that succeeds moves the dossier in the same write', async () => {
    await winbacks.start(rep, 'd1', {});
    await winbacks.fail(rep, 'd1', 'no interest');
    expect((await store.dossiers.get('d1'))?.stage).toBe('lost');
    expect((await store.winbacks.listFor('d1'))[0]).toMatchObject({ status: 'failed', endReason: 'no interest' });
    expect((await eventTypes()).slice(-2)).toEqual(['winback.ended', 'dossier.stage_changed']);
  });
});
