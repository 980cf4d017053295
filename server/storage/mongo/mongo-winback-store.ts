import type { ClientSession, Db } from 'mongodb';
import { DomainError } from '../../kernel/domain-error';
import type { WinbackProcess, WinbackStageMove, WinbackStore } from '../../features/winback/winback-store';
import { writeMongoEvents } from './mongo-activity-store';
import { changeMongoStage } from './mongo-dossier-store';
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
  // WS6: after the process's own write, so a failing move (not_found, conflict) aborts both.
  const applyMove = async (session: ClientSession, move: WinbackStageMove | null | undefined) => {
    if (move && !(await changeMongoStage(db, session, move))) throw new DomainError('not_found', 'dossier not found');
  };
  return {
    async create(process, events, stageMove) {
      // Only the insert's duplicate key is WS1's conflict (the move reports its own as DomainError).
      await inTransaction(ctx, async (session) => {
        await withConflict(`an open win-back of dossier ${process.dossierId}`, () =>
          winbacks.insertOne(toDoc({ ...process, revision: 0 }), { session })
        );
        await applyMove(session, stageMove);
        await writeMongoEvents(db, session, events);
      });
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
    async save(process, expectedRevision, events, stageMove) {
      const { _id, ...rest } = toDoc(process);
      const doc = await inTransaction(ctx, async (session) => {
        const updated = await winbacks.findOneAndUpdate(
          { _id, revision: expectedRevision },
          { $set: { ...rest, revision: expectedRevision + 1 } },
          { session, returnDocument: 'after' }
        );
        if (!updated) return null;
        await applyMove(session, stageMove);
        await writeMongoEvents(db, session, events);
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
