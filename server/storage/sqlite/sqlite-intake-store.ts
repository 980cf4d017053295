import { DomainError } from '../../kernel/domain-error';
import type { IntakeKey, IntakeStore, LeadRecords } from '../../features/intake/intake-store';
import type { SqliteDatabase } from './open-sqlite-database';
import { createSqliteEventWriter } from './sqlite-activity-store';
import { isSqliteUniqueViolation, withConflict } from './sqlite-errors';
import { createSqliteDossierInsert } from './sqlite-dossier-insert';
import { createSqliteDocumentAppend } from './sqlite-document-store';
import { createSqliteVersionInsert } from './sqlite-version-store';
import { createSqliteInteractionInsert } from './sqlite-interaction-store';
import { createSqliteTaskInsert } from './sqlite-task-store';

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
  const selectClaim = db.prepare<[string, string], { dossier_id: string }>(
    'SELECT dossier_id FROM intake_identities WHERE team_id = ? AND identity_key = ?'
  );
  const claim = db.prepare<[string, string, string]>(
    'INSERT INTO intake_identities (team_id, identity_key, dossier_id) VALUES (?, ?, ?)'
  );
  const claimIfFree = db.prepare<[string, string, string]>(
    'INSERT OR IGNORE INTO intake_identities (team_id, identity_key, dossier_id) VALUES (?, ?, ?)'
  );
  const claimant = (lead: LeadRecords) => {
    for (const key of lead.keys) {
      const row = selectClaim.get(lead.teamId, key);
      if (row) return row.dossier_id;
    }
    return null;
  };
  const insertDossier = createSqliteDossierInsert(db);
  const appendDocument = createSqliteDocumentAppend(db);
  const insertVersion = createSqliteVersionInsert(db);
  const insertInteraction = createSqliteInteractionInsert(db);
  const insertTask = createSqliteTaskInsert(db);
  // IL3: one transaction for every row of the lead; any throw rolls all of them back.
  const record = db.transaction((lead: LeadRecords): string | null => {
    const { teamId, dossierId, at } = lead;
    if (lead.newDossier) {
      // IL4: checked first so a duplicate writes nothing; the plain INSERT below still guards against a
      // second process that claims between this read and the write (it then throws a unique violation).
      const owner = claimant(lead);
      if (owner !== null) return owner;
      for (const key of lead.keys) claim.run(teamId, key, dossierId);
      const { dossier, document, version } = lead.newDossier;
      appendDocument(dossier.id, [document]);
      insertVersion(version);
      insertDossier(dossier);
    } else {
      for (const key of lead.keys) claimIfFree.run(teamId, key, dossierId);
    }
    for (const key of lead.keys) insertLead.run(teamId, key, dossierId, at);
    if (lead.interaction) insertInteraction(lead.interaction);
    if (lead.task) insertTask(lead.task);
    writeEvents(lead.events);
    return null;
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
    async recordLead(lead) {
      try {
        return { duplicateOf: record(lead) };
      } catch (error) {
        // Another connection claimed a key between our read and our write: the lead is its duplicate.
        const owner = lead.newDossier && isSqliteUniqueViolation(error) ? claimant(lead) : null;
        if (owner !== null) return { duplicateOf: owner };
        if (isSqliteUniqueViolation(error)) throw new DomainError('conflict', 'a record of this lead already exists');
        throw error;
      }
    },
    async nextTurn(teamId) {
      return turn.get(teamId)!.turn;
    }
  };
}
