import type { Db } from 'mongodb';
import type { ListFilter } from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import { decodeCursor, encodeCursor } from '../../kernel/list-cursor';
import type { SavedList, SegmentStore } from '../../features/segments/segment-store';
import { toDossier, type DossierDoc } from './mongo-dossier-store';
import { asciiCaseless, needsTimeline, segmentRecordFilter, segmentTimelineStages } from './mongo-segment-query';
import type { MongoContext } from './mongo-support';

type SavedListDoc = Omit<SavedList, 'id'> & { _id: string };

/**
 * The filter as SQLite stores it (JSON): keys holding undefined are dropped. The driver would store them as
 * null (ignoreUndefined is off), and getList would then not give back an equal list (SG3).
 */
const plainFilter = (filter: ListFilter): ListFilter => JSON.parse(JSON.stringify(filter)) as ListFilter;

const toList = ({ _id, ...rest }: SavedListDoc): SavedList => ({
  id: _id,
  name: rest.name,
  filter: rest.filter,
  visibility: rest.visibility,
  teamId: rest.teamId,
  ownerId: rest.ownerId,
  createdAt: rest.createdAt,
  updatedAt: rest.updatedAt
});

/** SG4's two halves (own lists, team-shared lists). The tag counts and queries use the dossier indexes. */
export async function ensureMongoSegmentIndexes(db: Db): Promise<void> {
  await db
    .collection<SavedListDoc>('saved_lists')
    .createIndexes([{ key: { ownerId: 1, name: 1, _id: 1 } }, { key: { visibility: 1, teamId: 1, name: 1, _id: 1 } }]);
}

/**
 * Tags, saved lists and segment queries in MongoDB (SegmentStore SG1–SG6). Record filters are a plain find
 * filter; the timeline filters (last contact, its point of sale, revenue band) are $lookup stages per candidate
 * dossier, as SQLite's correlated subqueries are, so a list without them never touches interactions.
 */
export function createMongoSegmentStore(ctx: MongoContext): SegmentStore {
  const dossiers = ctx.db.collection<DossierDoc>('dossiers');
  const lists = ctx.db.collection<SavedListDoc>('saved_lists');
  return {
    async tagCounts({ scope, prefix, limit }) {
      // LIKE 'prefix%' of SQLite: ASCII case-insensitive, every other character literal.
      const startsWith = { $regex: `^${asciiCaseless(prefix)}` };
      const rows = await dossiers
        .aggregate<{ _id: string; count: number }>([
          { $match: { ...segmentRecordFilter(scope, {}), tags: startsWith } },
          // A tag counts once per dossier (SQLite: the dossier_tags primary key).
          { $project: { _id: 0, tags: { $setUnion: ['$tags', []] } } },
          { $unwind: '$tags' },
          { $match: { tags: startsWith } },
          { $group: { _id: '$tags', count: { $sum: 1 } } },
          { $sort: { count: -1, _id: 1 } },
          { $limit: limit }
        ])
        .toArray();
      return rows.map((r) => ({ tag: r._id, count: r.count }));
    },
    async dossierIdsWithTag({ scope, tag }) {
      const docs = await dossiers
        .find(segmentRecordFilter(scope, { tag }), { projection: { _id: 1 } })
        .sort({ _id: 1 })
        .toArray();
      return docs.map((d) => d._id);
    },
    async saveList(list) {
      const { id, ...rest } = list;
      await lists.insertOne({ _id: id, ...rest, filter: plainFilter(list.filter) });
    },
    async getList(id) {
      const doc = await lists.findOne({ _id: id });
      return doc ? toList(doc) : null;
    },
    async updateList(id, values) {
      const doc = await lists.findOneAndUpdate(
        { _id: id },
        {
          $set: {
            name: values.name,
            filter: plainFilter(values.filter),
            visibility: values.visibility,
            updatedAt: values.updatedAt
          }
        },
        { returnDocument: 'after' }
      );
      return doc ? toList(doc) : null;
    },
    async deleteList(id) {
      return (await lists.deleteOne({ _id: id })).deletedCount === 1;
    },
    async listsFor(userId, teamIds) {
      const shared =
        teamIds === 'all' ? { visibility: 'team' as const } : { visibility: 'team' as const, teamId: { $in: teamIds } };
      const docs = await lists
        .find({ $or: [{ ownerId: userId }, shared] })
        .sort({ name: 1, _id: 1 })
        .toArray();
      return docs.map(toList);
    },
    async query({ scope, filter, limit, cursor }) {
      if (!Number.isInteger(limit) || limit < 1) throw new DomainError('invalid', 'limit must be a positive integer');
      const record = segmentRecordFilter(scope, filter);
      let match = record;
      if (cursor !== undefined) {
        const c = decodeCursor(cursor);
        if (typeof c.key !== 'string') throw new DomainError('invalid', 'cursor does not match the list order');
        const after = { $or: [{ companySort: { $gt: c.key } }, { companySort: c.key, _id: { $gt: c.id } }] };
        match = { $and: [record, after] };
      }
      // Sorted before the lookups, so the (teamId|tags), companySort, _id indexes give the order and the
      // lookups run only until the page is full.
      const docs = await dossiers
        .aggregate<DossierDoc>([
          { $match: match },
          { $sort: { companySort: 1, _id: 1 } },
          ...segmentTimelineStages(scope, filter),
          { $limit: limit + 1 }
        ])
        .toArray();
      const page = docs.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(toDossier),
        nextCursor: docs.length > limit && last ? encodeCursor({ key: last.companySort, id: last._id }) : null
      };
    },
    async count({ scope, filter }) {
      const record = segmentRecordFilter(scope, filter);
      if (!needsTimeline(filter)) return dossiers.countDocuments(record);
      const [row] = await dossiers
        .aggregate<{ n: number }>([
          { $match: record },
          { $project: { _id: 1 } },
          ...segmentTimelineStages(scope, filter),
          { $count: 'n' }
        ])
        .toArray();
      return row?.n ?? 0;
    }
  };
}
