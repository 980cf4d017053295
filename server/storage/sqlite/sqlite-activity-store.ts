import type { NewEvent, StoredEvent } from '../../kernel/events';
import type { ActivityPageQuery, ActivityStore } from '../../features/feed/activity-store';
import { createSqliteGapProjection } from './sqlite-coverage-gap-store';
import { withConflict } from './sqlite-errors';
import { sqliteWriteHooks } from './sqlite-write-hooks';
import type { SqliteDatabase } from './open-sqlite-database';

interface ActivityRow {
  seq: number;
  id: string;
  type: string;
  at: number;
  actor_id: string | null;
  on_behalf_of_id: string | null;
  team_id: string | null;
  dossier_id: string | null;
  data: string;
}

/** The one place a row becomes an event again: the type and data were written from a typed event. */
const toEvent = (row: ActivityRow): StoredEvent =>
  ({
    seq: row.seq,
    id: row.id,
    type: row.type,
    at: row.at,
    actorId: row.actor_id,
    onBehalfOfId: row.on_behalf_of_id,
    teamId: row.team_id,
    dossierId: row.dossier_id,
    data: JSON.parse(row.data) as unknown
  }) as StoredEvent;

/** Writes events inside the caller's transaction (the outbox half of a change method). */
export type SqliteEventWriter = (events: readonly NewEvent[]) => StoredEvent[];

/**
 * Prepares the insert every change method uses. seq is the AUTOINCREMENT rowid: SQLite has one writer at a
 * time and a rolled-back transaction also rolls back sqlite_sequence, so committed seqs have no holes and
 * become visible in order (AS1).
 */
export function createSqliteEventWriter(db: SqliteDatabase): SqliteEventWriter {
  const insert = db.prepare(
    `INSERT INTO activity (id, type, at, actor_id, on_behalf_of_id, team_id, dossier_id, data)
     VALUES (@id, @type, @at, @actorId, @onBehalfOfId, @teamId, @dossierId, @data)`
  );
  // Gap events carry their state (CoverageGapStore GS1/GS2): applied in the same transaction as the event.
  const project = createSqliteGapProjection(db);
  // Read models of other ports that follow events in the same transaction (the search index, SI8).
  const hooks = sqliteWriteHooks(db);
  return (events) =>
    events.map((event) => {
      const result = withConflict(`event ${event.id}`, () =>
        insert.run({ ...event, data: JSON.stringify(event.data) })
      );
      project(event);
      for (const hook of hooks.event) hook(event);
      return { ...event, seq: Number(result.lastInsertRowid) };
    });
}

/**
 * The activity log in SQLite. With a team list, events without a team (system-wide ones) are not returned:
 * they belong to no team's feed.
 */
