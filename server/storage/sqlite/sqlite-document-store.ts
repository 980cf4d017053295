import { DomainError } from '../../kernel/domain-error';
import type { DocumentStore, StoredDocument } from '../../ports/document-store';
import type { SqliteDatabase } from './open-sqlite-database';

interface HeadRow {
  last_seq: number;
  tail_count: number;
  tail_bytes: number;
}

/** better-sqlite3 returns Buffers; hand out plain Uint8Arrays over the same bytes (no copy). */
const toBytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * Appends updates to a document's log and moves its head, in one transaction (a savepoint inside the
 * caller's): shared by the document store and by the intake store, which writes a lead dossier's first state
 * in the lead's transaction. Returns the last seq.
 */
export function createSqliteDocumentAppend(db: SqliteDatabase): (docId: string, updates: Uint8Array[]) => number {
  const selectHead = db.prepare<[string], HeadRow>('SELECT last_seq FROM doc_heads WHERE doc_id = ?');
  const upsertHead = db.prepare(
    `INSERT INTO doc_heads (doc_id, last_seq, tail_count, tail_bytes) VALUES (@docId, @lastSeq, @count, @bytes)
     ON CONFLICT (doc_id) DO UPDATE SET last_seq = excluded.last_seq,
       tail_count = tail_count + excluded.tail_count, tail_bytes = tail_bytes + excluded.tail_bytes`
  );
  const insertUpdate = db.prepare('INSERT INTO doc_updates (doc_id, seq, data) VALUES (?, ?, ?)');
  return db.transaction((docId: string, updates: Uint8Array[]): number => {
    const head = selectHead.get(docId);
    let seq = head?.last_seq ?? 0;
    if (updates.length === 0) return seq;
    let bytes = 0;
    for (const update of updates) {
      insertUpdate.run(docId, ++seq, toBuffer(update));
      bytes += update.byteLength;
    }
    upsertHead.run({ docId, lastSeq: seq, count: updates.length, bytes });
    return seq;
  });
}

/**
 * Yjs documents as snapshot + update log. A head row per document holds the last seq and running tail
 * totals, so append needs no MAX() and tailStats reads one row. Durability comes from the database
 * settings (WAL + synchronous=NORMAL): append resolves after its transaction commits.
 */
export function createSqliteDocumentStore(db: SqliteDatabase): DocumentStore {
  const selectHead = db.prepare<[string], HeadRow>(
    'SELECT last_seq, tail_count, tail_bytes FROM doc_heads WHERE doc_id = ?'
  );
  const setTail = db.prepare('UPDATE doc_heads SET tail_count = ?, tail_bytes = ? WHERE doc_id = ?');
  const selectTail = db.prepare<[string, number], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM doc_updates WHERE doc_id = ? AND seq > ? ORDER BY seq'
  );
  const tailTotals = db.prepare<[string, number], { n: number; bytes: number | null }>(
    'SELECT count(*) AS n, sum(length(data)) AS bytes FROM doc_updates WHERE doc_id = ? AND seq > ?'
  );
  const deleteUpTo = db.prepare('DELETE FROM doc_updates WHERE doc_id = ? AND seq <= ?');
  const selectSnapshot = db.prepare<[string], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM doc_snapshots WHERE doc_id = ?'
  );
  const selectSnapshotSeq = db.prepare<[string], { seq: number }>('SELECT seq FROM doc_snapshots WHERE doc_id = ?');
  const upsertSnapshot = db.prepare(
    `INSERT INTO doc_snapshots (doc_id, seq, data) VALUES (?, ?, ?)
     ON CONFLICT (doc_id) DO UPDATE SET seq = excluded.seq, data = excluded.data`
  );

  const insertOwner = db.prepare(
    'INSERT INTO doc_client_owners (doc_id, client_id, owner_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'
  );
  const selectOwners = db.prepare<[string], { client_id: number; owner_id: string }>(
    'SELECT client_id, owner_id FROM doc_client_owners WHERE doc_id = ?'
  );
  // DOC7: first claim wins, so a conflict is not an error but the existing owner staying.
  const claimClients = db.transaction((docId: string, claims: Array<{ clientId: number; ownerId: string }>) => {
    for (const { clientId, ownerId } of claims) insertOwner.run(docId, clientId, ownerId);
  });

  // Read in one transaction so a concurrent compaction (another connection) cannot split snapshot and tail.
  const load = db.transaction((docId: string): StoredDocument => {
    const snapshot = selectSnapshot.get(docId);
    const snapshotSeq = snapshot?.seq ?? 0;
    return {
      snapshot: snapshot ? toBytes(snapshot.data) : null,
      snapshotSeq,
      tail: selectTail.all(docId, snapshotSeq).map((row) => ({ seq: row.seq, update: toBytes(row.data) }))
    };
  });

  const append = createSqliteDocumentAppend(db);

  const compact = db.transaction((docId: string, snapshot: Uint8Array, uptoSeq: number) => {
    const current = selectSnapshotSeq.get(docId)?.seq ?? 0;
    if (uptoSeq < current) return; // DOC5: a stale compaction never rolls state back
    const lastSeq = selectHead.get(docId)?.last_seq ?? 0;
    if (uptoSeq > lastSeq) {
      throw new DomainError('invalid', `cannot compact up to seq ${uptoSeq}: last appended seq is ${lastSeq}`);
    }
    upsertSnapshot.run(docId, uptoSeq, toBuffer(snapshot));
    deleteUpTo.run(docId, uptoSeq);
    // The remaining tail is what arrived while the snapshot was being built: short, so recount it.
    const totals = tailTotals.get(docId, uptoSeq);
    setTail.run(totals?.n ?? 0, totals?.bytes ?? 0, docId);
  });

  return {
    async load(docId) {
      return load(docId);
    },
    async append(docId, updates) {
      return append(docId, updates);
    },
    async compact(docId, snapshot, uptoSeq) {
      compact(docId, snapshot, uptoSeq);
    },
    async tailStats(docId) {
      const head = selectHead.get(docId);
      return { count: head?.tail_count ?? 0, bytes: head?.tail_bytes ?? 0 };
    },
    async claimClients(docId, claims) {
      if (claims.length > 0) claimClients(docId, claims);
    },
    async loadClientOwners(docId) {
      return selectOwners.all(docId).map((row) => ({ clientId: row.client_id, ownerId: row.owner_id }));
    }
  };
}
