import type { Db } from 'mongodb';
import type { SessionStore } from '../../features/identity/session-store';
import type { Session } from '../../kernel/types';
import { withConflict } from './mongo-support';

type SessionDoc = Omit<Session, 'id'> & { _id: string };

/** Indexes this store relies on; created on start. */
export async function ensureMongoSessionIndexes(db: Db): Promise<void> {
  await db.collection<SessionDoc>('sessions').createIndex({ expiresAt: 1 });
}

/** Sessions in MongoDB, keyed by the token hash. Expiry is swept by deleteExpired, not a TTL index. */
export function createMongoSessionStore(db: Db): SessionStore {
  const sessions = db.collection<SessionDoc>('sessions');
  return {
    async create(session) {
      const { id, ...rest } = session;
      await withConflict('session', () => sessions.insertOne({ _id: id, ...rest }));
    },
    async get(id) {
      const doc = await sessions.findOne({ _id: id });
      if (!doc) return null;
      const { _id, ...rest } = doc;
      return { id: _id, ...rest };
    },
    async touch(id, lastSeenAt, expiresAt) {
      await sessions.updateOne({ _id: id }, { $set: { lastSeenAt, expiresAt } });
    },
    async delete(id) {
      await sessions.deleteOne({ _id: id });
    },
    async deleteExpired(now) {
      return (await sessions.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
    }
  };
}
