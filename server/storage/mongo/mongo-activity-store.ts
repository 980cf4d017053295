import type { ClientSession, Db, Filter } from 'mongodb';
import type { EventType, NewEvent, StoredEvent } from '../../kernel/events';
import type { ActivityStore } from '../../features/feed/activity-store';
import { projectMongoGapEvents } from './mongo-coverage-gap-store';
import { inTransaction, withConflict, type MongoContext } from './mongo-support';

type EventDoc = Omit<StoredEvent, 'id'> & { _id: string };
interface CounterDoc {
  _id: string;
  seq: number;
}
const COUNTER = 'activity';

/** Indexes this store relies on, and the seq counter (created outside any transaction). */
export async function ensureMongoActivityIndexes(db: Db): Promise<void> {
  const activity = db.collection<EventDoc>('activity');
  await activity.createIndex({ seq: 1 }, { unique: true });
  await activity.createIndex({ teamId: 1, seq: 1 });
  await activity.createIndex({ at: 1 });
  // AS7: a dossier's timeline entries in (at desc, id desc) order.
  await activity.createIndex({ dossierId: 1, at: -1, _id: -1 });
  // AS9: the feed filtered by person.
  await activity.createIndex({ actorId: 1, seq: 1 });
  await activity.createIndex({ onBehalfOfId: 1, seq: 1 }, { sparse: true });
  await db
    .collection<CounterDoc>('counters')
    .updateOne({ _id: COUNTER }, { $setOnInsert: { seq: 0 } }, { upsert: true });
}

/**
 * Writes events inside the caller's transaction. The seqs come from one counter document incremented in the
 * same transaction: concurrent writers conflict on it and the driver retries the later one after the earlier
 * committed, so seqs are gap-free (an aborted transaction rolls its increment back) and become visible in
 * seq order (AS1) — without it, two inserts could commit out of order and a reader could pass a hole.
 */
export async function writeMongoEvents(
  db: Db,
  session: ClientSession,
  events: readonly NewEvent[]
): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const counter = await db
    .collection<CounterDoc>('counters')
    .findOneAndUpdate({ _id: COUNTER }, { $inc: { seq: events.length } }, { session, returnDocument: 'after' });
  if (!counter) throw new Error('activity counter missing (ensureMongoActivityIndexes creates it)');
  const first = counter.seq - events.length + 1;
  const stored = events.map((event, i) => ({ ...event, seq: first + i }) as StoredEvent);
  await db.collection<EventDoc>('activity').insertMany(
    stored.map(({ id, ...rest }) => ({ _id: id, ...rest })),
    { session }
  );
  // Gap events carry their state (CoverageGapStore GS1/GS2): applied in the same transaction.
  await projectMongoGapEvents(db, session, events);
  return stored;
}

/** The one place a document becomes an event again: it was written from a typed event. */
const toEvent = ({ _id, ...rest }: EventDoc): StoredEvent => ({ id: _id, ...rest }) as StoredEvent;

/** The activity log in MongoDB (see writeMongoEvents for how seqs stay gap-free and ordered). */
export function createMongoActivityStore(ctx: MongoContext): ActivityStore {
  const activity = ctx.db.collection<EventDoc>('activity');
  const counters = ctx.db.collection<CounterDoc>('counters');
  return {
    async append(events) {
      return withConflict('an event', () => inTransaction(ctx, (session) => writeMongoEvents(ctx.db, session, events)));
    },
    async listSince({ afterSeq, teamIds, types, limit }) {
      if (teamIds !== 'all' && teamIds.length === 0) return [];
      if (types && types.length === 0) return [];
      const filter: Filter<EventDoc> = { seq: { $gt: afterSeq } };
      if (teamIds !== 'all') filter.teamId = { $in: teamIds };
      if (types) filter.type = { $in: [...types] as EventType[] };
      const docs = await activity.find(filter).sort({ seq: 1 }).limit(limit).toArray();
      return docs.map(toEvent);
    },
    async listForDossier(dossierId, { types, before, limit }) {
      if (types.length === 0) return [];
      const filter: Filter<EventDoc> = { dossierId, type: { $in: [...types] } };
      if (before) filter.$or = [{ at: { $lt: before.at } }, { at: before.at, _id: { $lt: before.id } }];
      const docs = await activity.find(filter).sort({ at: -1, _id: -1 }).limit(limit).toArray();
      return docs.map(toEvent);
    },
    async listForDossiers({ dossierIds, types, from, to, limit }) {
      if (dossierIds.length === 0 || types.length === 0) return [];
      const docs = await activity
        .find({ dossierId: { $in: [...dossierIds] }, type: { $in: [...types] }, at: { $gte: from, $lt: to } })
        .sort({ at: 1, seq: 1 })
        .limit(limit)
        .toArray();
      return docs.map(toEvent);
    },
    async listPage(query) {
      const dossierIds = [...(query.dossierIds ?? [])];
      if (query.teamIds !== 'all' && query.teamIds.length === 0 && dossierIds.length === 0) return [];
      if (query.types && query.types.length === 0) return [];
      const and: Filter<EventDoc>[] = [];
      if (query.teamIds !== 'all') {
        and.push({ $or: [{ teamId: { $in: [...query.teamIds] } }, { dossierId: { $in: dossierIds } }] });
      }
      if (query.userId !== undefined) and.push({ $or: [{ actorId: query.userId }, { onBehalfOfId: query.userId }] });
      if (query.dossierId !== undefined) and.push({ dossierId: query.dossierId });
      if (query.types) and.push({ type: { $in: [...query.types] } });
      if (query.pointOfSale !== undefined) and.push({ 'data.item.pointOfSale': query.pointOfSale } as Filter<EventDoc>);
      const seq: { $gt?: number; $lt?: number } = {};
      if (query.afterSeq !== undefined) seq.$gt = query.afterSeq;
      if (query.beforeSeq !== undefined) seq.$lt = query.beforeSeq;
      if (query.afterSeq !== undefined || query.beforeSeq !== undefined) and.push({ seq });
      const docs = await activity
        .find(and.length ? { $and: and } : {})
        .sort({ seq: query.order === 'oldest' ? 1 : -1 })
        .limit(query.limit)
        .toArray();
      return docs.map(toEvent);
    },
    async bounds() {
      const [oldest, counter] = await Promise.all([
        activity
          .find({}, { projection: { seq: 1 } })
          .sort({ seq: 1 })
          .limit(1)
          .next(),
        counters.findOne({ _id: COUNTER })
      ]);
      return { oldestSeq: oldest?.seq ?? null, lastSeq: counter?.seq ?? 0 };
    },
    async deleteOlderThan(at) {
      return (await activity.deleteMany({ at: { $lt: at } })).deletedCount;
    }
  };
}
