import type { CoverageGapStore, OpenCoverageGap } from '../../features/continuity/coverage-gap-store';
import type { NewEvent } from '../../kernel/events';
import type { SqliteDatabase } from './open-sqlite-database';

interface GapRow {
  dossier_id: string;
  owner_id: string;
  opened_at: number;
}

/**
 * GS1/GS2: applies coverage.gap_opened / gap_closed events to the coverage_gaps table. Called by the event
 * writer for every event it inserts, inside the caller's transaction (GS4).
 */
export function createSqliteGapProjection(db: SqliteDatabase): (event: NewEvent) => void {
  const upsert = db.prepare(
    `INSERT INTO coverage_gaps (dossier_id, owner_id, opened_at) VALUES (?, ?, ?)
     ON CONFLICT (dossier_id) DO UPDATE SET owner_id = excluded.owner_id, opened_at = excluded.opened_at`
  );
  const remove = db.prepare('DELETE FROM coverage_gaps WHERE dossier_id = ?');
  return (event) => {
    if (event.type === 'coverage.gap_opened') {
      for (const id of event.data.dossierIds) upsert.run(id, event.data.ownerId, event.data.openedAt);
    } else if (event.type === 'coverage.gap_closed') {
      for (const id of event.data.dossierIds) remove.run(id);
    }
  };
}

/** The open coverage gaps in SQLite (GS3); written only through the event writer. */
export function createSqliteCoverageGapStore(db: SqliteDatabase): CoverageGapStore {
  const all = db.prepare<[], GapRow>('SELECT * FROM coverage_gaps ORDER BY dossier_id');
  const of = db.prepare<[string], GapRow>(
    'SELECT * FROM coverage_gaps WHERE owner_id IN (SELECT value FROM json_each(?)) ORDER BY dossier_id'
  );
  const toGap = (r: GapRow): OpenCoverageGap => ({
    dossierId: r.dossier_id,
    ownerId: r.owner_id,
    openedAt: r.opened_at
  });
  return {
    async open(ownerIds) {
      return (ownerIds === 'all' ? all.all() : of.all(JSON.stringify(ownerIds))).map(toGap);
    }
  };
}
