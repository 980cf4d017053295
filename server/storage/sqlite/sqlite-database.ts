import type Database from 'better-sqlite3';

/** The one connection every SQLite adapter shares (its own file, so migrations can name it without a cycle). */
export type SqliteDatabase = Database.Database;
