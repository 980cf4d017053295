import type { Db } from 'mongodb';
import type { IntakeKey, IntakeStore } from '../../features/intake/intake-store';
import { writeMongoEvents } from './mongo-activity-store';
import { inTransaction, withConflict, type MongoContext } from './mongo-support';

type KeyDoc = Omit<IntakeKey, 'id'> & { _id: string };
/** One document per (team, key, dossier): _id makes IL2's repeat a no-op. */
interface LeadDoc {
  _id: string;
  teamId: string;
  key: string;
  dossierId: string;
  at: number;
}
interface TurnDoc {
  _id: string;
  turn: number;
}

const toKey = ({ _id, ...rest }: KeyDoc): IntakeKey => ({ id: _id, ...rest });

export async function ensureMongoIntakeIndexes(db: Db): Promise<void> {
  await db
    .collection<KeyDoc>('intake_keys')
    .createIndexes([{ key: { hash: 1 }, unique: true }, { key: { teamId: 1, createdAt: -1, _id: -1 } }]);
  await db.collection<LeadDoc>('intake_leads').createIndex({ teamId: 1, key: 1, at: 1 });
}

/** Intake keys, lead ledger and round-robin turns in MongoDB (IntakeStore IK1..RR1). */
export function createMongoIntakeStore(ctx: MongoContext): IntakeStore {
  const keys = ctx.db.collection<KeyDoc>('intake_keys');
  const leads = ctx.db.collection<LeadDoc>('intake_leads');
  const turns = ctx.db.collection<TurnDoc>('intake_turns');
  return {
    async createKey(key, events) {
      const { id, ...rest } = key;
      await withConflict(`intake key ${key.id}`, () =>
        inTransaction(ctx, async (session) => {
          await keys.insertOne({ _id: id, ...rest }, { session });
          await writeMongoEvents(ctx.db, session, events);
        })
      );
    },
    async listKeys(teamId) {
      return (await keys.find({ teamId }).sort({ createdAt: -1, _id: -1 }).toArray()).map(toKey);
    },
    async findKeyByHash(hash) {
      const doc = await keys.findOne({ hash });
      return doc ? toKey(doc) : null;
    },
    async revokeKey({ teamId, id, at, events }) {
      return inTransaction(ctx, async (session) => {
        const doc = await keys.findOne({ _id: id, teamId }, { session });
        if (!doc) return null;
        if (doc.revokedAt !== null) return toKey(doc);
        await keys.updateOne({ _id: id }, { $set: { revokedAt: at } }, { session });
        await writeMongoEvents(ctx.db, session, events);
        return toKey({ ...doc, revokedAt: at });
      });
    },
    async touchKey(id, at) {
      await keys.updateOne({ _id: id }, { $set: { lastUsedAt: at } });
    },
    async findLead(teamId, leadKeys) {
      if (leadKeys.length === 0) return null;
      const doc = await leads
        .find({ teamId, key: { $in: [...leadKeys] } })
        .sort({ at: 1, _id: 1 })
        .limit(1)
        .next();
      return doc?.dossierId ?? null;
    },
    async recordLead({ teamId, dossierId, keys: leadKeys, at, events }) {
      await inTransaction(ctx, async (session) => {
        // Upserts, not inserts: a duplicate-key error would abort the whole transaction (IL2 repeats are no-ops).
        for (const key of leadKeys) {
          const _id = JSON.stringify([teamId, key, dossierId]);
          await leads.updateOne({ _id }, { $setOnInsert: { teamId, key, dossierId, at } }, { upsert: true, session });
        }
        await writeMongoEvents(ctx.db, session, events);
      });
    },
    async nextTurn(teamId) {
      // $inc on an upsert is atomic per document; the first call creates turn 1, so subtract one for 0-based.
      const doc = await turns.findOneAndUpdate(
        { _id: teamId },
        { $inc: { turn: 1 } },
        { upsert: true, returnDocument: 'after' }
      );
      return doc!.turn - 1;
    }
  };
}
