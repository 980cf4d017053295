import { expect, it } from 'vitest';
import type { User } from '../../server/kernel/types';
import type { StoreContext } from './store-contract';

const user = (over: Partial<User> = {}): User => ({
  id: 'u1',
  email: 'Anna.Weber@example.com',
  name: 'Anna Weber',
  role: 'rep',
  locale: 'de',
  teamIds: ['t2', 't1'],
  passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
  createdAt: 1_700_000_000_000,
  ...over
});

/** UserStore rules US1..US7. */
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
}
