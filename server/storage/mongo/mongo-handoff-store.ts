import type { Db, Filter } from 'mongodb';
import type { Handoff, HandoffStore } from '../../features/continuity/handoff-store';
import { DomainError } from '../../kernel/domain-error';
import { writeMongoEvents } from './mongo-activity-store';
import { changeMongoOwner } from './mongo-dossier-store';
import { inTransaction, withConflict, type MongoContext } from './mongo-support';

type HandoffDoc = Omit<Handoff, 'id'> & { _id: string };

const toDoc = ({ id, ...rest }: Handoff): HandoffDoc => ({ _id: id, ...rest });
const toHandoff = ({ _id, ...rest }: HandoffDoc): Handoff => ({ id: _id, ...rest });
const OPEN: Filter<HandoffDoc> = { status: { $in: ['pending', 'picked_up'] } };

/** Indexes mirroring the SQLite ones: lists by person, open temporary ones by until, pending ones by createdAt. */
export async function ensureMongoHandoffIndexes(db: Db): Promise<void> {
  await db
    .collection<HandoffDoc>('handoffs')
    .createIndexes([
      { key: { toUserId: 1, createdAt: -1, _id: -1 } },
      { key: { fromUserId: 1, createdAt: -1, _id: -1 } },
      { key: { byId: 1, createdAt: -1, _id: -1 } },
      { key: { until: 1 }, partialFilterExpression: { status: { $in: ['pending', 'picked_up'] } } },
      { key: { createdAt: 1 }, partialFilterExpression: { status: 'pending', escalatedAt: null } }
    ]);
}

/** Hand-offs in MongoDB, the briefing embedded; every change and its events in one transaction. */
export function createMongoHandoffStore(ctx: MongoContext): HandoffStore {
  const { db } = ctx;
  const handoffs = db.collection<HandoffDoc>('handoffs');
  return {
    async create(handoff, events) {
      await withConflict(`hand-off ${handoff.id}`, () =>
        inTransaction(ctx, async (session) => {
          await handoffs.insertOne(toDoc(handoff), { session });
          await writeMongoEvents(db, session, events);
        })
      );
    },
    async createPermanent(handoff, change, events) {
      // HO12: one transaction; a throw inside (conflict, not_found) aborts it, so nothing of it is kept.
      await withConflict(`hand-off ${handoff.id}`, () =>
        inTransaction(ctx, async (session) => {
          await handoffs.insertOne(toDoc(handoff), { session });
          const moved = await changeMongoOwner(db, session, change);
          if (!moved) throw new DomainError('not_found', 'dossier not found');
          await writeMongoEvents(db, session, events);
        })
      );
    },
    async get(id) {
      const doc = await handoffs.findOne({ _id: id });
      return doc ? toHandoff(doc) : null;
    },
    async listFor({ userId, role, statuses, limit }) {
      const who: Filter<HandoffDoc> =
        role === 'to'
          ? { toUserId: userId }
          : role === 'from'
            ? { $or: [{ fromUserId: userId }, { byId: userId }] }
            : { $or: [{ toUserId: userId }, { fromUserId: userId }, { byId: userId }] };
      const filter: Filter<HandoffDoc> = statuses ? { $and: [who, { status: { $in: [...statuses] } }] } : who;
      const docs = await handoffs.find(filter).sort({ createdAt: -1, _id: -1 }).limit(limit).toArray();
      return docs.map(toHandoff);
    },
    async inForce(at) {
      const docs = await handoffs.find({ ...OPEN, until: { $ne: null, $gt: at }, createdAt: { $lte: at } }).toArray();
      return docs.map(toHandoff);
    },
    async pickUp(id, at, events) {
      const doc = await inTransaction(ctx, async (session) => {
        const updated = await handoffs.findOneAndUpdate(
          { _id: id, status: 'pending' },
          { $set: { status: 'picked_up', pickedUpAt: at } },
          { session, returnDocument: 'after' }
        );
        if (updated) await writeMongoEvents(db, session, events);
        return updated;
      });
      return doc ? toHandoff(doc) : null;
    },
    async dueReturns(now, limit) {
      const docs = await handoffs
        .find({ ...OPEN, until: { $ne: null, $lte: now } })
        .sort({ until: 1, _id: 1 })
        .limit(limit)
        .toArray();
      return docs.map(toHandoff);
    },
    async claimReturn(id, at, events) {
      return inTransaction(ctx, async (session) => {
        const result = await handoffs.updateOne(
          { _id: id, ...OPEN, until: { $ne: null, $lte: at } },
          { $set: { status: 'returned', returnedAt: at } },
          { session }
        );
        if (result.modifiedCount !== 1) return false;
        await writeMongoEvents(db, session, events);
        return true;
      });
    },
    async dueEscalations(createdBefore, limit) {
      const docs = await handoffs
        .find({ status: 'pending', escalatedAt: null, createdAt: { $lte: createdBefore } })
        .sort({ createdAt: 1, _id: 1 })
        .limit(limit)
        .toArray();
      return docs.map(toHandoff);
    },
    async claimEscalation(id, at, events) {
      return inTransaction(ctx, async (session) => {
        const result = await handoffs.updateOne(
          { _id: id, status: 'pending', escalatedAt: null },
          { $set: { escalatedAt: at } },
          { session }
        );
        if (result.modifiedCount !== 1) return false;
        await writeMongoEvents(db, session, events);
        return true;
      });
    },
    async cancel(id, events) {
      const doc = await inTransaction(ctx, async (session) => {
        const updated = await handoffs.findOneAndUpdate(
          { _id: id, ...OPEN },
          { $set: { status: 'cancelled' } },
          { session, returnDocument: 'after' }
        );
        if (updated) await writeMongoEvents(db, session, events);
        return updated;
      });
      return doc ? toHandoff(doc) : null;
    },
    async withdraw(id, change, events) {
      // HO13: the status flip, a permanent one's owner moving back and the events commit together or not at all.
      const doc = await inTransaction(ctx, async (session) => {
        const updated = await handoffs.findOneAndUpdate(
          { _id: id, status: 'pending' },
          { $set: { status: 'cancelled' } },
          { session, returnDocument: 'after' }
        );
        if (!updated) return null;
        if (change && !(await changeMongoOwner(db, session, change))) {
          throw new DomainError('not_found', 'dossier not found');
        }
        await writeMongoEvents(db, session, events);
        return updated;
      });
      return doc ? toHandoff(doc) : null;
    }
  };
}
