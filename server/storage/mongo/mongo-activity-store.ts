import type { Db } from 'mongodb';
import type { DomainEvent } from '../../kernel/types';
import type { ActivityStore } from '../../features/feed/activity-store';
import { withConflict } from './mongo-support';

type EventDoc = Omit<DomainEvent, 'id' | 'seq'> & { _id: string; seq: number };

/** Indexes this store relies on; created on start. */
export async function ensureMongoActivityIndexes(db: Db): Promise<void> {
  const activity = db.collection<EventDoc>('activity');
  await activity.createIndex({ seq: 1 }, { unique: true });
  await activity.createIndex({ teamId: 1, seq: 1 });
}

/**
 * The activity log in MongoDB; seq comes from a counter document ($inc). Caveat: two concurrent appends
 * can become visible out of seq order for a moment, so a reader resuming from the higher seq could skip
 * the lower one. Single-node deployments publish through one bus and append in order; a multi-node
 * MongoDB deployment should have readers trail the head (or use a change stream).
 */
export function createMongoActivityStore(db: Db): ActivityStore {
  const activity = db.collection<EventDoc>('activity');
  const counters = db.collection<{ _id: string; seq: number }>('counters');
  return {
    async append(event) {
      const counter = await counters.findOneAndUpdate(
        { _id: 'activity' },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: 'after' }
      );
      const seq = counter?.seq ?? 1;
      const { id, seq: _ignored, ...rest } = event;
      await withConflict(`event ${id}`, () => activity.insertOne({ _id: id, ...rest, seq }));
      return { ...rest, id, seq };
    },
    async listSince({ afterSeq, teamIds, limit }) {
      if (teamIds !== 'all' && teamIds.length === 0) return [];
      const filter =
        teamIds === 'all' ? { seq: { $gt: afterSeq } } : { seq: { $gt: afterSeq }, teamId: { $in: teamIds } };
      const docs = await activity.find(filter).sort({ seq: 1 }).limit(limit).toArray();
      return docs.map(({ _id, seq, ...rest }) => ({ seq, id: _id, ...rest }));
    }
  };
}
