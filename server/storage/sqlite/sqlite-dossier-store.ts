import type { Stage } from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import { decodeCursor, encodeCursor, type ListCursor } from '../../kernel/list-cursor';
import {
  companySortKey,
  compareCodePoints,
  dossierSearchText,
  MAX_SEARCH_WORDS,
  searchWords
} from '../../kernel/search-text';
import type { Dossier, DossierKnowledge, DossierPatch, DossierProjection, StageChange } from '../../kernel/types';
import type { NewEvent } from '../../kernel/events';
import type { DossierListFilter, DossierStore } from '../../features/dossiers/dossier-store';
import { createSqliteEventWriter } from './sqlite-activity-store';
import { withConflict } from './sqlite-errors';
import { createSqliteDossierInsert } from './sqlite-dossier-insert';
import { createSqliteOwnerChange, type OwnerChange } from './sqlite-dossier-owner';
import { createSqliteStageMove } from './sqlite-dossier-stage';
import {
  buildListSql,
  shapeKey,
  trigramMatch,
  DOSSIER_COLUMNS,
  type Driver,
  type QueryShape
} from './sqlite-dossier-query';
import type { SqliteDatabase } from './open-sqlite-database';

export interface DossierRow {
  id: string;
  team_id: string;
  owner_id: string;
  company: string;
  company_sort: string;
  street: string;
  postal_code: string;
  city: string;
  industry: string;
  stage: string;
  tags: string;
  contact_names: string;
  created_at: number;
  created_by: string;
  updated_at: number;
  key_account_manager_id: string | null;
  stand_in_ids: string;
  knowledge: string | null;
}

interface StageChangeRow {
  id: string;
  dossier_id: string;
  from_stage: string | null;
  to_stage: string;
  reason: string | null;
  by_id: string | null;
  at: number;
}

export const toDossier = (row: DossierRow): Dossier => ({
  id: row.id,
  teamId: row.team_id,
  ownerId: row.owner_id,
  company: row.company,
  street: row.street,
  postalCode: row.postal_code,
  city: row.city,
  industry: row.industry,
  stage: row.stage as Stage,
  tags: JSON.parse(row.tags) as string[],
  contactNames: JSON.parse(row.contact_names) as string[],
  createdAt: row.created_at,
  createdBy: row.created_by,
  updatedAt: row.updated_at,
  keyAccountManagerId: row.key_account_manager_id,
  standInIds: JSON.parse(row.stand_in_ids) as string[],
  ...(row.knowledge ? { knowledge: JSON.parse(row.knowledge) as DossierKnowledge } : {})
});

const toStageChange = (row: StageChangeRow): StageChange => ({
  id: row.id,
  dossierId: row.dossier_id,
  from: row.from_stage as Stage | null,
  to: row.to_stage as Stage,
  reason: row.reason,
  byId: row.by_id,
  at: row.at
});

/**
 * Below this many candidate rows, starting from the trigram index or the tag table and sorting the hits
 * beats walking the sort index (which, for rare hits, reads most of it). Measured on 100k dossiers.
 */
const SMALL_SET = 2000;
/** A walk runs once per visible team and merges (each walk is one index range); beyond this, one IN walk. */
const MAX_TEAM_WALKS = 16;
/** Rows a probe walk may read (~2 ms) before the list falls back to a full scan (~17 ms per 100k rows). */
const PROBE_ROWS = 3000;

/**
 * Dossiers in SQLite. Listing is keyset-paginated over (company_sort, id) or (updated_at DESC, id);
 * q is split into words (search-fold.ts S3): the trigram FTS5 index narrows by the words of 3+ characters,
 * and each word is a substring test on the folded column; a query of only 1–2 character words scans the
 * narrow (team_id, search) index instead.
 */
