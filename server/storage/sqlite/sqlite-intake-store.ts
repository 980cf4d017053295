import type { IntakeKey, IntakeStore } from '../../features/intake/intake-store';
import type { SqliteDatabase } from './open-sqlite-database';
import { createSqliteEventWriter } from './sqlite-activity-store';
import { withConflict } from './sqlite-errors';

interface KeyRow {
  id: string;
  team_id: string;
  label: string | null;
  hash: string;
  prefix: string;
  created_at: number;
  created_by: string;
  revoked_at: number | null;
  last_used_at: number | null;
}

const toKey = (r: KeyRow): IntakeKey => ({
  id: r.id,
  teamId: r.team_id,
  label: r.label,
  hash: r.hash,
  prefix: r.prefix,
  createdAt: r.created_at,
  createdBy: r.created_by,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at
});

/** Intake keys, lead ledger and round-robin turns in SQLite (IntakeStore IK1..RR1). */
export function createSqliteIntakeStore(db: SqliteDatabase): IntakeStore {
  const insertKey = db.prepare(
    `INSERT INTO intake_keys (id, team_id, label, hash, prefix, created_at, created_by, revoked_at, last_used_at)
     VALUES (@id, @teamId, @label, @hash, @prefix, @createdAt, @createdBy, @revokedAt, @lastUsedAt)`
  );
  const selectKeys = db.prepare<[string], KeyRow>(
    'SELECT * FROM intake_keys WHERE team_id = ? ORDER BY created_at DESC, id DESC'
  );
  const selectByHash = db.prepare<[string], KeyRow>('SELECT * FROM intake_keys WHERE hash = ?');
  const selectKey = db.prepare<[string, string], KeyRow>('SELECT * FROM intake_keys WHERE id = ? AND team_id = ?');
  const revoke = db.prepare<[number, string]>(
    'UPDATE intake_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'
  );
  const touch = db.prepare<[number, string]>('UPDATE intake_keys SET last_used_at = ? WHERE id = ?');
  const insertLead = db.prepare<[string, string, string, number]>(
    'INSERT OR IGNORE INTO intake_leads (team_id, lead_key, dossier_id, at) VALUES (?, ?, ?, ?)'
  );
  const turn = db.prepare<[string], { turn: number }>(
    `INSERT INTO intake_turns (team_id, turn) VALUES (?, 0)
     ON CONFLICT(team_id) DO UPDATE SET turn = turn + 1 RETURNING turn`
  );
  const writeEvents = createSqliteEventWriter(db);
  const create = db.transaction((key: IntakeKey, events: Parameters<IntakeStore['createKey']>[1]) => {
    insertKey.run(key);
    writeEvents(events);
  });
  const revokeTx = db.transaction((options: Parameters<IntakeStore['revokeKey']>[0]) => {
    const row = selectKey.get(options.id, options.teamId);
    if (!row) return null;
    if (row.revoked_at === null) {
      revoke.run(options.at, options.id);
      writeEvents(options.events);
      return toKey({ ...row, revoked_at: options.at });
    }
    return toKey(row);
  });
  const record = db.transaction((options: Parameters<IntakeStore['recordLead']>[0]) => {
    for (const key of options.keys) insertLead.run(options.teamId, key, options.dossierId, options.at);
    writeEvents(options.events);
  });

  return {
    async createKey(key, events) {
      withConflict(`intake key ${key.id}`, () => create(key, events));
    },
    async listKeys(teamId) {
      return selectKeys.all(teamId).map(toKey);
    },
    async findKeyByHash(hash) {
      const row = selectByHash.get(hash);
      return row ? toKey(row) : null;
    },
    async revokeKey(options) {
      return revokeTx(options);
    },
    async touchKey(id, at) {
      touch.run(at, id);
    },
    async findLead(teamId, keys) {
      if (keys.length === 0) return null;
      const row = db
        .prepare<unknown[], { dossier_id: string }>(
          `SELECT dossier_id FROM intake_leads WHERE team_id = ? AND lead_key IN (${keys.map(() => '?').join(',')})
           ORDER BY at, rowid LIMIT 1`
        )
        .get(teamId, ...keys);
      return row?.dossier_id ?? null;
    },
    async recordLead(options) {
      record(options);
    },
    async nextTurn(teamId) {
      return turn.get(teamId)!.turn;
    }
  };
}
