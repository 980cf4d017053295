import type { DomainEvent } from '../../kernel/types';
import type { ActivityStore } from '../../features/feed/activity-store';
import { withConflict } from './sqlite-errors';
import type { SqliteDatabase } from './open-sqlite-database';

interface ActivityRow {
  seq: number;
  id: string;
  type: string;
  at: number;
  actor_id: string | null;
  team_id: string | null;
  dossier_id: string | null;
  data: string;
}

const toEvent = (row: ActivityRow): DomainEvent => ({
  seq: row.seq,
  id: row.id,
  type: row.type,
  at: row.at,
  actorId: row.actor_id,
  teamId: row.team_id,
  dossierId: row.dossier_id,
  data: JSON.parse(row.data) as Record<string, unknown>
});

/**
 * The activity log in SQLite; seq is the AUTOINCREMENT rowid. With a team list, events without a team
 * (system-wide ones) are not returned: they belong to no team's feed.
 */
export function createSqliteActivityStore(db: SqliteDatabase): ActivityStore {
  const insert = db.prepare(
    `INSERT INTO activity (id, type, at, actor_id, team_id, dossier_id, data)
     VALUES (@id, @type, @at, @actorId, @teamId, @dossierId, @data)`
  );
  const selectAll = db.prepare<[number, number], ActivityRow>(
    'SELECT * FROM activity WHERE seq > ? ORDER BY seq LIMIT ?'
  );
  const selectTeams = db.prepare<[number, string, number], ActivityRow>(
    `SELECT * FROM activity WHERE seq > ? AND team_id IN (SELECT value FROM json_each(?))
     ORDER BY seq LIMIT ?`
  );

  return {
    async append(event) {
      const { seq: _ignored, ...rest } = event;
      const result = withConflict(`event ${event.id}`, () => insert.run({ ...rest, data: JSON.stringify(event.data) }));
      return { ...rest, seq: Number(result.lastInsertRowid) };
    },
    async listSince({ afterSeq, teamIds, limit }) {
      if (teamIds !== 'all' && teamIds.length === 0) return [];
      const rows =
        teamIds === 'all' ? selectAll.all(afterSeq, limit) : selectTeams.all(afterSeq, JSON.stringify(teamIds), limit);
      return rows.map(toEvent);
    }
  };
}
