import type { Stage } from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import type { StageChange } from '../../kernel/types';
import type { SqliteDatabase } from './open-sqlite-database';

/** A conditional stage move (DossierStore DS10): only while the dossier is still in `expectedFrom`. */
export interface StageMove {
  expectedFrom: Stage;
  change: StageChange;
}

/**
 * Moves a dossier's stage and records the history entry inside the caller's transaction: resolves the updated
 * row (the columns of `returning`, a RETURNING clause), null for an unknown dossier; another stage (a concurrent
 * move won) throws 'conflict', so the caller's transaction rolls back. Shared by the dossier store (DS10) and
 * the win-back store, which writes a win-back's start or end with its move in one transaction (WS6).
 */
export function createSqliteStageMove<Row>(db: SqliteDatabase, returning: string): (move: StageMove) => Row | null {
  const update = db.prepare<unknown[], Row>(
    `UPDATE dossiers SET stage = @to, updated_at = @at WHERE id = @id AND stage = @expectedFrom ${returning}`
  );
  const selectStage = db.prepare<[string], { stage: string }>('SELECT stage FROM dossiers WHERE id = ?');
  const insertStageChange = db.prepare(
    `INSERT INTO stage_changes (id, dossier_id, from_stage, to_stage, reason, by_id, at)
     VALUES (@id, @dossierId, @from, @to, @reason, @byId, @at)`
  );
  return ({ expectedFrom, change }) => {
    const row = update.get({ id: change.dossierId, expectedFrom, to: change.to, at: change.at });
    if (!row) {
      const current = selectStage.get(change.dossierId);
      if (!current) return null;
      throw new DomainError('conflict', `the dossier moved to stage ${current.stage} meanwhile`);
    }
    insertStageChange.run(change);
    return row;
  };
}
