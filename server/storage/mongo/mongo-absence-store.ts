import type { Db, Filter } from 'mongodb';
import type { NewEvent } from '../../kernel/events';
import { absenceEnd, type Absence, type AbsenceStore } from '../../features/continuity/absence-store';
import { writeMongoEvents } from './mongo-activity-store';
import { inTransaction, withConflict, type MongoContext } from './mongo-support';

/** `endsAt` = min(to, endedAt), kept with every write so overlap and due-end queries compare one field. */
type AbsenceDoc = Omit<Absence, 'id'> & { _id: string; endsAt: number };

const toDoc = ({ id, ...rest }: Absence): AbsenceDoc => ({ _id: id, ...rest, endsAt: absenceEnd(rest) });
const toAbsence = ({ _id, endsAt: _endsAt, ...rest }: AbsenceDoc): Absence => ({ id: _id, ...rest });

/** Indexes mirroring the SQLite ones: by person, by window, and the jobs' rows not yet fired. */
export async function ensureMongoAbsenceIndexes(db: Db): Promise<void> {
  await db
    .collection<AbsenceDoc>('absences')
    .createIndexes([
      { key: { userId: 1, from: 1 } },
      { key: { endsAt: 1, from: 1 } },
      { key: { from: 1 }, partialFilterExpression: { startedFiredAt: null } },
      { key: { endsAt: 1 }, partialFilterExpression: { endedFiredAt: null } }
    ]);
}

/** Absences in MongoDB; every change and its events in one transaction. */
export function createMongoAbsenceStore(ctx: MongoContext): AbsenceStore {
  const { db } = ctx;
  const absences = db.collection<AbsenceDoc>('absences');
  // "Not cancelled before it began": endsAt > from, compared field to field.
  const notCancelled: Filter<AbsenceDoc> = { $expr: { $gt: ['$endsAt', '$from'] } };

  const claim =
    (field: 'startedFiredAt' | 'endedFiredAt') => async (id: string, at: number, events: readonly NewEvent[]) =>
      inTransaction(ctx, async (session) => {
        const result = await absences.updateOne(
          { _id: id, [field]: null },
          { $set: { [field]: at }, $inc: { version: 1 } },
          { session }
        );
        if (result.modifiedCount !== 1) return false;
        await writeMongoEvents(db, session, events);
        return true;
      });

  return {
    async create(absence, events) {
      await withConflict(`absence ${absence.id}`, () =>
        inTransaction(ctx, async (session) => {
          await absences.insertOne(toDoc(absence), { session });
          await writeMongoEvents(db, session, events);
        })
      );
    },
    async get(id) {
      const doc = await absences.findOne({ _id: id });
      return doc ? toAbsence(doc) : null;
    },
    async update(absence, expectedVersion, events) {
      return inTransaction(ctx, async (session) => {
        const { _id, ...fields } = toDoc({ ...absence, version: expectedVersion + 1 });
        const doc = await absences.findOneAndUpdate(
          { _id, version: expectedVersion },
          { $set: fields },
          { session, returnDocument: 'after' }
        );
        if (!doc) return null;
        await writeMongoEvents(db, session, events);
        return toAbsence(doc);
      });
    },
    async end({ id, at, events }) {
      return inTransaction(ctx, async (session) => {
        const current = await absences.findOne({ _id: id, endedAt: null, to: { $gt: at } }, { session });
        if (!current) return null;
        const doc = await absences.findOneAndUpdate(
          { _id: id, version: current.version },
          {
            $set: {
              endedAt: at,
              endsAt: Math.min(current.to, at),
              updatedAt: at,
              startedFiredAt: current.startedFiredAt ?? (current.from <= at ? at : null),
              endedFiredAt: at
            },
            $inc: { version: 1 }
          },
          { session, returnDocument: 'after' }
        );
        if (!doc) return null;
        await writeMongoEvents(db, session, events);
        return toAbsence(doc);
      });
    },
    async listOverlapping({ userIds, from, to }) {
      const filter: Filter<AbsenceDoc> = { endsAt: { $gt: from }, from: { $lt: to }, ...notCancelled };
      if (userIds !== 'all') filter.userId = { $in: [...userIds] };
      return (await absences.find(filter).sort({ from: 1, _id: 1 }).toArray()).map(toAbsence);
    },
    async inForceAt(at) {
      const filter: Filter<AbsenceDoc> = { endsAt: { $gt: at }, from: { $lte: at }, ...notCancelled };
      return (await absences.find(filter).sort({ from: 1, _id: 1 }).toArray()).map(toAbsence);
    },
    async dueStarts(now, limit) {
      const docs = await absences
        .find({ startedFiredAt: null, from: { $lte: now }, ...notCancelled })
        .sort({ from: 1, _id: 1 })
        .limit(limit)
        .toArray();
      return docs.map(toAbsence);
    },
    claimStart: claim('startedFiredAt'),
    async dueEnds(now, limit) {
      const docs = await absences
        .find({ endedFiredAt: null, startedFiredAt: { $ne: null }, endsAt: { $lte: now } })
        .sort({ endsAt: 1, _id: 1 })
        .limit(limit)
        .toArray();
      return docs.map(toAbsence);
    },
    claimEnd: claim('endedFiredAt')
  };
}