export function createSqliteDossierStore(db: SqliteDatabase): DossierStore {
  const insertOne = createSqliteDossierInsert(db);
  const insertTag = db.prepare('INSERT OR IGNORE INTO dossier_tags (tag, dossier_seq) VALUES (?, ?)');
  const insertFts = db.prepare('INSERT INTO dossier_fts (rowid, search) VALUES (?, ?)');
  const deleteFts = db.prepare('DELETE FROM dossier_fts WHERE rowid = ?');
  const selectById = db.prepare<[string], DossierRow>(`SELECT ${DOSSIER_COLUMNS} FROM dossiers d WHERE d.id = ?`);
  const selectByIds = db.prepare<[string], DossierRow>(
    `SELECT ${DOSSIER_COLUMNS} FROM dossiers d WHERE d.id IN (SELECT value FROM json_each(?))`
  );
  const selectSortKeysByIds = db.prepare<[string], { id: string; company_sort: string }>(
    'SELECT id, company_sort FROM dossiers WHERE id IN (SELECT value FROM json_each(?))'
  );
  const selectHeldBy = db.prepare<[string, string, string], DossierRow>(
    `SELECT ${DOSSIER_COLUMNS} FROM dossiers d WHERE d.owner_id = ? OR d.key_account_manager_id = ?
       OR EXISTS (SELECT 1 FROM json_each(d.stand_in_ids) WHERE value = ?) ORDER BY d.id`
  );
  // The owner index (dossiers_owner) finds the rows; only four columns are read (DS13).
  const selectByOwners = db.prepare<[string], { id: string; team_id: string; owner_id: string; stand_in_ids: string }>(
    `SELECT id, team_id, owner_id, stand_in_ids FROM dossiers WHERE owner_id IN (SELECT value FROM json_each(?))`
  );
  const selectByOwnersAndStandIn = db.prepare<
    [string, string],
    { id: string; team_id: string; owner_id: string; stand_in_ids: string }
  >(
    `SELECT id, team_id, owner_id, stand_in_ids FROM dossiers WHERE owner_id IN (SELECT value FROM json_each(?))
       AND stand_in_ids LIKE ?`
  );
  const selectForUpdate = db.prepare<[string], { tags: string; search: string }>(
    'SELECT tags, search FROM dossiers WHERE id = ?'
  );
  const updateProjection = db.prepare<unknown[], DossierRow & { seq: number }>(
    `UPDATE dossiers SET company = @company, company_sort = @companySort, street = @street,
       postal_code = @postalCode, city = @city, industry = @industry, contact_names = @contactNames,
       search = @search, updated_at = @updatedAt, knowledge = coalesce(@knowledge, knowledge)
     WHERE id = @id RETURNING seq, ${DOSSIER_COLUMNS.replace(/d\./g, '')}`
  );
  const RETURNING = `RETURNING seq, ${DOSSIER_COLUMNS.replace(/d\./g, '')}`;
  const moveStage = createSqliteStageMove<DossierRow & { seq: number }>(db, RETURNING);
  const insertStageChange = db.prepare(
    `INSERT INTO stage_changes (id, dossier_id, from_stage, to_stage, reason, by_id, at)
     VALUES (@id, @dossierId, @from, @to, @reason, @byId, @at)`
  );
  const selectStageChanges = db.prepare<[string], StageChangeRow>(
    `SELECT id, dossier_id, from_stage, to_stage, reason, by_id, at FROM stage_changes
     WHERE dossier_id = ? ORDER BY at DESC, seq DESC`
  );
  const selectForPatch = db.prepare<[string], DossierRow & { seq: number; search: string }>(
    `SELECT d.seq, d.search, ${DOSSIER_COLUMNS} FROM dossiers d WHERE d.id = ?`
  );
  const updatePatch = db.prepare<unknown[], DossierRow & { seq: number }>(
    `UPDATE dossiers SET tags = @tags, key_account_manager_id = @keyAccountManagerId, stand_in_ids = @standInIds,
       search = @search, updated_at = @updatedAt
     WHERE id = @id ${RETURNING}`
  );
  const moveOwner = createSqliteOwnerChange(db);
  const deleteTags = db.prepare('DELETE FROM dossier_tags WHERE dossier_seq = ?');
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM dossiers');
  const countFts = db.prepare<[string, number], { n: number }>(
    'SELECT count(*) AS n FROM (SELECT 1 FROM dossier_fts WHERE dossier_fts MATCH ? LIMIT ?)'
  );
  const countTag = db.prepare<[string, number], { n: number }>(
    'SELECT count(*) AS n FROM (SELECT 1 FROM dossier_tags WHERE tag = ? LIMIT ?)'
  );
  // Statements per query shape, prepared on first use and then reused (a bounded set: < 200 shapes).
  const listStatements = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
  const listStatement = (shape: QueryShape) => {
    const key = shapeKey(shape);
    let statement = listStatements.get(key);
    if (!statement) {
      statement = db.prepare(buildListSql(shape));
      listStatements.set(key, statement);
    }
    return statement;
  };

  const writeEvents = createSqliteEventWriter(db);
  const createMany = db.transaction(
    (dossiers: Dossier[], events: readonly NewEvent[], history: readonly StageChange[] = []) => {
      for (const d of dossiers) insertOne(d);
      for (const change of history) insertStageChange.run(change);
      writeEvents(events);
    }
  );
  // The search text also covers the row's tags, so it is computed from the stored row inside the transaction.
  const update = db.transaction(
    (id: string, projection: DossierProjection, updatedAt: number, events: readonly NewEvent[]) => {
      const current = selectForUpdate.get(id);
      if (!current) return null;
      const search = dossierSearchText({ ...projection, tags: JSON.parse(current.tags) as string[] });
      const row = updateProjection.get({
        id,
        ...projection,
        companySort: companySortKey(projection.company),
        contactNames: JSON.stringify(projection.contactNames),
        knowledge: projection.knowledge ? JSON.stringify(projection.knowledge) : null,
        search,
        updatedAt
      });
      if (!row) return null;
      writeEvents(events);
      // Most projections only move updatedAt (a note, a phone number): leave the trigram index alone then.
      if (search !== current.search) {
        deleteFts.run(row.seq);
        insertFts.run(row.seq, search);
      }
      return row;
    }
  );

  const changeStage = db.transaction(
    (expectedFrom: Stage, change: StageChange, events: readonly NewEvent[]): DossierRow | null => {
      const row = moveStage({ expectedFrom, change });
      if (!row) return null;
      writeEvents(events);
      return row;
    }
  );

  // Tags feed the search text and the tag table, so both are rebuilt from the stored row in the transaction.
  const patch = db.transaction(
    (id: string, values: DossierPatch, updatedAt: number, events: readonly NewEvent[]): DossierRow | null => {
      const current = selectForPatch.get(id);
      if (!current) return null;
      const next = { ...toDossier(current), ...values };
      const search = dossierSearchText(next);
      const row = updatePatch.get({
        id,
        tags: JSON.stringify(next.tags),
        keyAccountManagerId: next.keyAccountManagerId,
        standInIds: JSON.stringify(next.standInIds),
        search,
        updatedAt
      });
      if (!row) return null;
      if (values.tags !== undefined) {
        deleteTags.run(row.seq);
        for (const tag of next.tags) insertTag.run(tag, row.seq);
      }
      if (search !== current.search) {
        deleteFts.run(row.seq);
        insertFts.run(row.seq, search);
      }
      writeEvents(events);
      return row;
    }
  );

  // DS15: the nested transactions of `patch` become savepoints of this one; any throw rolls back every item.
  const patchMany = db.transaction(
    (
      items: ReadonlyArray<{ id: string; patch: DossierPatch; expectedTags: readonly string[] }>,
      updatedAt: number,
      events: readonly NewEvent[]
    ) => {
      for (const item of items) {
        const current = selectForUpdate.get(item.id);
        if (!current) throw new DomainError('not_found', `dossier ${item.id} not found`);
        if (current.tags !== JSON.stringify(item.expectedTags)) {
          throw new DomainError('conflict', 'a dossier’s tags changed meanwhile; try again');
        }
        patch(item.id, item.patch, updatedAt, []);
      }
      writeEvents(events);
    }
  );

  const changeOwner = db.transaction((options: OwnerChange, events: readonly NewEvent[]) => {
    if (!moveOwner(options)) return null;
    writeEvents(events);
    return selectById.get(options.id)!;
  });

  function list(filter: DossierListFilter): { items: Dossier[]; nextCursor: string | null } {
    if (!Number.isInteger(filter.limit) || filter.limit < 1) {
      throw new DomainError('invalid', 'limit must be a positive integer');
    }
    const cursor = filter.cursor === undefined ? undefined : decodeListCursor(filter.cursor, filter.sort);
    const teams = filter.teamIds === 'all' ? 'all' : [...new Set(filter.teamIds)];
    if (teams !== 'all' && teams.length === 0) return { items: [], nextCursor: null };

    const words = filter.q ? searchWords(filter.q) : [];
    if (words.length > MAX_SEARCH_WORDS) {
      throw new DomainError('invalid', `q may have at most ${MAX_SEARCH_WORDS} words`);
    }
    const match = trigramMatch(words);
    const driver = chooseDriver(match, filter.tag);
    const base = {
      sort: filter.sort,
      driver,
      words: words.length,
      tag: filter.tag !== undefined,
      stage: filter.stage !== undefined,
      owner: filter.ownerId !== undefined,
      cursor: cursor !== undefined
    };
    const params = {
      match,
      ...Object.fromEntries(words.map((w, i) => [`q${i}`, w])),
      tag: filter.tag,
      stage: filter.stage,
      owner: filter.ownerId,
      ckey: cursor?.key,
      cid: cursor?.id,
      limit: filter.limit + 1
    };
    const clean = (p: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined && v !== null));

    const run = (shape: QueryShape, extra: Record<string, unknown> = {}) =>
      listStatement(shape).all(clean({ ...params, ...extra })) as DossierRow[];
    const scope = teams === 'all' ? 'all' : teams.length === 1 ? 'one' : 'many';
    const teamParams = teams === 'all' ? {} : scope === 'one' ? { team: teams[0] } : { teams: JSON.stringify(teams) };

    let rows: DossierRow[];
    if (driver !== 'walk') {
      rows = run({ ...base, scope }, teamParams);
    } else if (base.owner) {
      rows = run({ ...base, driver: 'owner', scope }, teamParams);
    } else if (base.words === 0 && !base.tag && !base.stage) {
      // Every row in scope is a hit: one index range per team, merged, each stopping after limit + 1.
      if (teams === 'all' || teams.length > MAX_TEAM_WALKS) {
        rows = run({ ...base, scope }, teamParams);
      } else {
        const pages = teams.map((team) => run({ ...base, scope: 'one' }, { team }));
        rows = pages.length === 1 ? pages[0] : pages.flat().sort(rowComparator(filter.sort));
      }
    } else {
      rows = run({ ...base, driver: 'probe', scope }, { ...teamParams, probe: PROBE_ROWS });
      if (rows.length <= filter.limit) rows = run({ ...base, driver: 'scan', scope }, teamParams);
    }

    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > filter.limit && last
        ? encodeCursor({ key: filter.sort === 'name' ? last.company_sort : last.updated_at, id: last.id })
        : null;
    return { items: page.map(toDossier), nextCursor };
  }

  function chooseDriver(match: string | null, tag: string | undefined): Driver {
    const ftsCount = match ? (countFts.get(match, SMALL_SET)?.n ?? 0) : Infinity;
    const tagCount = tag !== undefined ? (countTag.get(tag, SMALL_SET)?.n ?? 0) : Infinity;
    if (Math.min(ftsCount, tagCount) >= SMALL_SET) return 'walk';
    return ftsCount <= tagCount ? 'fts' : 'tag';
  }

  return {
    async create(dossier, events) {
      withConflict(`dossier ${dossier.id}`, () => createMany([dossier], events));
    },
    async createMany(dossiers, stageHistory) {
      withConflict('a dossier', () => createMany(dossiers, [], stageHistory));
    },
    async listHeldBy(userId) {
      return selectHeldBy.all(userId, userId, userId).map(toDossier);
    },
    async listByOwners(ownerIds, options) {
      if (ownerIds.length === 0) return [];
      const owners = JSON.stringify([...new Set(ownerIds)]);
      const rows = options?.standInId
        ? // A substring test on the JSON text is ~10x cheaper than json_each per row; '_' or '%' in an id can only
          // add candidates, and the exact check below drops them.
          selectByOwnersAndStandIn
            .all(owners, `%${JSON.stringify(options.standInId)}%`)
            .filter((r) => (JSON.parse(r.stand_in_ids) as string[]).includes(options.standInId ?? ''))
        : selectByOwners.all(owners);
      return rows.map((r) => ({
        id: r.id,
        teamId: r.team_id,
        ownerId: r.owner_id,
        standInIds: JSON.parse(r.stand_in_ids) as string[]
      }));
    },
    async getMany(ids) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return [];
      // json_each keeps it one prepared statement whatever the number of ids (no 999-parameter limit).
      return selectByIds.all(JSON.stringify(unique)).map(toDossier);
    },
    async sortKeysOf(ids) {
      const unique = [...new Set(ids)];
      if (unique.length === 0) return [];
      return selectSortKeysByIds.all(JSON.stringify(unique)).map((r) => ({ id: r.id, companySort: r.company_sort }));
    },
    async get(id) {
      const row = selectById.get(id);
      return row ? toDossier(row) : null;
    },
    async list(filter) {
      return list(filter);
    },
    async updateProjection(id, projection, updatedAt, events) {
      const row = update(id, projection, updatedAt, events);
      return row ? toDossier(row) : null;
    },
    async changeStage({ expectedFrom, change, events }) {
      const row = changeStage(expectedFrom, change, events);
      return row ? toDossier(row) : null;
    },
    async stageHistory(dossierId) {
      return selectStageChanges.all(dossierId).map(toStageChange);
    },
    async patch({ id, patch: values, updatedAt, events }) {
      const row = patch(id, values, updatedAt, events);
      return row ? toDossier(row) : null;
    },
    async patchMany({ items, updatedAt, events }) {
      patchMany(items, updatedAt, events);
    },
    async changeOwner({ events, ...options }) {
      const row = changeOwner(options, events);
      return row ? toDossier(row) : null;
    },
    async count() {
      return countAll.get()?.n ?? 0;
    }
  };
}

/** Decodes a cursor and checks its key has the type the sort needs (a cursor from the other sort is invalid). */
function decodeListCursor(raw: string, sort: DossierListFilter['sort']): ListCursor {
  const cursor = decodeCursor(raw);
  const expected = sort === 'name' ? 'string' : 'number';
  if (typeof cursor.key !== expected) throw new DomainError('invalid', 'cursor does not match the sort');
  return cursor;
}

function rowComparator(sort: DossierListFilter['sort']): (a: DossierRow, b: DossierRow) => number {
  return sort === 'name'
    ? (a, b) => compareCodePoints(a.company_sort, b.company_sort) || compareCodePoints(a.id, b.id)
    : (a, b) => b.updated_at - a.updated_at || compareCodePoints(a.id, b.id);
}
