import {
  MongoBulkWriteError,
  type AnyBulkWriteOperation,
  type ClientSession,
  type Db,
  type Filter,
  type Sort
} from 'mongodb';
import { DomainError } from '../../kernel/domain-error';
import { decodeCursor, encodeCursor } from '../../kernel/list-cursor';
import { companySortKey, dossierSearchText, MAX_SEARCH_WORDS, searchWords } from '../../kernel/search-text';
import type { Stage } from '../../../src/lib/contract';
import type { Dossier, StageChange } from '../../kernel/types';
import type { DossierStore } from '../../features/dossiers/dossier-store';
import { writeMongoEvents } from './mongo-activity-store';
import { escapeRegExp, inTransaction, withConflict, type MongoContext } from './mongo-support';

export type DossierDoc = Omit<Dossier, 'id'> & {
  _id: string;
  /** companySortKey(company): the 'name' sort key (binary string order, as in SQLite). */
  companySort: string;
  /** dossierSearchText of the listed values and tags. */
  search: string;
  /** Which search and order rules wrote companySort and search (see SEARCH_REV). */
  searchRev?: number;
};

/**
 * Bumped whenever search-fold.ts or list-order.ts change what companySort or search hold; documents written
 * under an older revision are rewritten on start (ensureMongoDossierSearch).
 */
const SEARCH_REV = 2;

const toDoc = (d: Dossier): DossierDoc => {
  const { id, ...rest } = d;
  return {
    _id: id,
    ...rest,
    companySort: companySortKey(d.company),
    search: dossierSearchText(d),
    searchRev: SEARCH_REV
  };
};
export const toDossier = (doc: DossierDoc): Dossier => ({
  id: doc._id,
  teamId: doc.teamId,
  ownerId: doc.ownerId,
  company: doc.company,
  // Documents written before street and postcode were projected lack them until their next projection.
  street: doc.street ?? '',
  postalCode: doc.postalCode ?? '',
  city: doc.city,
  industry: doc.industry,
  stage: doc.stage,
  tags: doc.tags,
  contactNames: doc.contactNames,
  createdAt: doc.createdAt,
  createdBy: doc.createdBy,
  updatedAt: doc.updatedAt,
  // Documents written before issue #8 lack these until they are patched.
  keyAccountManagerId: doc.keyAccountManagerId ?? null,
  standInIds: doc.standInIds ?? [],
  // Issue #9: absent until the document was projected (DS9) — the knowledge-risk rules read that as empty.
  ...(doc.knowledge ? { knowledge: doc.knowledge } : {})
});

