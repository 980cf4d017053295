import type { Db } from 'mongodb';
import type { SessionStore } from '../../features/identity/session-store';
import type { Session } from '../../kernel/types';
import { writeMongoEvents } from './mongo-activity-store';
import { inTransaction, withConflict, type MongoContext } from './mongo-support';

type SessionDoc = Omit<Session, 'id'> & { _id: string };

/** Indexes this store relies on; created on start. */
export async function ensureMongoSessionIndexes(db: Db): Promise<void> {
  await db.collection<SessionDoc>('sessions').createIndex({ expiresAt: 1 });
  // deleteAllOfUser (SS6): offboarding ends every session of a person at once.
  await db.collection<SessionDoc>('sessions').createIndex({ userId: 1 });
}

/**
 * Sessions in MongoDB, keyed by the token hash. Expiry is swept by deleteExpired, not a TTL index. create and
 * delete write their events in the same transaction.
 */
export function createMongoSessionStore(ctx: MongoContext): SessionStore {
  const { db } = ctx;
  const sessions = db.collection<SessionDoc>('sessions');
  return {
    async create(session, events) {
      const { id, ...rest } = session;
      await withConflict('session', () =>
        inTransaction(ctx, async (tx) => {
          await sessions.insertOne({ _id: id, ...rest }, { session: tx });
          await writeMongoEvents(db, tx, events);
        })
      );
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
    async delete(id, events) {
      await inTransaction(ctx, async (tx) => {
        const { deletedCount } = await sessions.deleteOne({ _id: id }, { session: tx });
        if (deletedCount > 0) await writeMongoEvents(db, tx, events);
      });
    },
    async deleteExpired(now) {
      return (await sessions.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
    },
    async deleteAllOfUser(userId, events) {
      return inTransaction(ctx, async (tx) => {
        const ids = (await sessions.find({ userId }, { session: tx, projection: { _id: 1 } }).toArray()).map(
          (d) => d._id
        );
        if (ids.length === 0) return ids;
        await sessions.deleteMany({ _id: { $in: ids } }, { session: tx });
        await writeMongoEvents(db, tx, events);
        return ids;
      });
    }
  };
}
