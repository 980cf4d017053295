import { MongoBulkWriteError, type Binary, type ClientSession, type Db } from 'mongodb';
import { DomainError } from '../../kernel/domain-error';
import type { DocumentStore } from '../../ports/document-store';
import { fromBinary, isDuplicateKey, toBinary } from './mongo-support';

/** One append call: a single document, so a batch is written atomically without a transaction. */
interface BatchDoc {
  docId: string;
  /** Seq of the first update; update i has seq firstSeq + i. */
  firstSeq: number;
  lastSeq: number;
  updates: Binary[];
  sizes: number[];
}
interface HeadDoc {
  _id: string;
  lastSeq: number;
}
interface SnapshotDoc {
  _id: string;
  seq: number;
  data: Binary;
}

/** Owner of one client id of one document; `_id` is `${docId}:${clientId}`, which makes first-claim-wins atomic. */
interface ClientOwnerDoc {
  _id: string;
  docId: string;
  clientId: number;
  ownerId: string;
}

/** Indexes this store relies on; created on start. */
export async function ensureMongoDocumentIndexes(db: Db): Promise<void> {
  await db.collection<BatchDoc>('docUpdates').createIndex({ docId: 1, lastSeq: 1 }, { unique: true });
  await db.collection<ClientOwnerDoc>('docClientOwners').createIndex({ docId: 1 });
}

/**
 * A new document's first updates, written in the caller's transaction (the intake store writes a lead
 * dossier's first state with its row). Same shape as append: the head's $inc, then one batch document.
 */
export async function appendMongoDocument(
  db: Db,
  session: ClientSession,
  docId: string,
  updates: Uint8Array[]
): Promise<void> {
  const head = await db
    .collection<HeadDoc>('docHeads')
    .findOneAndUpdate(
      { _id: docId },
      { $inc: { lastSeq: updates.length } },
      { upsert: true, returnDocument: 'after', session }
    );
  const lastSeq = head?.lastSeq ?? updates.length;
  await db.collection<BatchDoc>('docUpdates').insertOne(
    {
      docId,
      firstSeq: lastSeq - updates.length + 1,
      lastSeq,
      updates: updates.map(toBinary),
      sizes: updates.map((u) => u.byteLength)
    },
    { session }
  );
}

/**
 * Yjs documents in MongoDB. Seqs are reserved with $inc on a head document, then the batch is inserted as
 * one document (atomic); a crash between the two leaves an unused gap, never a reordering. A compaction
 * may cut through a batch: load and tailStats drop the entries at or below the snapshot seq.
 */
export function createMongoDocumentStore(db: Db): DocumentStore {
  const batches = db.collection<BatchDoc>('docUpdates');
  const heads = db.collection<HeadDoc>('docHeads');
  const snapshots = db.collection<SnapshotDoc>('docSnapshots');
  const owners = db.collection<ClientOwnerDoc>('docClientOwners');

  const snapshotSeq = async (docId: string) =>
    (await snapshots.findOne({ _id: docId }, { projection: { seq: 1 } }))?.seq ?? 0;

  return {
    async load(docId) {
      const snapshot = await snapshots.findOne({ _id: docId });
      const after = snapshot?.seq ?? 0;
      const docs = await batches
        .find({ docId, lastSeq: { $gt: after } })
        .sort({ lastSeq: 1 })
        .toArray();
      const tail = docs.flatMap((batch) =>
        batch.updates
          .map((update, i) => ({ seq: batch.firstSeq + i, update: fromBinary(update) }))
          .filter((entry) => entry.seq > after)
      );
      return { snapshot: snapshot ? fromBinary(snapshot.data) : null, snapshotSeq: after, tail };
    },
    async append(docId, updates) {
      if (updates.length === 0) return (await heads.findOne({ _id: docId }))?.lastSeq ?? 0;
      const head = await heads.findOneAndUpdate(
        { _id: docId },
        { $inc: { lastSeq: updates.length } },
        { upsert: true, returnDocument: 'after' }
      );
      const lastSeq = head?.lastSeq ?? updates.length;
      await batches.insertOne({
        docId,
        firstSeq: lastSeq - updates.length + 1,
        lastSeq,
        updates: updates.map(toBinary),
        sizes: updates.map((u) => u.byteLength)
      });
      return lastSeq;
    },
    async compact(docId, snapshot, uptoSeq) {
      const lastSeq = (await heads.findOne({ _id: docId }))?.lastSeq ?? 0;
      if (uptoSeq > lastSeq) {
        throw new DomainError('invalid', `cannot compact up to seq ${uptoSeq}: last appended seq is ${lastSeq}`);
      }
      try {
        // The filter makes the stale check and the write one atomic step: a newer snapshot does not match,
        // and the upsert then collides on _id (E11000), which means "stale, ignore".
        await snapshots.updateOne(
          { _id: docId, seq: { $lte: uptoSeq } },
          { $set: { seq: uptoSeq, data: toBinary(snapshot) } },
          { upsert: true }
        );
      } catch (error) {
        if (isDuplicateKey(error)) return;
        throw error;
      }
      await batches.deleteMany({ docId, lastSeq: { $lte: uptoSeq } });
    },
    async tailStats(docId) {
      const after = await snapshotSeq(docId);
      const docs = await batches
        .find({ docId, lastSeq: { $gt: after } }, { projection: { firstSeq: 1, sizes: 1 } })
        .toArray();
      let count = 0;
      let bytes = 0;
      for (const batch of docs) {
        batch.sizes.forEach((size, i) => {
          if (batch.firstSeq + i > after) {
            count++;
            bytes += size;
          }
        });
      }
      return { count, bytes };
    },
    async claimClients(docId, claims) {
      if (claims.length === 0) return;
      // $setOnInsert: an existing owner is never replaced (DOC7). Unordered, so one id's race with another
      // node (a duplicate key on upsert) does not stop the others; that race means "already owned".
      try {
        await owners.bulkWrite(
          claims.map(({ clientId, ownerId }) => ({
            updateOne: {
              filter: { _id: `${docId}:${clientId}` },
              update: { $setOnInsert: { docId, clientId, ownerId } },
              upsert: true
            }
          })),
          { ordered: false }
        );
      } catch (error) {
        const onlyDuplicates =
          error instanceof MongoBulkWriteError &&
          [error.writeErrors].flat().every((e) => e.code === 11000) &&
          isDuplicateKey(error);
        if (!onlyDuplicates) throw error;
      }
    },
    async loadClientOwners(docId) {
      const rows = await owners.find({ docId }, { projection: { clientId: 1, ownerId: 1 } }).toArray();
      return rows.map((row) => ({ clientId: row.clientId, ownerId: row.ownerId }));
    }
  };
}
