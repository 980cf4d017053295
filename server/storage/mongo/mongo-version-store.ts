import type { Binary, ClientSession, Db } from 'mongodb';
import type { DocVersion, DocVersionMeta, VersionStore } from '../../features/history/version-store';
import { writeMongoEvents } from './mongo-activity-store';
import { fromBinary, inTransaction, toBinary, withConflict, type MongoContext } from './mongo-support';

interface VersionDoc {
  _id: string;
  docId: string;
  createdAt: number;
  kind: DocVersionMeta['kind'];
  authorIds: string[];
  restoredFrom: string | null;
  snapshot: Binary;
  baseId?: string | null;
}

export async function ensureMongoVersionIndexes(db: Db): Promise<void> {
  await db.collection<VersionDoc>('docVersions').createIndex({ docId: 1, createdAt: -1 });
}

const toMeta = (d: Omit<VersionDoc, 'snapshot' | 'baseId'>): DocVersionMeta => ({
  id: d._id,
  docId: d.docId,
  createdAt: d.createdAt,
  kind: d.kind,
  authorIds: d.authorIds,
  restoredFrom: d.restoredFrom
});

/** Inserts one version in the caller's transaction (the intake store writes a lead dossier's first version). */
export async function insertMongoVersion(db: Db, session: ClientSession, v: DocVersion): Promise<void> {
  await db.collection<VersionDoc>('docVersions').insertOne(
    {
      _id: v.id,
      docId: v.docId,
      createdAt: v.createdAt,
      kind: v.kind,
      authorIds: v.authorIds,
      restoredFrom: v.restoredFrom,
      snapshot: toBinary(v.snapshot),
      baseId: v.baseId
    },
    { session }
  );
}

/** Dossier versions in MongoDB; list projects the snapshot away. */
export function createMongoVersionStore(ctx: MongoContext): VersionStore {
  const versions = ctx.db.collection<VersionDoc>('docVersions');
  return {
    async add(v: DocVersion, events) {
      await withConflict(`version ${v.id}`, () =>
        inTransaction(ctx, async (session) => {
          await insertMongoVersion(ctx.db, session, v);
          await writeMongoEvents(ctx.db, session, events);
        })
      );
    },
    async list(docId, { limit, before }) {
      const docs = await versions
        .find({ docId, createdAt: { $lt: before ?? Number.MAX_SAFE_INTEGER } }, { projection: { snapshot: 0 } })
        .sort({ createdAt: -1 })
        .limit(limit)
        .toArray();
      return docs.map(toMeta);
    },
    async get(docId, id) {
      const d = await versions.findOne({ _id: id, docId });
      return d ? { ...toMeta(d), snapshot: fromBinary(d.snapshot), baseId: d.baseId ?? null } : null;
    }
  };
}
