import type { Store } from '../store';
import { openSqliteDatabase } from './open-sqlite-database';
import { createSqliteActivityStore } from './sqlite-activity-store';
import { createSqliteDocumentStore } from './sqlite-document-store';
import { createSqliteDossierStore } from './sqlite-dossier-store';
import { createSqliteSessionStore } from './sqlite-session-store';
import { createSqliteUserStore } from './sqlite-user-store';
import { createSqliteVersionStore } from './sqlite-version-store';
import { createSqliteJobRunStore } from './sqlite-job-run-store';
import { createSqliteInteractionStore } from './sqlite-interaction-store';
import { createSqliteTaskStore } from './sqlite-task-store';
import { createSqliteIntakeStore } from './sqlite-intake-store';
import { createSqliteAbsenceStore } from './sqlite-absence-store';
import { createSqliteHandoffStore } from './sqlite-handoff-store';
import { createSqliteCoverageGapStore } from './sqlite-coverage-gap-store';
import { createSqliteKpiStore } from './sqlite-kpi-store';
import { createSqliteSegmentStore } from './sqlite-segment-store';
import { createSqliteImportStore } from './sqlite-import-store';
import { createSqliteWinbackStore } from './sqlite-winback-store';
import { createSqliteCustomerValueStore } from './sqlite-customer-value-store';
import { createSqliteSearchIndex } from './sqlite-search-index';

/**
 * Opens the SQLite store. `file` may be ':memory:' (tests). One connection serves every port: better-sqlite3
 * is synchronous, so the store's promises resolve after the work is done and committed.
 */
export function createSqliteStore(options: { file: string }): Store {
  const db = openSqliteDatabase({ file: options.file });
  let closed = false;
  return {
    kind: 'sqlite',
    users: createSqliteUserStore(db),
    sessions: createSqliteSessionStore(db),
    dossiers: createSqliteDossierStore(db),
    documents: createSqliteDocumentStore(db),
    activity: createSqliteActivityStore(db),
    versions: createSqliteVersionStore(db),
    interactions: createSqliteInteractionStore(db),
    jobRuns: createSqliteJobRunStore(db),
    tasks: createSqliteTaskStore(db),
    intake: createSqliteIntakeStore(db),
    absences: createSqliteAbsenceStore(db),
    handoffs: createSqliteHandoffStore(db),
    coverageGaps: createSqliteCoverageGapStore(db),
    kpis: createSqliteKpiStore(db),
    segments: createSqliteSegmentStore(db),
    imports: createSqliteImportStore(db),
    winbacks: createSqliteWinbackStore(db),
    customerValue: createSqliteCustomerValueStore(db),
    search: createSqliteSearchIndex(db),
    async close() {
      if (closed) return;
      closed = true;
      // Lets SQLite refresh planner statistics for tables that changed a lot (cheap, bounded work).
      db.pragma('optimize');
      db.close();
    }
  };
}
