import type { NewEvent } from '../../kernel/events';
import type { DocVersion, DocVersionMeta, VersionStore } from '../../features/history/version-store';
import type { SqliteDatabase } from './open-sqlite-database';
import { createSqliteEventWriter } from './sqlite-activity-store';
import { withConflict } from './sqlite-errors';

interface VersionRow {
  id: string;
  doc_id: string;
  created_at: number;
  kind: DocVersionMeta['kind'];
  author_ids: string;
  restored_from: string | null;
  snapshot?: Buffer;
  base_id?: string | null;
}

const toMeta = (row: VersionRow): DocVersionMeta => ({
  id: row.id,
  docId: row.doc_id,
  createdAt: row.created_at,
  kind: row.kind,
  authorIds: JSON.parse(row.author_ids) as string[],
  restoredFrom: row.restored_from
});

/** Dossier versions in SQLite; list never reads the snapshot column. */
/** Inserts one version row inside the caller's transaction (also used by the intake store for a lead dossier). */
export function createSqliteVersionInsert(db: SqliteDatabase): (v: DocVersion) => void {
  const insert = db.prepare(
    `INSERT INTO doc_versions (id, doc_id, created_at, kind, author_ids, restored_from, snapshot, base_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
  );
  return (v) => {
    insert.run(
      v.id,
      v.docId,
      v.createdAt,
      v.kind,
      JSON.stringify(v.authorIds),
      v.restoredFrom,
      Buffer.from(v.snapshot),
      v.baseId
    );
  };
}

export function createSqliteVersionStore(db: SqliteDatabase): VersionStore {
  const insert = createSqliteVersionInsert(db);
  const META = 'id, doc_id, created_at, kind, author_ids, restored_from';
  const list = db.prepare<[string, number, number], VersionRow>(
    `SELECT ${META} FROM doc_versions WHERE doc_id = ? AND created_at < ? ORDER BY created_at DESC LIMIT ?`
  );
  const get = db.prepare<[string, string], VersionRow>('SELECT * FROM doc_versions WHERE doc_id = ? AND id = ?');
  const writeEvents = createSqliteEventWriter(db);
  const add = db.transaction((v: DocVersion, events: readonly NewEvent[]) => {
    insert(v);
    writeEvents(events);
  });

  return {
    async add(v, events) {
      withConflict(`version ${v.id}`, () => add(v, events));
    },
    async list(docId, { limit, before }) {
      return list.all(docId, before ?? Number.MAX_SAFE_INTEGER, limit).map(toMeta);
    },
    async get(docId, id) {
      const row = get.get(docId, id);
      if (!row) return null;
      return { ...toMeta(row), snapshot: new Uint8Array(row.snapshot!), baseId: row.base_id ?? null };
    }
  };
}
