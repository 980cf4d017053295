import type { Db } from 'mongodb';
import type { WinbackProcess, WinbackStore } from '../../features/winback/winback-store';
import { writeMongoEvents } from './mongo-activity-store';
import { inTransaction, withConflict, type MongoContext } from './mongo-support';

type WinbackDoc = Omit<WinbackProcess, 'id'> & { _id: string };

const toDoc = ({ id, ...rest }: WinbackProcess): WinbackDoc => ({ _id: id, ...rest });
const toProcess = ({ _id, ...rest }: WinbackDoc): WinbackProcess => ({ id: _id, ...rest });

/** WS1: one open process per dossier (a partial unique index); the dossier's history; the board by team. */
export async function ensureMongoWinbackIndexes(db: Db): Promise<void> {
  await db
    .collection<WinbackDoc>('winbacks')
    .createIndexes([
      { key: { dossierId: 1 }, unique: true, partialFilterExpression: { status: 'open' }, name: 'winbacks_one_open' },
      { key: { dossierId: 1, startedAt: -1, _id: -1 } },
      { key: { teamId: 1, startedAt: 1 }, partialFilterExpression: { status: 'open' } }
    ]);
}

/** Win-back processes in MongoDB, steps embedded; every write and its events in one transaction. */
export function createMongoWinbackStore(ctx: MongoContext): WinbackStore {
  const { db } = ctx;
  const winbacks = db.collection<WinbackDoc>('winbacks');
  return {
    async create(process, events) {
      await withConflict(`an open win-back of dossier ${process.dossierId}`, () =>
        inTransaction(ctx, async (session) => {
          await winbacks.insertOne(toDoc({ ...process, revision: 0 }), { session });
          await writeMongoEvents(db, session, events);
        })
      );
    },
    async get(id) {
      const doc = await winbacks.findOne({ _id: id });
      return doc ? toProcess(doc) : null;
    },
    async openFor(dossierId) {
      const doc = await winbacks.findOne({ dossierId, status: 'open' });
      return doc ? toProcess(doc) : null;
    },
    async listFor(dossierId) {
      return (await winbacks.find({ dossierId }).sort({ startedAt: -1, _id: -1 }).toArray()).map(toProcess);
    },
    async save(process, expectedRevision, events) {
      const { _id, ...rest } = toDoc(process);
      const doc = await inTransaction(ctx, async (session) => {
        const updated = await winbacks.findOneAndUpdate(
          { _id, revision: expectedRevision },
          { $set: { ...rest, revision: expectedRevision + 1 } },
          { session, returnDocument: 'after' }
        );
        if (updated) await writeMongoEvents(db, session, events);
        return updated;
      });
      return doc ? toProcess(doc) : null;
    },
    async listOpen(teamIds) {
      const filter =
        teamIds === 'all' ? { status: 'open' as const } : { status: 'open' as const, teamId: { $in: [...teamIds] } };
      return (await winbacks.find(filter).sort({ startedAt: 1, _id: 1 }).toArray()).map(toProcess);
    },
    async remove(id) {
      return (await winbacks.deleteOne({ _id: id, revision: 0 })).deletedCount === 1;
    }
  };
}
