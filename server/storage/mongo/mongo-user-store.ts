import type { Db } from 'mongodb';
import type { Team, User } from '../../kernel/types';
import { teamCalendar, type WorkingHours } from '../../kernel/team-calendar';
import type { UserStore } from '../../features/identity/user-store';
import { writeMongoEvents } from './mongo-activity-store';
import { inTransaction, withConflict, type MongoContext } from './mongo-support';

interface TeamDoc {
  _id: string;
  name: string;
  site: string;
  /** Absent on teams stored before issue #8: the defaults apply on read. */
  timeZone?: string;
  workingHours?: WorkingHours;
}
type UserDoc = Omit<User, 'id' | 'deputyId' | 'deactivatedAt'> & {
  _id: string;
  /** Absent on users stored before issue #9: read as null. */
  deputyId?: string | null;
  deactivatedAt?: number | null;
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
  createdAt: d.createdAt,
  deputyId: d.deputyId ?? null,
  deactivatedAt: d.deactivatedAt ?? null
});

/** Indexes this store relies on; created on start. */
export async function ensureMongoUserIndexes(db: Db): Promise<void> {
  await db.collection<UserDoc>('users').createIndex({ emailKey: 1 }, { unique: true });
  await db.collection<UserDoc>('users').createIndex({ teamIds: 1 });
  await db.collection<UserDoc>('users').createIndex({ deputyId: 1 }, { sparse: true });
}

/** Users and teams in MongoDB. */
export function createMongoUserStore(ctx: MongoContext): UserStore {
  const { db } = ctx;
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
    },
    async listUsers(options) {
      // deactivatedAt: null also matches documents without the field (stored before issue #9).
      const filter = options?.includeDeactivated ? {} : { deactivatedAt: null };
      return (await users.find(filter).sort({ name: 1, _id: 1 }).toArray()).map(toUser);
    },
    async setDeputy({ userId, deputyId, events }) {
      return inTransaction(ctx, async (session) => {
        const doc = await users.findOneAndUpdate(
          { _id: userId },
          { $set: { deputyId } },
          { session, returnDocument: 'after' }
        );
        if (!doc) return null;
        await writeMongoEvents(db, session, events);
        return toUser(doc);
      });
    },
    async deactivate({ userId, at, events }) {
      return inTransaction(ctx, async (session) => {
        const doc = await users.findOneAndUpdate(
          { _id: userId, deactivatedAt: null },
          { $set: { deactivatedAt: at } },
          { session, returnDocument: 'after' }
        );
        if (!doc) return null;
        await writeMongoEvents(db, session, events);
        return toUser(doc);
      });
    }
  };
}
