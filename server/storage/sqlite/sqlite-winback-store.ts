import type { NewEvent } from '../../kernel/events';
import type { WinbackProcess, WinbackStageMove, WinbackStore } from '../../features/winback/winback-store';
import { DomainError } from '../../kernel/domain-error';
import { createSqliteEventWriter } from './sqlite-activity-store';
import { isSqliteUniqueViolation } from './sqlite-errors';
import type { SqliteDatabase } from './open-sqlite-database';
import { createSqliteStageMove } from './sqlite-dossier-stage';

interface WinbackRow {
  id: string;
  dossier_id: string;
  team_id: string;
  assignee_id: string;
  started_by_id: string;
  started_at: number;
  status: string;
  next_step: number;
  steps: string;
  next_task_id: string | null;
  ended_at: number | null;
  end_reason: string | null;
  revision: number;
}

const toProcess = (r: WinbackRow): WinbackProcess => ({
  id: r.id,
  dossierId: r.dossier_id,
  teamId: r.team_id,
  assigneeId: r.assignee_id,
  startedById: r.started_by_id,
  startedAt: r.started_at,
  status: r.status as WinbackProcess['status'],
  nextStep: r.next_step,
  steps: JSON.parse(r.steps) as WinbackProcess['steps'],
  nextTaskId: r.next_task_id,
  endedAt: r.ended_at,
  endReason: r.end_reason,
  revision: r.revision
});

const toParams = (p: WinbackProcess) => ({ ...p, steps: JSON.stringify(p.steps) });

/** Win-back processes in SQLite (migration "win-back processes"); WS1–WS5 of the port. */
export function createSqliteWinbackStore(db: SqliteDatabase): WinbackStore {
  const writeEvents = createSqliteEventWriter(db);
  const insert = db.prepare(
    `INSERT INTO winbacks (id, dossier_id, team_id, assignee_id, started_by_id, started_at, status, next_step, steps,
       next_task_id, ended_at, end_reason, revision)
     VALUES (@id, @dossierId, @teamId, @assigneeId, @startedById, @startedAt, @status, @nextStep, @steps,
       @nextTaskId, @endedAt, @endReason, 0)`
  );
  const select = db.prepare<[string], WinbackRow>('SELECT * FROM winbacks WHERE id = ?');
  const selectOpen = db.prepare<[string], WinbackRow>(
    `SELECT * FROM winbacks WHERE dossier_id = ? AND status = 'open'`
  );
  const selectFor = db.prepare<[string], WinbackRow>(
    'SELECT * FROM winbacks WHERE dossier_id = ? ORDER BY started_at DESC, id DESC'
  );
  const update = db.prepare<Record<string, unknown>, WinbackRow>(
    `UPDATE winbacks SET assignee_id = @assigneeId, status = @status, next_step = @nextStep, steps = @steps,
       next_task_id = @nextTaskId, ended_at = @endedAt, end_reason = @endReason, revision = revision + 1
     WHERE id = @id AND revision = @expected RETURNING *`
  );
  const del = db.prepare<[string]>('DELETE FROM winbacks WHERE id = ? AND revision = 0');

  const moveStage = createSqliteStageMove<{ id: string }>(db, 'RETURNING id');
  // WS6: the move runs after the process's own write, so a failing move (not_found, conflict) rolls both back.
  const applyMove = (move: WinbackStageMove | null | undefined) => {
    if (move && !moveStage(move)) throw new DomainError('not_found', 'dossier not found');
  };

  const create = db.transaction((p: WinbackProcess, events: readonly NewEvent[], move?: WinbackStageMove | null) => {
    try {
      insert.run(toParams(p));
    } catch (error) {
      if (isSqliteUniqueViolation(error)) {
        throw new DomainError('conflict', 'a win-back is already running on this dossier (or the id exists)');
      }
      throw error;
    }
    applyMove(move);
    writeEvents(events);
  });
  const save = db.transaction(
    (p: WinbackProcess, expected: number, events: readonly NewEvent[], move?: WinbackStageMove | null) => {
      const row = update.get({ ...toParams(p), expected });
      if (!row) return null;
      applyMove(move);
      writeEvents(events);
      return toProcess(row);
    }
  );

  return {
    create: async (process, events, stageMove) => create(process, events, stageMove),
    get: async (id) => {
      const row = select.get(id);
      return row ? toProcess(row) : null;
    },
    openFor: async (dossierId) => {
      const row = selectOpen.get(dossierId);
      return row ? toProcess(row) : null;
    },
    listFor: async (dossierId) => selectFor.all(dossierId).map(toProcess),
    save: async (process, expectedRevision, events, stageMove) => save(process, expectedRevision, events, stageMove),
    listOpen: async (teamIds) => {
      const rows =
        teamIds === 'all'
          ? db.prepare<[], WinbackRow>(`SELECT * FROM winbacks WHERE status = 'open' ORDER BY started_at, id`).all()
          : db
              .prepare<[string], WinbackRow>(
                `SELECT * FROM winbacks WHERE status = 'open' AND team_id IN (SELECT value FROM json_each(?))
                 ORDER BY started_at, id`
              )
              .all(JSON.stringify(teamIds));
      return rows.map(toProcess);
    },
    remove: async (id) => del.run(id).changes === 1
  };
}