export function createSqliteActivityStore(db: SqliteDatabase): ActivityStore {
  const write = createSqliteEventWriter(db);
  const append = db.transaction((events: readonly NewEvent[]) => write(events));
  const select = db.prepare<
    { afterSeq: number; teams: string | null; types: string | null; limit: number },
    ActivityRow
  >(
    `SELECT * FROM activity WHERE seq > @afterSeq
       AND (@teams IS NULL OR team_id IN (SELECT value FROM json_each(@teams)))
       AND (@types IS NULL OR type IN (SELECT value FROM json_each(@types)))
     ORDER BY seq LIMIT @limit`
  );
  // AS7: (at, id) strictly before the cursor in descending order; the index activity_dossier_at serves it. A
  // row-value range lets SQLite seek to the cursor (the first page uses MAX_SAFE_INTEGER) instead of scanning
  // every newer entry of the dossier, as `@at IS NULL OR at < @at OR …` did (benchmark 4).
  const selectDossier = db.prepare<
    { dossierId: string; types: string; at: number; id: string; limit: number },
    ActivityRow
  >(
    `SELECT * FROM activity WHERE dossier_id = @dossierId
       AND type IN (SELECT value FROM json_each(@types))
       AND (at, id) < (@at, @id)
     ORDER BY at DESC, id DESC LIMIT @limit`
  );
  // AS8: SQLite walks activity_dossier_at once per listed dossier (an IN over json_each on the index's first
  // column), so the cost follows the events in the window, not the size of the log.
  const selectDossiers = db.prepare<
    { dossierIds: string; types: string; from: number; to: number; limit: number },
    ActivityRow
  >(
    `SELECT * FROM activity WHERE dossier_id IN (SELECT value FROM json_each(@dossierIds))
       AND at >= @from AND at < @to
       AND type IN (SELECT value FROM json_each(@types))
     ORDER BY at, seq LIMIT @limit`
  );
  const page = createPageQuery(db);
  const oldest = db.prepare<[], { seq: number | null }>('SELECT min(seq) AS seq FROM activity');
  const last = db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'activity'");
  const deleteOlder = db.prepare('DELETE FROM activity WHERE at < ?');

  return {
    async append(events) {
      return append(events);
    },
    async listSince({ afterSeq, teamIds, types, limit }) {
      if (teamIds !== 'all' && teamIds.length === 0) return [];
      if (types && types.length === 0) return [];
      const rows = select.all({
        afterSeq,
        teams: teamIds === 'all' ? null : JSON.stringify(teamIds),
        types: types ? JSON.stringify(types) : null,
        limit
      });
      return rows.map(toEvent);
    },
    async listForDossier(dossierId, { types, before, limit }) {
      if (types.length === 0) return [];
      return selectDossier
        .all({
          dossierId,
          types: JSON.stringify(types),
          at: before?.at ?? Number.MAX_SAFE_INTEGER,
          id: before?.id ?? '',
          limit
        })
        .map(toEvent);
    },
    async listForDossiers({ dossierIds, types, from, to, limit }) {
      if (dossierIds.length === 0 || types.length === 0) return [];
      return selectDossiers
        .all({ dossierIds: JSON.stringify(dossierIds), types: JSON.stringify(types), from, to, limit })
        .map(toEvent);
    },
    async listPage(query) {
      return page(query).map(toEvent);
    },
    async bounds() {
      return { oldestSeq: oldest.get()?.seq ?? null, lastSeq: last.get()?.seq ?? 0 };
    },
    async deleteOlderThan(at) {
      return deleteOlder.run(at).changes;
    }
  };
}

/**
 * AS9 the feed's page. The statement is built from the filters present (at most 2^6 shapes, each prepared
 * once) so SQLite plans each shape on its own: by the primary key walking seq backwards (the team filter then
 * uses activity_team(team_id, seq)), by activity_actor for a person, activity_dossier_at for a dossier.
 */
function createPageQuery(db: SqliteDatabase): (query: ActivityPageQuery) => ActivityRow[] {
  const cache = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
  return (query) => {
    const dossierIds = query.dossierIds ?? [];
    if (query.teamIds !== 'all' && query.teamIds.length === 0 && dossierIds.length === 0) return [];
    if (query.types && query.types.length === 0) return [];
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: query.limit };
    if (query.teamIds !== 'all') {
      params.teams = JSON.stringify(query.teamIds);
      params.dossiers = JSON.stringify(dossierIds);
      where.push(
        '(team_id IN (SELECT value FROM json_each(@teams)) OR dossier_id IN (SELECT value FROM json_each(@dossiers)))'
      );
    }
    if (query.userId !== undefined) {
      params.userId = query.userId;
      where.push('(actor_id = @userId OR on_behalf_of_id = @userId)');
    }
    if (query.dossierId !== undefined) {
      params.dossierId = query.dossierId;
      where.push('dossier_id = @dossierId');
    }
    if (query.types) {
      params.types = JSON.stringify(query.types);
      where.push('type IN (SELECT value FROM json_each(@types))');
    }
    if (query.pointOfSale !== undefined) {
      params.pointOfSale = query.pointOfSale;
      where.push("json_extract(data, '$.item.pointOfSale') = @pointOfSale");
    }
    if (query.afterSeq !== undefined) {
      params.afterSeq = query.afterSeq;
      where.push('seq > @afterSeq');
    }
    if (query.beforeSeq !== undefined) {
      params.beforeSeq = query.beforeSeq;
      where.push('seq < @beforeSeq');
    }
    const order = query.order === 'oldest' ? 'ASC' : 'DESC';
    const sql = `SELECT * FROM activity ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq ${order} LIMIT @limit`;
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = db.prepare(sql)));
    return statement.all(params) as ActivityRow[];
  };
}
