import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from './sqlite-migrations';

export type { SqliteDatabase } from './sqlite-database';
import type { SqliteDatabase } from './sqlite-database';

/**
 * Opens (creating if needed) a SQLite database and migrates it to the latest schema.
 *
 * WAL + synchronous=NORMAL: a committed transaction is in the WAL file, i.e. in the OS page cache, before
 * the call returns, so it survives a SIGKILL of the process (not necessarily a power loss). That is the
 * durability level the document store promises. busy_timeout lets a second process (a CLI, a backup)
 * wait for the write lock instead of failing at once.
 */
export function openSqliteDatabase(options: { file: string }): SqliteDatabase {
  const db = new Database(options.file);
  try {
    if (options.file !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // The dossier list sorts and filters in memory when no index fits; give it room.
    db.pragma('cache_size = -32000');
    db.pragma('temp_store = MEMORY');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Applies every migration step past PRAGMA user_version, each in its own transaction together with the
 * version bump, so a crash mid-migration leaves the database at the previous version.
 */
function migrate(db: SqliteDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SQLITE_MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this build knows (${SQLITE_MIGRATIONS.length})`);
  }
  for (let version = current; version < SQLITE_MIGRATIONS.length; version++) {
    const step = SQLITE_MIGRATIONS[version];
    db.transaction(() => {
      if (typeof step === 'string') db.exec(step);
      else step(db);
      // PRAGMA does not take bound parameters; version is our own integer.
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
