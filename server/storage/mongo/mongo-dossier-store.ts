import { MongoBulkWriteError, type Db, type Filter, type Sort } from 'mongodb';
import { DomainError } from '../../kernel/domain-error';
import { decodeCursor, encodeCursor } from '../../kernel/list-cursor';
import { dossierSearchText, foldSearchText } from '../../kernel/search-text';
import type { Dossier } from '../../kernel/types';
import type { DossierStore } from '../../features/dossiers/dossier-store';
import { writeMongoEvents } from './mongo-activity-store';
import { escapeRegExp, inTransaction, withConflict, type MongoContext } from './mongo-support';

type DossierDoc = Omit<Dossier, 'id'> & {
  _id: string;
  /** Folded company: the 'name' sort key (binary string order, as in SQLite). */
  companySort: string;
  /** Folded company + city + contact names (dossierSearchText). */
  search: string;
};

const toDoc = (d: Dossier): DossierDoc => {
  const { id, ...rest } = d;
  return { _id: id, ...rest, companySort: foldSearchText(d.company), search: dossierSearchText(d) };
};
const toDossier = (doc: DossierDoc): Dossier => ({
  id: doc._id,
  teamId: doc.teamId,
  ownerId: doc.ownerId,
  company: doc.company,
  city: doc.city,
  industry: doc.industry,
  stage: doc.stage,
  tags: doc.tags,
  contactNames: doc.contactNames,
  createdAt: doc.createdAt,
  createdBy: doc.createdBy,
  updatedAt: doc.updatedAt
});

/** Indexes this store relies on; created on start. They mirror the SQLite ones (scope + sort key + _id). */
export async function ensureMongoDossierIndexes(db: Db): Promise<void> {
  const dossiers = db.collection<DossierDoc>('dossiers');
  await dossiers.createIndexes([
    { key: { teamId: 1, companySort: 1, _id: 1 } },
    { key: { teamId: 1, updatedAt: -1, _id: 1 } },
    { key: { companySort: 1, _id: 1 } },
    { key: { updatedAt: -1, _id: 1 } },
    { key: { ownerId: 1, companySort: 1, _id: 1 } },
    { key: { tags: 1, companySort: 1, _id: 1 } }
  ]);
}

/**
 * Dossiers in MongoDB. Search is an unanchored regex over the stored folded `search` field (the query is
 * folded and escaped). That is exact for the contract but scans every dossier in scope, unlike SQLite's
 * trigram index; an Atlas Search index would be the production answer for large data sets.
 */
export function createMongoDossierStore(ctx: MongoContext): DossierStore {
  const { db } = ctx;
  const dossiers = db.collection<DossierDoc>('dossiers');

  return {
    async create(dossier, events) {
      await withConflict(`dossier ${dossier.id}`, () =>
        inTransaction(ctx, async (session) => {
          await dossiers.insertOne(toDoc(dossier), { session });
          await writeMongoEvents(db, session, events);
        })
      );
    },
    async createMany(list) {
      if (list.length === 0) return;
      if (new Set(list.map((d) => d.id)).size !== list.length) {
        throw new DomainError('conflict', 'the batch repeats a dossier id');
      }
      try {
        await dossiers.insertMany(list.map(toDoc), { ordered: true });
      } catch (error) {
        // No multi-document transaction on a standalone server: undo what this ordered insert wrote before
        // it stopped (all ids before the first failing index are ours; the batch had no repeats).
        if (error instanceof MongoBulkWriteError) {
          const failedAt = Math.min(...[error.writeErrors].flat().map((e) => e.index));
          const written = list.slice(0, Number.isFinite(failedAt) ? failedAt : list.length).map((d) => d.id);
          if (written.length > 0) await dossiers.deleteMany({ _id: { $in: written } });
        }
        return withConflict('a dossier', () => Promise.reject(error));
      }
    },
    async get(id) {
      const doc = await dossiers.findOne({ _id: id });
      return doc ? toDossier(doc) : null;
    },
    async list(filter) {
      if (!Number.isInteger(filter.limit) || filter.limit < 1) {
        throw new DomainError('invalid', 'limit must be a positive integer');
      }
      const cursor = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
      if (cursor && typeof cursor.key !== (filter.sort === 'name' ? 'string' : 'number')) {
        throw new DomainError('invalid', 'cursor does not match the sort');
      }
      if (filter.teamIds !== 'all' && filter.teamIds.length === 0) return { items: [], nextCursor: null };

      const and: Filter<DossierDoc>[] = [];
      if (filter.teamIds !== 'all') and.push({ teamId: { $in: filter.teamIds } });
      if (filter.tag !== undefined) and.push({ tags: filter.tag });
      if (filter.stage !== undefined) and.push({ stage: filter.stage });
      if (filter.ownerId !== undefined) and.push({ ownerId: filter.ownerId });
      const folded = filter.q ? foldSearchText(filter.q) : '';
      if (folded) and.push({ search: { $regex: escapeRegExp(folded) } });
      if (cursor) {
        and.push(
          filter.sort === 'name'
            ? {
                $or: [
                  { companySort: { $gt: cursor.key as string } },
                  { companySort: cursor.key as string, _id: { $gt: cursor.id } }
                ]
              }
            : {
                $or: [
                  { updatedAt: { $lt: cursor.key as number } },
                  { updatedAt: cursor.key as number, _id: { $gt: cursor.id } }
                ]
              }
        );
      }
      const sort: Sort = filter.sort === 'name' ? { companySort: 1, _id: 1 } : { updatedAt: -1, _id: 1 };
      const docs = await dossiers
        .find(and.length > 0 ? { $and: and } : {})
        .sort(sort)
        .limit(filter.limit + 1)
        .toArray();
      const page = docs.slice(0, filter.limit);
      const last = page[page.length - 1];
      const nextCursor =
        docs.length > filter.limit && last
          ? encodeCursor({ key: filter.sort === 'name' ? last.companySort : last.updatedAt, id: last._id })
          : null;
      return { items: page.map(toDossier), nextCursor };
    },
    async updateProjection(id, projection, updatedAt, events) {
      const doc = await inTransaction(ctx, async (session) => {
        const updated = await dossiers.findOneAndUpdate(
          { _id: id },
          {
            $set: {
              company: projection.company,
              companySort: foldSearchText(projection.company),
              city: projection.city,
              industry: projection.industry,
              contactNames: projection.contactNames,
              search: dossierSearchText(projection),
              updatedAt
            }
          },
          { returnDocument: 'after', session }
        );
        if (updated) await writeMongoEvents(db, session, events);
        return updated;
      });
      return doc ? toDossier(doc) : null;
    },
    async count() {
      return dossiers.countDocuments();
    }
  };
}
