import type { Role, Locale } from '../../../src/lib/contract';
import type { Team, User } from '../../kernel/types';
import { teamCalendar, type WorkingHours } from '../../kernel/team-calendar';
import type { UserStore } from '../../features/identity/user-store';
import type { NewEvent } from '../../kernel/events';
import { createSqliteEventWriter } from './sqlite-activity-store';
import { withConflict } from './sqlite-errors';
import type { SqliteDatabase } from './open-sqlite-database';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  locale: string;
  password_hash: string;
  team_ids: string;
  created_at: number;
  deputy_id: string | null;
  deactivated_at: number | null;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role as Role,
  locale: row.locale as Locale,
  teamIds: JSON.parse(row.team_ids) as string[],
  passwordHash: row.password_hash,
  createdAt: row.created_at,
  deputyId: row.deputy_id,
  deactivatedAt: row.deactivated_at
});

interface TeamRow {
  id: string;
  name: string;
  site: string;
  time_zone: string;
  working_hours: string;
}

const toTeam = (r: TeamRow): Team => ({
  id: r.id,
  name: r.name,
  site: r.site,
  timeZone: r.time_zone,
  workingHours: JSON.parse(r.working_hours) as WorkingHours
});

/** Users and teams in SQLite. Id lists are passed as one JSON parameter so each statement is prepared once. */
export function createSqliteUserStore(db: SqliteDatabase): UserStore {
  const insertTeam = db.prepare(
    'INSERT INTO teams (id, name, site, time_zone, working_hours) VALUES (@id, @name, @site, @timeZone, @workingHours)'
  );
  const selectTeams = db.prepare<[string], TeamRow>('SELECT * FROM teams WHERE id IN (SELECT value FROM json_each(?))');
  const selectAllTeams = db.prepare<[], TeamRow>('SELECT * FROM teams ORDER BY name, id');
  const insertUser = db.prepare(
    `INSERT INTO users (id, email, email_key, name, role, locale, password_hash, team_ids, created_at, deputy_id,
       deactivated_at)
     VALUES (@id, @email, @emailKey, @name, @role, @locale, @passwordHash, @teamIds, @createdAt, @deputyId,
       @deactivatedAt)`
  );
  const insertMembership = db.prepare('INSERT OR IGNORE INTO user_teams (team_id, user_id) VALUES (?, ?)');
  const selectUser = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const selectUserByEmail = db.prepare<[string], UserRow>('SELECT * FROM users WHERE email_key = ?');
  const selectNames = db.prepare<[string], { id: string; name: string }>(
    'SELECT id, name FROM users WHERE id IN (SELECT value FROM json_each(?))'
  );
  const selectUsersOfTeam = db.prepare<[string], UserRow>(
    `SELECT u.* FROM user_teams t JOIN users u ON u.id = t.user_id WHERE t.team_id = ? ORDER BY u.name, u.id`
  );
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM users');
  const selectAll = db.prepare<[], UserRow>('SELECT * FROM users ORDER BY name, id');
  const selectActive = db.prepare<[], UserRow>('SELECT * FROM users WHERE deactivated_at IS NULL ORDER BY name, id');
  const updateDeputy = db.prepare('UPDATE users SET deputy_id = ? WHERE id = ?');
  const updateDeactivated = db.prepare('UPDATE users SET deactivated_at = ? WHERE id = ? AND deactivated_at IS NULL');
  const writeEvents = createSqliteEventWriter(db);

  const setDeputy = db.transaction((userId: string, deputyId: string | null, events: readonly NewEvent[]) => {
    if (updateDeputy.run(deputyId, userId).changes !== 1) return null;
    writeEvents(events);
    return toUser(selectUser.get(userId)!);
  });
  const deactivate = db.transaction((userId: string, at: number, events: readonly NewEvent[]) => {
    if (updateDeactivated.run(at, userId).changes !== 1) return null;
    writeEvents(events);
    return toUser(selectUser.get(userId)!);
  });

  const createUser = db.transaction((user: User) => {
    insertUser.run({
      ...user,
      emailKey: user.email.toLowerCase(),
      teamIds: JSON.stringify(user.teamIds)
    });
    for (const teamId of user.teamIds) insertMembership.run(teamId, user.id);
  });

  return {
    async createTeam(team) {
      const { timeZone, workingHours } = teamCalendar(team);
      withConflict(`team ${team.id}`, () =>
        insertTeam.run({
          id: team.id,
          name: team.name,
          site: team.site,
          timeZone,
          workingHours: JSON.stringify(workingHours)
        })
      );
    },
    async getTeams(ids) {
      if (ids.length === 0) return [];
      return selectTeams.all(JSON.stringify(ids)).map(toTeam);
    },
    async listTeams() {
      return selectAllTeams.all().map(toTeam);
    },
    async createUser(user) {
      withConflict(`user ${user.id} or email ${user.email}`, () => createUser(user));
    },
    async getUser(id) {
      const row = selectUser.get(id);
      return row ? toUser(row) : null;
    },
    async findUserByEmail(email) {
      const row = selectUserByEmail.get(email.toLowerCase());
      return row ? toUser(row) : null;
    },
    async getUserNames(ids) {
      const names = new Map<string, string>();
      if (ids.length === 0) return names;
      for (const row of selectNames.all(JSON.stringify(ids))) names.set(row.id, row.name);
      return names;
    },
    async listUsersOfTeam(teamId) {
      return selectUsersOfTeam.all(teamId).map(toUser);
    },
    async countUsers() {
      return countAll.get()?.n ?? 0;
    },
    async listUsers(options) {
      return (options?.includeDeactivated ? selectAll : selectActive).all().map(toUser);
    },
    setDeputy: async ({ userId, deputyId, events }) => setDeputy(userId, deputyId, events),
    deactivate: async ({ userId, at, events }) => deactivate(userId, at, events)
  };
}
