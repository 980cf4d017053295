import type { ImportStore } from '../../features/segments/import-store';
import type { SqliteDatabase } from './open-sqlite-database';
import { createSqliteEventWriter } from './sqlite-activity-store';
import { createSqliteDocumentAppend } from './sqlite-document-store';
import { createSqliteDossierInsert } from './sqlite-dossier-insert';
import { withConflict } from './sqlite-errors';
import { sqliteWriteHooks } from './sqlite-write-hooks';
import { createSqliteVersionInsert } from './sqlite-version-store';

/** CSV imports in SQLite (ImportStore IM1–IM2). */
export function createSqliteImportStore(db: SqliteDatabase): ImportStore {
  const insertDossier = createSqliteDossierInsert(db);
  const appendDocument = createSqliteDocumentAppend(db);
  const insertVersion = createSqliteVersionInsert(db);
  const writeEvents = createSqliteEventWriter(db);
  const hooks = sqliteWriteHooks(db);
  const selectIdentities = db.prepare<[string], { id: string; company: string; city: string }>(
    'SELECT id, company, city FROM dossiers WHERE team_id = ?'
  );
  // IM2: one transaction; any throw (a taken id, a full disk) rolls back every row written before it.
  const commit = db.transaction((options: Parameters<ImportStore['commit']>[0]) => {
    for (const { dossier, document, version } of options.dossiers) {
      appendDocument(dossier.id, [document]);
      insertVersion(version);
      insertDossier(dossier);
    }
    // The imported dossiers' search entries (SearchIndex SI8) commit or roll back with them.
    const dossiers = options.dossiers.map((d) => d.dossier);
    for (const hook of hooks.imported) hook(dossiers);
    writeEvents(options.events);
  });
  return {
    async identities(teamId) {
      return selectIdentities.all(teamId);
    },
    async commit(options) {
      withConflict('a dossier', () => commit(options));
    }
  };
}
