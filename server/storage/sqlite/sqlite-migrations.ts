import type { SqliteDatabase } from './sqlite-database';
import { rebuildDossierSearch } from './sqlite-dossier-search-rebuild';
import { backfillDossierKnowledge } from './sqlite-dossier-knowledge-backfill';
import { CONTACT_SUMMARY_MIGRATION } from './sqlite-contact-summary-migration';
import { KPI_MIGRATION, KPI_ROLLUP_MIGRATION } from './sqlite-kpi-migration';

/** A step is SQL, or a function for data changes SQL cannot express (folding text the way the app does). */
export type SqliteMigration = string | ((db: SqliteDatabase) => void);

/**
 * Schema steps, applied in order; step i moves PRAGMA user_version from i to i + 1.
 * Never edit a step that has shipped: append a new one.
 *
 * Team and user references are deliberately not foreign keys: the MongoDB adapter cannot enforce them,
 * and both adapters must pass the same contract. Integrity of those references is the services' job.
 */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  `
  CREATE TABLE teams (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    site TEXT NOT NULL
  );

  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    -- lower-cased email: uniqueness and lookup are case-insensitive
    email_key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    locale TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    -- JSON array in the user's order; user_teams below is the lookup index by team
    team_ids TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );

  CREATE TABLE user_teams (
    team_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, user_id)
  ) WITHOUT ROWID;

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    absolute_expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_expires ON sessions(expires_at);

  -- seq is an explicit INTEGER PRIMARY KEY so VACUUM never renumbers the rowids the FTS index points at.
  CREATE TABLE dossiers (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    team_id TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    company TEXT NOT NULL,
    company_sort TEXT NOT NULL,
    city TEXT NOT NULL,
    industry TEXT NOT NULL,
    stage TEXT NOT NULL,
    tags TEXT NOT NULL,
    contact_names TEXT NOT NULL,
    search TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX dossiers_team_name ON dossiers(team_id, company_sort, id);
  CREATE INDEX dossiers_team_updated ON dossiers(team_id, updated_at DESC, id);
  CREATE INDEX dossiers_name ON dossiers(company_sort, id);
  CREATE INDEX dossiers_updated ON dossiers(updated_at DESC, id);
  CREATE INDEX dossiers_owner ON dossiers(owner_id, company_sort, id);

  CREATE TABLE dossier_tags (
    tag TEXT NOT NULL,
    dossier_seq INTEGER NOT NULL REFERENCES dossiers(seq) ON DELETE CASCADE,
    PRIMARY KEY (tag, dossier_seq)
  ) WITHOUT ROWID;
  CREATE INDEX dossier_tags_dossier ON dossier_tags(dossier_seq);

  -- Contentless trigram index over dossiers.search (rowid = dossiers.seq), kept in sync by the store.
  -- detail=none keeps it small; it can then over-match phrases, so hits are re-checked with instr().
  CREATE VIRTUAL TABLE dossier_fts USING fts5(
    search, tokenize = 'trigram', detail = 'none', content = '', contentless_delete = 1
  );

  CREATE TABLE doc_heads (
    doc_id TEXT PRIMARY KEY,
    last_seq INTEGER NOT NULL,
    -- running totals of the log past the snapshot, so tailStats never scans blobs
    tail_count INTEGER NOT NULL,
    tail_bytes INTEGER NOT NULL
  );
  CREATE TABLE doc_updates (
    doc_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (doc_id, seq)
  );
  -- Separate from doc_heads so appends (which bump the head) never rewrite a large snapshot row.
  CREATE TABLE doc_snapshots (
    doc_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL
  );

  -- AUTOINCREMENT: a seq is never reused, even after the newest rows are deleted; clients resume by it.
  CREATE TABLE activity (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    at INTEGER NOT NULL,
    actor_id TEXT,
    team_id TEXT,
    dossier_id TEXT,
    data TEXT NOT NULL
  );
  CREATE INDEX activity_team ON activity(team_id, seq);
  `,
  `
  CREATE TABLE doc_versions (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    author_ids TEXT NOT NULL,
    restored_from TEXT,
    snapshot BLOB NOT NULL
  );
  CREATE INDEX doc_versions_doc ON doc_versions(doc_id, created_at DESC);
  `,
  // A substring search the trigram index cannot serve (1–2 characters) tests every row in scope; this
  // narrow index lets it read team_id and the search text only, and fetch just the rows that match.
  `
  CREATE INDEX dossiers_team_search ON dossiers(team_id, search);
  `,
  // Versions may be deltas on top of an earlier version (see VersionStore), so they need not repeat the
  // whole document each time.
  `
  ALTER TABLE doc_versions ADD COLUMN base_id TEXT;
  `,
  // The event envelope names the person a stand-in acted for; retention deletes by time.
  `
  ALTER TABLE activity ADD COLUMN on_behalf_of_id TEXT;
  CREATE INDEX activity_at ON activity(at);
  `,
  // The scheduler's claims (JobRunStore): one row per job with its latest claimed slot.
  `
  CREATE TABLE job_runs (
    job TEXT PRIMARY KEY,
    due_at INTEGER NOT NULL,
    node TEXT NOT NULL,
    claimed_at INTEGER NOT NULL,
    finished_at INTEGER,
    error TEXT
  );
  `,
  // Search finds street, postcode, industry and tags too, and "mueller" finds "Müller" (search-fold.ts);
  // the name order sorts numbers by value (list-order.ts). Existing rows get their address from their
  // document and their search text, sort key and trigram entry rebuilt.
  (db) => {
    db.exec(`
      ALTER TABLE dossiers ADD COLUMN street TEXT NOT NULL DEFAULT '';
      ALTER TABLE dossiers ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
    `);
    rebuildDossierSearch(db);
  },
  // Who may write each Yjs client id of a document (DocumentStore DOC7/DOC8, ClientOwnership): the first
  // user to write it. One row per id ever used in the document (a few per editing session).
  `
  CREATE TABLE doc_client_owners (
    doc_id TEXT NOT NULL,
    client_id INTEGER NOT NULL,
    owner_id TEXT NOT NULL,
    PRIMARY KEY (doc_id, client_id)
  ) WITHOUT ROWID;
  `,
  // Issue #8 timeline (features/interactions): what people logged on a dossier, newest first by when it
  // happened; corrections keep the whole chain of earlier wordings as JSON. The activity index serves the
  // timeline's system entries of one dossier in the same (at desc, id desc) order (ActivityStore AS7).
  `
  CREATE TABLE interactions (
    id TEXT PRIMARY KEY,
    dossier_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    type TEXT NOT NULL,
    at INTEGER NOT NULL,
    point_of_sale TEXT NOT NULL,
    direction TEXT,
    contact_name TEXT,
    summary TEXT NOT NULL,
    amount REAL,
    author_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    corrections TEXT NOT NULL DEFAULT '[]'
  );
  CREATE INDEX interactions_dossier_at ON interactions(dossier_id, at DESC, id DESC);
  CREATE INDEX activity_dossier_at ON activity(dossier_id, at DESC, id DESC);
  `,
  // Issue #8 follow-ups (feature followups): callbacks, tasks and tickets, listed by due time per assignee,
  // acting assignee, team or dossier; escalation finds open, unescalated rows by escalate_at. Teams get a time
  // zone and working hours (Mon–Fri 08:00–17:00 as minutes after midnight) that due buckets and escalation use.
  `
  ALTER TABLE teams ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Berlin';
  ALTER TABLE teams ADD COLUMN working_hours TEXT NOT NULL
    DEFAULT '{"days":[1,2,3,4,5],"startMinute":480,"endMinute":1020}';

  CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    dossier_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    assignee_id TEXT NOT NULL,
    acting_assignee_id TEXT NOT NULL,
    status TEXT NOT NULL,
    outcome TEXT,
    escalate_at INTEGER NOT NULL,
    escalated_at INTEGER,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    interaction_id TEXT,
    severity TEXT,
    version INTEGER NOT NULL
  );
  CREATE INDEX tasks_assignee_due ON tasks(assignee_id, due_at, id);
  CREATE INDEX tasks_acting_due ON tasks(acting_assignee_id, due_at, id);
  CREATE INDEX tasks_team_due ON tasks(team_id, due_at, id);
  CREATE INDEX tasks_dossier_due ON tasks(dossier_id, due_at, id);
  CREATE INDEX tasks_escalation ON tasks(escalate_at) WHERE escalated_at IS NULL AND status != 'done';
  `,
  // Issue #8 lifecycle (dossiers feature): the key-account manager and the owner's stand-ins on the dossier
  // row, and the stage history (DossierStore DS10/DS11) in its own table, since activity retention prunes
  // the log. seq orders changes recorded in the same millisecond.
  `
  ALTER TABLE dossiers ADD COLUMN key_account_manager_id TEXT;
  ALTER TABLE dossiers ADD COLUMN stand_in_ids TEXT NOT NULL DEFAULT '[]';
  CREATE TABLE stage_changes (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    dossier_id TEXT NOT NULL,
    from_stage TEXT,
    to_stage TEXT NOT NULL,
    reason TEXT,
    by_id TEXT,
    at INTEGER NOT NULL
  );
  CREATE INDEX stage_changes_dossier ON stage_changes(dossier_id, at DESC, seq DESC);
  `,
  // Issue #8 lead intake (feature intake): team intake keys stored as SHA-256 only (IK3 looks up by hash),
  // the ledger of received leads' duplicate keys per team (IL1 equality lookups), and each team's
  // round-robin turn (RR1, one row per team incremented in place).
  `
  CREATE TABLE intake_keys (
    id TEXT PRIMARY KEY,
    team_id TEXT NOT NULL,
    label TEXT,
    hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at INTEGER,
    last_used_at INTEGER
  );
  CREATE INDEX intake_keys_team ON intake_keys(team_id, created_at DESC, id DESC);
  CREATE TABLE intake_leads (
    team_id TEXT NOT NULL,
    lead_key TEXT NOT NULL,
    dossier_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (team_id, lead_key, dossier_id)
  );
  CREATE TABLE intake_turns (
    team_id TEXT PRIMARY KEY,
    turn INTEGER NOT NULL
  );
  `,
  // Issue #8 intake race: each duplicate key of a team belongs to ONE dossier (IntakeStore IL4). A new lead
  // claims its keys in its own transaction, so two identical leads at the same instant cannot both create a
  // dossier: the second claim hits the primary key. Filled from the ledger, the earliest lead per key winning.
  `
  CREATE TABLE intake_identities (
    team_id TEXT NOT NULL,
    identity_key TEXT NOT NULL,
    dossier_id TEXT NOT NULL,
    PRIMARY KEY (team_id, identity_key)
  );
  INSERT OR IGNORE INTO intake_identities (team_id, identity_key, dossier_id)
    SELECT team_id, lead_key, dossier_id FROM intake_leads ORDER BY at, rowid;
  `,
  // Issue #9 continuity (users): a person's default deputy (coverage rule C3c) and when they were offboarded
  // (null while active). The deputy index finds whose deputy someone is (offboarding, coverage events).
  `
  ALTER TABLE users ADD COLUMN deputy_id TEXT;
  ALTER TABLE users ADD COLUMN deactivated_at INTEGER;
  CREATE INDEX users_deputy ON users(deputy_id) WHERE deputy_id IS NOT NULL;
  `,
  // Issue #9 continuity (absences): ends_at = min(to, ended_at) is kept by the adapter so overlap and due-end
  // queries compare one column; the partial indexes serve the start/end jobs (AbsenceStore AB6, AB8), which
  // only ever look at rows not yet fired.
  `
  CREATE TABLE absences (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    from_at INTEGER NOT NULL,
    to_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    hand_to_id TEXT,
    note TEXT,
    ended_at INTEGER,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    started_fired_at INTEGER,
    ended_fired_at INTEGER,
    version INTEGER NOT NULL
  );
  CREATE INDEX absences_user ON absences(user_id, from_at);
  CREATE INDEX absences_window ON absences(ends_at, from_at);
  CREATE INDEX absences_due_start ON absences(from_at) WHERE started_fired_at IS NULL;
  CREATE INDEX absences_due_end ON absences(ends_at) WHERE ended_fired_at IS NULL;
  `,
  // Issue #9 hand-offs (feature continuity): one row per hand-off with its briefing snapshot as JSON (kept for
  // the audit, never regenerated). Indexes serve HandoffStore HO4 (to/from lists), HO5/HO7 (temporary ones
  // still open, by until) and HO9 (pending ones not escalated, by created_at).
  `
  CREATE TABLE handoffs (
    id TEXT PRIMARY KEY,
    dossier_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    from_user_id TEXT NOT NULL,
    to_user_id TEXT NOT NULL,
    by_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    until INTEGER,
    note TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    picked_up_at INTEGER,
    escalated_at INTEGER,
    returned_at INTEGER,
    briefing TEXT NOT NULL
  );
  CREATE INDEX handoffs_to ON handoffs(to_user_id, created_at DESC, id DESC);
  CREATE INDEX handoffs_from ON handoffs(from_user_id, created_at DESC, id DESC);
  CREATE INDEX handoffs_by ON handoffs(by_id, created_at DESC, id DESC);
  CREATE INDEX handoffs_open_until ON handoffs(until) WHERE until IS NOT NULL AND status IN ('pending', 'picked_up');
  CREATE INDEX handoffs_escalation ON handoffs(created_at) WHERE status = 'pending' AND escalated_at IS NULL;
  `,
  // Issue #9 knowledge at risk: what the risk rules need of the document (primary contact and when it was
  // confirmed, main interests / agreed conditions filled), projected as JSON so the per-person counts never
  // open documents; existing rows are filled from their stored documents.
  (db) => {
    db.exec('ALTER TABLE dossiers ADD COLUMN knowledge TEXT');
    backfillDossierKnowledge(db);
  },
  // Issue #10 activity feed filtered by person (actor or on-behalf-of): one index each, walked by seq.
  `
  CREATE INDEX activity_actor ON activity(actor_id, seq);
  CREATE INDEX activity_on_behalf ON activity(on_behalf_of_id, seq) WHERE on_behalf_of_id IS NOT NULL;
  `,
  // task.overdue (feature followups): when the overdue event was written for the task's current due time
  // (TaskStore TK11/TK12); the partial index serves the minute job, which only looks at rows not yet fired.
  // Tasks already past due when this arrives are marked, so the first run does not announce old news.
  `
  ALTER TABLE tasks ADD COLUMN overdue_at INTEGER;
  UPDATE tasks SET overdue_at = due_at
    WHERE status != 'done' AND due_at <= CAST(strftime('%s', 'now') AS INTEGER) * 1000;
  CREATE INDEX tasks_overdue ON tasks(due_at) WHERE overdue_at IS NULL AND status != 'done';
  `,
  // Issue #9: dossiers in an open coverage gap (CoverageGapStore), the projection of coverage.gap_opened /
  // gap_closed written with those events, so a restart never re-emits a gap.
  `
  CREATE TABLE coverage_gaps (
    dossier_id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL,
    opened_at INTEGER NOT NULL
  );
  CREATE INDEX coverage_gaps_owner ON coverage_gaps(owner_id);
  `,
  // Issue #10 KPIs: the interaction read model per local day (kept by triggers) and the KPI queries' indexes.
  KPI_MIGRATION,
  // Issue #11 saved lists (features/segments): a named filter set, private or shared with a team. The filter
  // is JSON (ListFilter): it is read whole, never queried by its parts.
  `
  CREATE TABLE saved_lists (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    filter TEXT NOT NULL,
    visibility TEXT NOT NULL,
    team_id TEXT,
    owner_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX saved_lists_owner ON saved_lists(owner_id);
  CREATE INDEX saved_lists_team ON saved_lists(team_id) WHERE visibility = 'team';
  -- Saved-list counts read only these columns: a scan of this narrow index (~6 MB for 100,000 dossiers) instead
  -- of the table (~60 MB with search text), with team and stage as seekable prefixes. id serves the timeline
  -- subqueries without a row lookup. City and industry compare ASCII case-insensitively, as the filters do.
  CREATE INDEX dossiers_segment ON dossiers(team_id, stage, city COLLATE NOCASE, industry COLLATE NOCASE, owner_id, id);
  `,
  // Issue #11 win-back processes (feature winback): completed steps as JSON in the row (at most six); one open
  // process per dossier (WinbackStore WS1, a partial unique index); the board lists open ones by team. Orders
  // by dossier and time serve the sleeping list's and the premium list's grouped sums (CustomerValueStore).
  `
  CREATE TABLE winbacks (
    id TEXT PRIMARY KEY,
    dossier_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    assignee_id TEXT NOT NULL,
    started_by_id TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    next_step INTEGER NOT NULL,
    steps TEXT NOT NULL,
    next_task_id TEXT,
    ended_at INTEGER,
    end_reason TEXT,
    revision INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX winbacks_one_open ON winbacks(dossier_id) WHERE status = 'open';
  CREATE INDEX winbacks_dossier ON winbacks(dossier_id, started_at DESC, id DESC);
  CREATE INDEX winbacks_open_team ON winbacks(team_id, started_at) WHERE status = 'open';
  CREATE INDEX interactions_orders ON interactions(dossier_id, at) WHERE type = 'order';
  CREATE INDEX dossiers_stage ON dossiers(stage, team_id);
  `,
  // Issue #11 full-text search: one FTS5 row per searchable text of a dossier (name, field, contact, notes,
  // timeline entry, ticket). Owner, team and kind are UNINDEXED columns of the FTS row itself, so ranking and
  // visibility read no other table (a frequent word matches most of a million rows: a join per match would
  // double the time); search_entries finds an entry's rowid by its key for updates. The index is filled on start
  // by the search feature's backfill (search_meta 'built' says which backfill it holds) and kept current from
  // the document projection and from events.
  `
  CREATE TABLE search_entries (
    id INTEGER PRIMARY KEY,
    dossier_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    ref TEXT NOT NULL,
    at INTEGER,
    UNIQUE (dossier_id, kind, ref)
  );
  CREATE VIRTUAL TABLE search_fts USING fts5(
    text, alt, dossier_id UNINDEXED, team_id UNINDEXED, kind UNINDEXED, ref UNINDEXED, at UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
  );
  CREATE TABLE search_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
  `,
  // Issue #10 KPI benchmark: per-team / per-person / per-point-of-sale day rollups and each dossier's first
  // contacts, backfilled from the day rows and the timeline (sqlite-kpi-migration.ts says why).
  KPI_ROLLUP_MIGRATION,
  // Issue #11 saved-list counts: the newest interaction per dossier, kept by triggers (see the module).
  CONTACT_SUMMARY_MIGRATION,
  // Issue #11 CSV import staging (sqlite-import-store.ts): an import's dossier rows wait here, written in short
  // transactions, until one short final transaction moves them into dossiers; their documents, versions and
  // search entries are already written under their (still unknown) ids. Left-over rows of an import that failed
  // or of a process that stopped mid-import are removed with those writes when the store opens.
  `
  CREATE TABLE import_staged_dossiers (
    import_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    company TEXT NOT NULL,
    company_sort TEXT NOT NULL,
    street TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL,
    industry TEXT NOT NULL,
    stage TEXT NOT NULL,
    tags TEXT NOT NULL,
    contact_names TEXT NOT NULL,
    search TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    key_account_manager_id TEXT,
    stand_in_ids TEXT NOT NULL,
    knowledge TEXT,
    PRIMARY KEY (import_id, seq)
  );
  `
];