/** A stage history entry (DS10/DS11); `order` breaks ties of `at` (changes in the same millisecond). */
type StageChangeDoc = Omit<StageChange, 'id'> & { _id: string; order: number };
const toStageChange = (doc: StageChangeDoc): StageChange => ({
  id: doc._id,
  dossierId: doc.dossierId,
  from: doc.from,
  to: doc.to,
  reason: doc.reason,
  byId: doc.byId,
  at: doc.at
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
  await db.collection<StageChangeDoc>('stage_changes').createIndex({ dossierId: 1, at: -1, order: -1 });
}

/**
 * Rewrites companySort and search of documents written under older rules (SEARCH_REV), from their stored
 * values; runs on start. Street and postcode of such documents stay empty until their next projection (the
 * SQLite migration reads them from the documents; here the document log would have to be decoded per dossier).
 */
export async function ensureMongoDossierSearch(db: Db): Promise<void> {
  const dossiers = db.collection<DossierDoc>('dossiers');
  const stale = dossiers.find({ $or: [{ searchRev: { $exists: false } }, { searchRev: { $lt: SEARCH_REV } }] });
  let batch: AnyBulkWriteOperation<DossierDoc>[] = [];
  for await (const doc of stale) {
    const d = toDossier(doc);
    batch.push({
      updateOne: {
        filter: { _id: doc._id },
        update: {
          $set: {
            street: d.street,
            postalCode: d.postalCode,
            companySort: companySortKey(d.company),
            search: dossierSearchText(d),
            searchRev: SEARCH_REV
          }
        }
      }
    });
    if (batch.length >= 500) {
      await dossiers.bulkWrite(batch, { ordered: false });
      batch = [];
    }
  }
  if (batch.length > 0) await dossiers.bulkWrite(batch, { ordered: false });
}

/** Inserts one dossier in the caller's transaction (the intake store writes a lead's dossier with it). */
export async function insertMongoDossier(db: Db, session: ClientSession, dossier: Dossier): Promise<void> {
  await db.collection<DossierDoc>('dossiers').insertOne(toDoc(dossier), { session });
}

/**
 * DS14 inside the caller's transaction: moves the dossier to `ownerId` only while its owner is still
 * `expectedOwnerId`; resolves the updated document, null for an unknown dossier, and throws 'conflict' when the
 * owner moved meanwhile (aborting the caller's transaction). Shared with the hand-off store (HandoffStore HO12).
 */
export async function changeMongoOwner(
  db: Db,
  session: ClientSession,
  change: { id: string; expectedOwnerId: string; ownerId: string; updatedAt: number }
): Promise<DossierDoc | null> {
  const dossiers = db.collection<DossierDoc>('dossiers');
  const updated = await dossiers.findOneAndUpdate(
    { _id: change.id, ownerId: change.expectedOwnerId },
    { $set: { ownerId: change.ownerId, updatedAt: change.updatedAt } },
    { returnDocument: 'after', session }
  );
  if (updated) return updated;
  const current = await dossiers.findOne({ _id: change.id }, { projection: { ownerId: 1 }, session });
  if (!current) return null;
  throw new DomainError('conflict', 'the dossier changed owner meanwhile');
}

/**
 * DS10 inside the caller's transaction: moves the dossier's stage only while it is still `expectedFrom` and
 * records the history entry; resolves the updated document, null for an unknown dossier, and throws 'conflict'
 * when another move won (aborting the caller's transaction). Shared with the win-back store (WinbackStore WS6).
 */
export async function changeMongoStage(
  db: Db,
  session: ClientSession,
  move: { expectedFrom: Stage; change: StageChange }
): Promise<DossierDoc | null> {
  const { expectedFrom, change } = move;
  const dossiers = db.collection<DossierDoc>('dossiers');
  const stageChanges = db.collection<StageChangeDoc>('stage_changes');
  const updated = await dossiers.findOneAndUpdate(
    { _id: change.dossierId, stage: expectedFrom },
    { $set: { stage: change.to, updatedAt: change.at } },
    { returnDocument: 'after', session }
  );
  if (!updated) {
    const current = await dossiers.findOne({ _id: change.dossierId }, { projection: { stage: 1 }, session });
    if (!current) return null;
    throw new DomainError('conflict', `the dossier moved to stage ${current.stage} meanwhile`);
  }
  // Order within a dossier's history: one more than the latest (read in the transaction).
  const [latest] = await stageChanges
    .find({ dossierId: change.dossierId }, { session })
    .sort({ order: -1 })
    .limit(1)
    .toArray();
  const { id, ...rest } = change;
  await stageChanges.insertOne({ _id: id, ...rest, order: (latest?.order ?? 0) + 1 }, { session });
  return updated;
}

/**
 * Dossiers in MongoDB. Search is one unanchored regex per query word over the stored folded `search` field
 * (words folded and escaped). That is exact for the contract but scans every dossier in scope, unlike SQLite's
 * trigram index; an Atlas Search index would be the production answer for large data sets.
 */
export function createMongoDossierStore(ctx: MongoContext): DossierStore {
  const { db } = ctx;
  const dossiers = db.collection<DossierDoc>('dossiers');
  const stageChanges = db.collection<StageChangeDoc>('stage_changes');

  return {
    async create(dossier, events) {
      await withConflict(`dossier ${dossier.id}`, () =>
        inTransaction(ctx, async (session) => {
          await dossiers.insertOne(toDoc(dossier), { session });
          await writeMongoEvents(db, session, events);
        })
      );
    },
    async createMany(list, stageHistory = []) {
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
      if (stageHistory.length === 0) return;
      // The order within each dossier's history is the order given (DS11 breaks ties of `at` by it).
      const orders = new Map<string, number>();
      const docs = stageHistory.map(({ id, ...rest }) => {
        const order = (orders.get(rest.dossierId) ?? 0) + 1;
        orders.set(rest.dossierId, order);
        return { _id: id, ...rest, order };
      });
      try {
        await stageChanges.insertMany(docs, { ordered: true });
      } catch (error) {
        // All or nothing (DS3): take back the dossiers and the part of the history this ordered insert wrote
        // before it stopped (only ids before the failing index are ours).
        const failedAt =
          error instanceof MongoBulkWriteError
            ? Math.min(...[error.writeErrors].flat().map((e) => e.index))
            : docs.length;
        const written = docs.slice(0, Number.isFinite(failedAt) ? failedAt : docs.length).map((d) => d._id);
        if (written.length > 0) await stageChanges.deleteMany({ _id: { $in: written } });
        await dossiers.deleteMany({ _id: { $in: list.map((d) => d.id) } });
        return withConflict('a stage change', () => Promise.reject(error));
      }
    },
    async get(id) {
      const doc = await dossiers.findOne({ _id: id });
      return doc ? toDossier(doc) : null;
    },
    async listHeldBy(userId) {
      const docs = await dossiers
        .find({ $or: [{ ownerId: userId }, { keyAccountManagerId: userId }, { standInIds: userId }] })
        .sort({ _id: 1 })
        .toArray();
      return docs.map(toDossier);
    },
    async listByOwners(ownerIds, options) {
      if (ownerIds.length === 0) return [];
      const standIn = options?.standInId ? { standInIds: options.standInId } : {};
      const docs = await dossiers
        .find(
          { ownerId: { $in: [...new Set(ownerIds)] }, ...standIn },
          { projection: { _id: 1, teamId: 1, ownerId: 1, standInIds: 1 } }
        )
        .toArray();
      return docs.map((d) => ({ id: d._id, teamId: d.teamId, ownerId: d.ownerId, standInIds: d.standInIds ?? [] }));
    },
    async getMany(ids) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return [];
      return (await dossiers.find({ _id: { $in: unique } }).toArray()).map(toDossier);
    },
    async sortKeysOf(ids) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return [];
      const docs = await dossiers.find({ _id: { $in: unique } }, { projection: { _id: 1, companySort: 1 } }).toArray();
      return docs.map((d) => ({ id: d._id, companySort: d.companySort }));
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
      const words = filter.q ? searchWords(filter.q) : [];
      if (words.length > MAX_SEARCH_WORDS) {
        throw new DomainError('invalid', `q may have at most ${MAX_SEARCH_WORDS} words`);
      }
      for (const word of words) and.push({ search: { $regex: escapeRegExp(word) } });
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
        // The search text also covers the row's tags, read inside the same transaction.
        const current = await dossiers.findOne({ _id: id }, { projection: { tags: 1 }, session });
        if (!current) return null;
        const updated = await dossiers.findOneAndUpdate(
          { _id: id },
          {
            $set: {
              company: projection.company,
              companySort: companySortKey(projection.company),
              street: projection.street,
              postalCode: projection.postalCode,
              city: projection.city,
              industry: projection.industry,
              contactNames: projection.contactNames,
              search: dossierSearchText({ ...projection, tags: current.tags }),
              searchRev: SEARCH_REV,
              updatedAt,
              ...(projection.knowledge ? { knowledge: projection.knowledge } : {})
            }
          },
          { returnDocument: 'after', session }
        );
        if (updated) await writeMongoEvents(db, session, events);
        return updated;
      });
      return doc ? toDossier(doc) : null;
    },
    async changeStage({ expectedFrom, change, events }) {
      const doc = await inTransaction(ctx, async (session) => {
        const updated = await changeMongoStage(db, session, { expectedFrom, change });
        if (updated) await writeMongoEvents(db, session, events);
        return updated;
      });
      return doc ? toDossier(doc) : null;
    },
    async stageHistory(dossierId) {
      const docs = await stageChanges.find({ dossierId }).sort({ at: -1, order: -1 }).toArray();
      return docs.map(toStageChange);
    },
    async patch({ id, patch, updatedAt, events }) {
      const doc = await inTransaction(ctx, async (session) => {
        // The search text covers the tags and the projected values, read inside the same transaction.
        const current = await dossiers.findOne({ _id: id }, { session });
        if (!current) return null;
        const next = { ...toDossier(current), ...patch };
        const updated = await dossiers.findOneAndUpdate(
          { _id: id },
          {
            $set: {
              tags: next.tags,
              keyAccountManagerId: next.keyAccountManagerId,
              standInIds: next.standInIds,
              search: dossierSearchText(next),
              searchRev: SEARCH_REV,
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
    async patchMany({ items, updatedAt, events }) {
      // DS15 on MongoDB: checked first, then one patch each; the events ride on the last one. Not one
      // transaction across items (a crash midway leaves the earlier ones renamed; re-running the rename
      // finishes it, since it only touches dossiers still carrying the old tag).
      for (const item of items) {
        const current = await dossiers.findOne({ _id: item.id }, { projection: { tags: 1 } });
        if (!current) throw new DomainError('not_found', `dossier ${item.id} not found`);
        if (JSON.stringify(current.tags) !== JSON.stringify(item.expectedTags)) {
          throw new DomainError('conflict', 'a dossier’s tags changed meanwhile; try again');
        }
      }
      for (const [index, item] of items.entries()) {
        await this.patch({
          id: item.id,
          patch: item.patch,
          updatedAt,
          events: index === items.length - 1 ? events : []
        });
      }
    },
    async changeOwner({ events, ...change }) {
      const doc = await inTransaction(ctx, async (session) => {
        const updated = await changeMongoOwner(db, session, change);
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
