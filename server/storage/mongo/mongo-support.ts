import { Binary, MongoServerError, MongoBulkWriteError, type ClientSession, type Db, type MongoClient } from 'mongodb';
import { DomainError } from '../../kernel/domain-error';

/** True for MongoDB's duplicate key error (E11000), single or bulk. */
export function isDuplicateKey(error: unknown): boolean {
  if (error instanceof MongoBulkWriteError) {
    return error.code === 11000 || [error.writeErrors].flat().some((e) => e.code === 11000);
  }
  return error instanceof MongoServerError && error.code === 11000;
}

/** Runs a write and turns a duplicate key error into DomainError('conflict'). */
export async function withConflict<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isDuplicateKey(error)) throw new DomainError('conflict', `${what} already exists`);
    throw error;
  }
}

/** Stores exactly the viewed bytes (a Uint8Array may be a window into a larger buffer). */
export const toBinary = (bytes: Uint8Array): Binary =>
  new Binary(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/** Copies out of the driver's pooled buffer so callers own their bytes. */
export function fromBinary(binary: Binary): Uint8Array {
  const length = binary.length();
  const out = new Uint8Array(length);
  out.set(binary.buffer.subarray(0, length));
  return out;
}

/** Escapes a literal for use inside a RegExp. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What every Mongo adapter needs: the database, and the client to start transactions with. */
export interface MongoContext {
  db: Db;
  client: MongoClient;
}

/**
 * Runs `work` in a multi-document transaction (snapshot reads, majority commit). The driver retries the whole
 * callback on transient errors (a write conflict on the activity counter is one), so `work` must only do
 * store operations with the given session and return a value.
 */
export async function inTransaction<T>(ctx: MongoContext, work: (session: ClientSession) => Promise<T>): Promise<T> {
  return ctx.client.withSession((session) =>
    session.withTransaction(() => work(session), {
      readConcern: { level: 'snapshot' },
      writeConcern: { w: 'majority', journal: true }
    })
  );
}

/**
 * Transactions need a replica set (a single-node one is fine). A standalone server would accept the writes
 * but fail every transaction, so the store refuses to start instead, saying what to change.
 */
export async function assertReplicaSet(db: Db): Promise<void> {
  // `hello` since MongoDB 4.4.2 (and 4.2.10); older servers answer `isMaster`.
  const hello = await db
    .admin()
    .command({ hello: 1 })
    .catch(() => db.admin().command({ isMaster: 1 }));
  if (typeof hello.setName === 'string' || hello.msg === 'isdbgrid') return;
  throw new Error(
    'MongoDB is a standalone server, but Staffel writes each change and its activity event in one transaction, ' +
      'which needs a replica set. A single-node replica set is enough: start mongod with --replSet rs0 and run ' +
      'rs.initiate() once (or point MONGODB_URI at a replica set / Atlas cluster).'
  );
}
