import { expect, it } from 'vitest';
import type { User } from '../../server/kernel/types';
import { sessionEvent } from './activity-store.contract';
import type { StoreContext } from './store-contract';

const eventCount = async (store: StoreContext) => (await store().activity.bounds()).lastSeq;

const user = (over: Partial<User> = {}): User => ({
  id: 'u1',
  email: 'Anna.Weber@example.com',
  name: 'Anna Weber',
  role: 'rep',
  locale: 'de',
  teamIds: ['t2', 't1'],
  passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
  createdAt: 1_700_000_000_000,
  deputyId: null,
  deactivatedAt: null,
  ...over
});

/** UserStore rules US1..US10. */
export function userStoreContract(store: StoreContext): void {
  it('US1 createTeam then getTeams and listTeams return it', async () => {
    const team = { id: 't1', name: 'Nord', site: 'Hamburg' };
    await store().users.createTeam(team);
    expect(await store().users.getTeams(['t1'])).toMatchObject([team]);
    expect(await store().users.listTeams()).toMatchObject([team]);
  });

  it('US1 a team reads back with its time zone and working hours, defaulting to Europe/Berlin Mon–Fri 08–17', async () => {
    const hours = { days: [1, 2, 3, 4, 5, 6], startMinute: 9 * 60, endMinute: 18 * 60 };
    await store().users.createTeam({ id: 't1', name: 'Nord', site: 'Hamburg' });
    await store().users.createTeam({
      id: 't2',
      name: 'NY',
      site: 'New York',
      timeZone: 'America/New_York',
      workingHours: hours
    });
    const byId = new Map((await store().users.getTeams(['t1', 't2'])).map((t) => [t.id, t]));
    expect(byId.get('t1')).toMatchObject({
      timeZone: 'Europe/Berlin',
      workingHours: { days: [1, 2, 3, 4, 5], startMinute: 480, endMinute: 1020 }
    });
    expect(byId.get('t2')).toMatchObject({ timeZone: 'America/New_York', workingHours: hours });
  });

  it("US2 a duplicate team id rejects with DomainError 'conflict'", async () => {
    await store().users.createTeam({ id: 't1', name: 'Nord', site: 'Hamburg' });
    await expect(store().users.createTeam({ id: 't1', name: 'Other', site: 'Kiel' })).rejects.toMatchObject({
      name: 'DomainError',
      code: 'conflict'
    });
    expect(await store().users.listTeams()).toHaveLength(1);
  });

  it('US3 getTeams returns the teams with these ids and ignores unknown ids', async () => {
    await store().users.createTeam({ id: 't1', name: 'Nord', site: 'Hamburg' });
    await store().users.createTeam({ id: 't2', name: 'Süd', site: 'München' });
    await store().users.createTeam({ id: 't3', name: 'West', site: 'Köln' });
    const teams = await store().users.getTeams(['t3', 'nope', 't1']);
    expect(teams.map((t) => t.id).sort()).toEqual(['t1', 't3']);
    expect(await store().users.getTeams([])).toEqual([]);
  });

  it("US4 a second user with the same email in another case rejects with 'conflict'", async () => {
    await store().users.createUser(user());
    await expect(store().users.createUser(user({ id: 'u2', email: 'anna.WEBER@example.com' }))).rejects.toMatchObject({
      code: 'conflict'
    });
    await expect(store().users.createUser(user({ email: 'other@example.com' }))).rejects.toMatchObject({
      code: 'conflict'
    });
    expect(await store().users.countUsers()).toBe(1);
  });

  it('US5 getUser returns an equal user and resolves null for an unknown id', async () => {
    const u = user();
    await store().users.createUser(u);
    expect(await store().users.getUser('u1')).toEqual(u);
    expect(await store().users.getUser('nope')).toBeNull();
  });

  it('US6 findUserByEmail ignores case and resolves null for an unknown email', async () => {
    const u = user();
    await store().users.createUser(u);
    expect(await store().users.findUserByEmail('ANNA.weber@EXAMPLE.com')).toEqual(u);
    expect(await store().users.findUserByEmail('nobody@example.com')).toBeNull();
  });

  it('US7 getUserNames maps known ids to names and omits unknown ids', async () => {
    await store().users.createUser(user());
    await store().users.createUser(user({ id: 'u2', email: 'jorg@example.com', name: 'Jörg Krüger' }));
    const names = await store().users.getUserNames(['u2', 'ghost', 'u1']);
    expect(Object.fromEntries(names)).toEqual({ u1: 'Anna Weber', u2: 'Jörg Krüger' });
    expect((await store().users.getUserNames([])).size).toBe(0);
  });

  it('US7 listUsersOfTeam includes users in several teams and countUsers counts all', async () => {
    await store().users.createUser(user());
    await store().users.createUser(user({ id: 'u2', email: 'b@example.com', teamIds: ['t1'] }));
    await store().users.createUser(user({ id: 'u3', email: 'c@example.com', teamIds: ['t3'] }));
    const ids = (await store().users.listUsersOfTeam('t1')).map((u) => u.id).sort();
    expect(ids).toEqual(['u1', 'u2']);
    expect(await store().users.listUsersOfTeam('empty')).toEqual([]);
    expect(await store().users.countUsers()).toBe(3);
  });

  it('US8 listUsers leaves deactivated users out unless asked, ordered by name', async () => {
    await store().users.createUser(user({ id: 'u1', name: 'Zora', email: 'z@example.com' }));
    await store().users.createUser(user({ id: 'u2', name: 'Anna', email: 'a@example.com' }));
    await store().users.createUser(user({ id: 'u3', name: 'Bert', email: 'b@example.com', deactivatedAt: 5 }));
    expect((await store().users.listUsers()).map((u) => u.id)).toEqual(['u2', 'u1']);
    expect((await store().users.listUsers({ includeDeactivated: true })).map((u) => u.id)).toEqual(['u2', 'u3', 'u1']);
  });

  it('US9 setDeputy sets and clears the deputy with its events; an unknown user writes nothing', async () => {
    await store().users.createUser(user());
    await store().users.createUser(user({ id: 'u2', email: 'b@example.com' }));
    expect(await store().users.setDeputy({ userId: 'u1', deputyId: 'u2', events: [sessionEvent('e1')] })).toMatchObject(
      { id: 'u1', deputyId: 'u2' }
    );
    expect(await store().users.getUser('u1')).toMatchObject({ deputyId: 'u2', deactivatedAt: null });
    expect(await store().users.setDeputy({ userId: 'u1', deputyId: null, events: [] })).toMatchObject({
      deputyId: null
    });
    expect(await store().users.setDeputy({ userId: 'ghost', deputyId: 'u2', events: [sessionEvent('e2')] })).toBeNull();
    expect(await eventCount(store)).toBe(1);
  });

  it('US10 deactivate succeeds exactly once (also when raced), with its events; the user stays readable', async () => {
    await store().users.createUser(user());
    const results = await Promise.all(
      [1, 2, 3].map((i) => store().users.deactivate({ userId: 'u1', at: 100 + i, events: [sessionEvent(`e${i}`)] }))
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await eventCount(store)).toBe(1);
    expect((await store().users.getUser('u1'))?.deactivatedAt).toBeGreaterThan(100);
    expect(await store().users.deactivate({ userId: 'ghost', at: 1, events: [] })).toBeNull();
  });
}
