import type { NewEvent } from '../../kernel/events';
import type { Dossier } from '../../kernel/types';
import type { SqliteDatabase } from './sqlite-database';

/**
 * Work that must happen in the transaction of a store write, registered per database by another port's
 * adapter (the search index, SearchIndex SI8): the event writer calls `event` for each event it writes, the
 * import store calls `imported` with the dossiers of one commit. A hook that throws rolls the write back.
 */
export interface SqliteWriteHooks {
  event: Array<(event: NewEvent) => void>;
  imported: Array<(dossiers: readonly Dossier[]) => void>;
}

const registry = new WeakMap<SqliteDatabase, SqliteWriteHooks>();

/** The hooks of one database (created empty on first use; stores and adapters of that database share it). */
export function sqliteWriteHooks(db: SqliteDatabase): SqliteWriteHooks {
  let hooks = registry.get(db);
  if (!hooks) {
    hooks = { event: [], imported: [] };
    registry.set(db, hooks);
  }
  return hooks;
}
