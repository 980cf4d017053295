import type { ListFilter } from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import { decodeCursor, encodeCursor } from '../../kernel/list-cursor';
import type { SavedList, SegmentStore } from '../../features/segments/segment-store';
import type { SqliteDatabase } from './open-sqlite-database';
import { DOSSIER_COLUMNS } from './sqlite-dossier-query';
import { toDossier, type DossierRow } from './sqlite-dossier-store';
import { countSource, segmentWhere } from './sqlite-segment-query';

interface ListRow {
  id: string;
  name: string;
  filter: string;
  visibility: string;
  team_id: string | null;
  owner_id: string;
  created_at: number;
  updated_at: number;
}

const toList = (row: ListRow): SavedList => ({
  id: row.id,
  name: row.name,
  filter: JSON.parse(row.filter) as ListFilter,
  visibility: row.visibility as SavedList['visibility'],
  teamId: row.team_id,
  ownerId: row.owner_id,
  createdAt: row.created_at,
  updatedAt: row.updated_at
});

/** Tags, saved lists and segment queries in SQLite (SegmentStore SG1–SG6). */
export function createSqliteSegmentStore(db: SqliteDatabase): SegmentStore {
  // Statements by SQL text: the filter combinations are a bounded set (2^10 at most, far fewer in use).
  const statements = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
  const prepared = (sql: string) => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  const insertList = db.prepare(
    `INSERT INTO saved_lists (id, name, filter, visibility, team_id, owner_id, created_at, updated_at)
     VALUES (@id, @name, @filter, @visibility, @teamId, @ownerId, @createdAt, @updatedAt)`
  );
  const selectList = db.prepare<[string], ListRow>('SELECT * FROM saved_lists WHERE id = ?');
  const updateList = db.prepare<unknown[], ListRow>(
    `UPDATE saved_lists SET name = @name, filter = @filter, visibility = @visibility, updated_at = @updatedAt
     WHERE id = @id RETURNING *`
  );
  const deleteList = db.prepare<[string]>('DELETE FROM saved_lists WHERE id = ?');
  const selectListsFor = db.prepare<[string, string], ListRow>(
    `SELECT * FROM saved_lists WHERE owner_id = ?
       OR (visibility = 'team' AND team_id IN (SELECT value FROM json_each(?))) ORDER BY name, id`
  );
  const selectListsForAdmin = db.prepare<[string], ListRow>(
    `SELECT * FROM saved_lists WHERE owner_id = ? OR visibility = 'team' ORDER BY name, id`
  );

  return {
    async tagCounts({ scope, prefix, limit }) {
      const where = segmentWhere(scope, {});
      // LIKE is ASCII case-insensitive; the escape keeps a typed % or _ literal.
      const like = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return prepared(
        `SELECT t.tag AS tag, count(*) AS count FROM dossier_tags t JOIN dossiers d ON d.seq = t.dossier_seq
         WHERE ${where.sql} AND t.tag LIKE @like ESCAPE '\\' GROUP BY t.tag ORDER BY count DESC, t.tag LIMIT @limit`
      ).all({ ...where.params, like, limit }) as { tag: string; count: number }[];
    },
    async dossierIdsWithTag({ scope, tag }) {
      const where = segmentWhere(scope, { tag });
      return (
        prepared(`SELECT d.id AS id FROM dossiers d WHERE ${where.sql} ORDER BY d.id`).all(where.params) as {
          id: string;
        }[]
      ).map((r) => r.id);
    },
    async saveList(list) {
      insertList.run({ ...list, filter: JSON.stringify(list.filter) });
    },
    async getList(id) {
      const row = selectList.get(id);
      return row ? toList(row) : null;
    },
    async updateList(id, values) {
      const row = updateList.get({ id, ...values, filter: JSON.stringify(values.filter) });
      return row ? toList(row) : null;
    },
    async deleteList(id) {
      return deleteList.run(id).changes > 0;
    },
    async listsFor(userId, teamIds) {
      const rows =
        teamIds === 'all' ? selectListsForAdmin.all(userId) : selectListsFor.all(userId, JSON.stringify(teamIds));
      return rows.map(toList);
    },
    async query({ scope, filter, limit, cursor }) {
      if (!Number.isInteger(limit) || limit < 1) throw new DomainError('invalid', 'limit must be a positive integer');
      const where = segmentWhere(scope, filter);
      const params: Record<string, string | number> = { ...where.params, limit: limit + 1 };
      let after = '';
      if (cursor !== undefined) {
        const c = decodeCursor(cursor);
        if (typeof c.key !== 'string') throw new DomainError('invalid', 'cursor does not match the list order');
        after = ' AND (d.company_sort, d.id) > (@ckey, @cid)';
        params.ckey = c.key;
        params.cid = c.id;
      }
      const rows = prepared(
        `SELECT ${DOSSIER_COLUMNS} FROM dossiers d WHERE ${where.sql}${after} ORDER BY d.company_sort, d.id LIMIT @limit`
      ).all(params) as DossierRow[];
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(toDossier),
        nextCursor: rows.length > limit && last ? encodeCursor({ key: last.company_sort, id: last.id }) : null
      };
    },
    async count({ scope, filter }) {
      const source = countSource(filter);
      const where = segmentWhere(scope, filter, { tagJoined: source.tagJoined });
      return (
        prepared(`SELECT count(*) AS n FROM ${source.from} WHERE ${where.sql}`).get(where.params) as { n: number }
      ).n;
    }
  };
}
