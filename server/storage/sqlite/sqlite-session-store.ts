import type { NewEvent } from '../../kernel/events';
import type { Session } from '../../kernel/types';
import type { SessionStore } from '../../features/identity/session-store';
import { createSqliteEventWriter } from './sqlite-activity-store';
import { withConflict } from './sqlite-errors';
import type { SqliteDatabase } from './open-sqlite-database';

interface SessionRow {
  id: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  absolute_expires_at: number;
}

const toSession = (row: SessionRow): Session => ({
  id: row.id,
  userId: row.user_id,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
  expiresAt: row.expires_at,
  absoluteExpiresAt: row.absolute_expires_at
});

/** Sessions in SQLite, keyed by the token hash; create and delete write their events in the same transaction. */
export function createSqliteSessionStore(db: SqliteDatabase): SessionStore {
  const insert = db.prepare(
    `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, absolute_expires_at)
     VALUES (@id, @userId, @createdAt, @lastSeenAt, @expiresAt, @absoluteExpiresAt)`
  );
  const select = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?');
  const touch = db.prepare('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM sessions WHERE id = ?');
  const removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  const selectOfUser = db.prepare<[string], { id: string }>('SELECT id FROM sessions WHERE user_id = ?');
  const removeOfUser = db.prepare('DELETE FROM sessions WHERE user_id = ?');
  const writeEvents = createSqliteEventWriter(db);
  const deleteAllOfUser = db.transaction((userId: string, events: readonly NewEvent[]) => {
    const ids = selectOfUser.all(userId).map((r) => r.id);
    if (ids.length === 0) return ids;
    removeOfUser.run(userId);
    writeEvents(events);
    return ids;
  });
  const create = db.transaction((session: Session, events: readonly NewEvent[]) => {
    insert.run(session);
    writeEvents(events);
  });
  const deleteOne = db.transaction((id: string, events: readonly NewEvent[]) => {
    if (remove.run(id).changes > 0) writeEvents(events);
  });

  return {
    async create(session, events) {
      withConflict('session', () => create(session, events));
    },
    async get(id) {
      const row = select.get(id);
      return row ? toSession(row) : null;
    },
    async touch(id, lastSeenAt, expiresAt) {
      touch.run(lastSeenAt, expiresAt, id);
    },
    async delete(id, events) {
      deleteOne(id, events);
    },
    async deleteExpired(now) {
      return removeExpired.run(now).changes;
    },
    async deleteAllOfUser(userId, events) {
      return deleteAllOfUser(userId, events);
    }
  };
}
