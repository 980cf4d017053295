import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomIds } from '../../server/adapters/random-ids';
import { createDossierService } from '../../server/features/dossiers';
import { createEventOutbox } from '../../server/features/feed';
import { createUserService } from '../../server/features/identity';
import { createInteractionService, type OpenTicket } from '../../server/features/interactions';
import type { User } from '../../server/kernel/types';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';
import type { Store } from '../../server/storage/store';
import { dossier } from '../contract/dossier-fixtures';
import { manualClock } from '../helpers/start-test-server';

const rep: User = {
  id: 'u1',
  email: 'u1@example.de',
  name: 'Jörg Petersen',
  role: 'rep',
  locale: 'de',
  teamIds: ['t1'],
  passwordHash: '',
  createdAt: 0,
  deputyId: null,
  deactivatedAt: null
};

/** The service on a real SQLite store, with the dossier feature's own authorize; only openTicket varies. */
function serviceOn(store: Store, openTicket?: OpenTicket) {
  const clock = manualClock();
  const events = createEventOutbox({ clock, ids: randomIds, onCommitted: () => {} });
  const people = createUserService({ users: store.users });
  const dossiers = createDossierService({
    dossiers: store.dossiers,
    people,
    writeInitialDocument: async () => {},
    events,
    clock,
    ids: randomIds
  });
  return createInteractionService({
    interactions: store.interactions,
    activity: store.activity,
    dossiers,
    people,
    events,
    clock,
    ids: randomIds,
    openTicket
  });
}

describe('complaints open a ticket through the injected OpenTicket', () => {
  let store: Store;
  beforeEach(async () => {
    store = createSqliteStore({ file: ':memory:' });
    await store.users.createTeam({ id: 't1', name: 'Nord', site: 'Kiel' });
    await store.users.createUser(rep);
    await store.dossiers.create(dossier({ id: 'd1', teamId: 't1' }), []);
  });
  afterEach(() => store.close());

  it('a complaint returns the ticket id; the ticket is asked for with the dossier, actor and interaction', async () => {
    const asked: Parameters<OpenTicket>[0][] = [];
    const service = serviceOn(store, async (options) => {
      asked.push(options);
      return { id: 'ticket-1' };
    });
    const summary = 'Lieferung kam beschädigt an, Kunde verlangt Ersatz. '.repeat(3);
    const logged = await service.log(rep, 'd1', { type: 'complaint', pointOfSale: 'shop', summary });
    expect(logged.ticketId).toBe('ticket-1');
    expect(asked).toEqual([
      { dossierId: 'd1', title: expect.stringMatching(/^Lieferung kam.*…$/), actor: rep, interactionId: logged.id }
    ]);
    expect(asked[0].title.length).toBe(80);
    // Other types never open one.
    const noted = await service.log(rep, 'd1', { type: 'note', pointOfSale: 'shop', summary: 'Notiz' });
    expect(noted.ticketId).toBeUndefined();
    expect(asked).toHaveLength(1);
  });

  it('without OpenTicket a complaint is logged and carries no ticket id; the event is in the log', async () => {
    const service = serviceOn(store);
    const logged = await service.log(rep, 'd1', { type: 'complaint', pointOfSale: 'shop', summary: 'Defekt' });
    expect(logged).not.toHaveProperty('ticketId');
    const log = await store.activity.listSince({ afterSeq: 0, teamIds: 'all', limit: 10 });
    expect(log).toMatchObject([
      { type: 'interaction.logged', dossierId: 'd1', teamId: 't1', actorId: 'u1', data: { item: logged } }
    ]);
  });
});
