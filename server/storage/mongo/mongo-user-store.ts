import type { Db } from 'mongodb';
import type { Team, User } from '../../kernel/types';
import { teamCalendar, type WorkingHours } from '../../kernel/team-calendar';
import type { UserStore } from '../../features/identity/user-store';
import { withConflict } from './mongo-support';

interface TeamDoc {
  _id: string;
  name: string;
  site: string;
  /** Absent on teams stored before issue #8: the defaults apply on read. */
  timeZone?: string;
  workingHours?: WorkingHours;
}
type UserDoc = Omit<User, 'id'> & {
  _id: string;
  /** Lower-cased email; unique index: uniqueness and lookup are case-insensitive. */
  emailKey: string;
};

const toTeam = (d: TeamDoc): Team => ({ id: d._id, name: d.name, site: d.site, ...teamCalendar(d) });
const toUser = (d: UserDoc): User => ({
  id: d._id,
  email: d.email,
  name: d.name,
  role: d.role,
  locale: d.locale,
  teamIds: d.teamIds,
  passwordHash: d.passwordHash,
  createdAt: d.createdAt
});

/** Indexes this store relies on; created on start. */
export async function ensureMongoUserIndexes(db: Db): Promise<void> {
  await db.collection<UserDoc>('users').createIndex({ emailKey: 1 }, { unique: true });
  await db.collection<UserDoc>('users').createIndex({ teamIds: 1 });
}

/** Users and teams in MongoDB. */
export function createMongoUserStore(db: Db): UserStore {
  const teams = db.collection<TeamDoc>('teams');
  const users = db.collection<UserDoc>('users');
  return {
    async createTeam(team) {
      await withConflict(`team ${team.id}`, () =>
        teams.insertOne({ _id: team.id, name: team.name, site: team.site, ...teamCalendar(team) })
      );
    },
    async getTeams(ids) {
      if (ids.length === 0) return [];
      return (await teams.find({ _id: { $in: ids } }).toArray()).map(toTeam);
    },
    async listTeams() {
      return (await teams.find().sort({ name: 1, _id: 1 }).toArray()).map(toTeam);
    },
    async createUser(user) {
      const { id, ...rest } = user;
      await withConflict(`user ${user.id} or email ${user.email}`, () =>
        users.insertOne({ _id: id, ...rest, emailKey: user.email.toLowerCase() })
      );
    },
    async getUser(id) {
      const doc = await users.findOne({ _id: id });
      return doc ? toUser(doc) : null;
    },
    async findUserByEmail(email) {
      const doc = await users.findOne({ emailKey: email.toLowerCase() });
      return doc ? toUser(doc) : null;
    },
    async getUserNames(ids) {
      const names = new Map<string, string>();
      if (ids.length === 0) return names;
      const docs = await users.find({ _id: { $in: ids } }, { projection: { name: 1 } }).toArray();
      for (const doc of docs) names.set(doc._id, doc.name);
      return names;
    },
    async listUsersOfTeam(teamId) {
      return (await users.find({ teamIds: teamId }).sort({ name: 1, _id: 1 }).toArray()).map(toUser);
    },
    async countUsers() {
      return users.countDocuments();
    }
  };
}
