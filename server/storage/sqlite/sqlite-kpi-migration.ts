/**
 * Issue #10 KPIs: the interaction read model and the indexes the KPI queries need (SqliteKpiStore).
 *
 * Interactions are counted per local day of the team's zone, which SQL cannot compute (IANA zones). So
 * triggers on `interactions` write each change as a signed delta into `kpi_interaction_changes` in the same
 * transaction as the change (an outbox for the read model: nothing is lost, even for bulk inserts or
 * corrections that move `at`), and the store folds pending deltas into `kpi_interaction_days` — one row per
 * team, local day, author, point of sale and type — before it answers (and every minute). A year of a team
 * with 1,000,000 interactions is then at most 365 × people × 5 × 8 rows instead of a million.
 */
export const KPI_MIGRATION = `
  CREATE TABLE kpi_interaction_days (
    team_id TEXT NOT NULL,
    day TEXT NOT NULL,
    author_id TEXT NOT NULL,
    point_of_sale TEXT NOT NULL,
    type TEXT NOT NULL,
    n INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL,
    PRIMARY KEY (team_id, day, author_id, point_of_sale, type)
  ) WITHOUT ROWID;
  CREATE TABLE kpi_interaction_changes (
    seq INTEGER PRIMARY KEY,
    team_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    author_id TEXT NOT NULL,
    point_of_sale TEXT NOT NULL,
    type TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    sign INTEGER NOT NULL
  );
  CREATE TRIGGER kpi_interactions_insert AFTER INSERT ON interactions BEGIN
    INSERT INTO kpi_interaction_changes (team_id, at, author_id, point_of_sale, type, amount_cents, sign)
    VALUES (NEW.team_id, NEW.at, NEW.author_id, NEW.point_of_sale, NEW.type,
            CAST(ROUND(COALESCE(NEW.amount, 0) * 100) AS INTEGER), 1);
  END;
  CREATE TRIGGER kpi_interactions_update AFTER UPDATE OF team_id, at, author_id, point_of_sale, type, amount
  ON interactions
  WHEN OLD.team_id IS NOT NEW.team_id OR OLD.at IS NOT NEW.at OR OLD.author_id IS NOT NEW.author_id
    OR OLD.point_of_sale IS NOT NEW.point_of_sale OR OLD.type IS NOT NEW.type OR OLD.amount IS NOT NEW.amount
  BEGIN
    INSERT INTO kpi_interaction_changes (team_id, at, author_id, point_of_sale, type, amount_cents, sign)
    VALUES (OLD.team_id, OLD.at, OLD.author_id, OLD.point_of_sale, OLD.type,
            CAST(ROUND(COALESCE(OLD.amount, 0) * 100) AS INTEGER), -1);
    INSERT INTO kpi_interaction_changes (team_id, at, author_id, point_of_sale, type, amount_cents, sign)
    VALUES (NEW.team_id, NEW.at, NEW.author_id, NEW.point_of_sale, NEW.type,
            CAST(ROUND(COALESCE(NEW.amount, 0) * 100) AS INTEGER), 1);
  END;
  CREATE TRIGGER kpi_interactions_delete AFTER DELETE ON interactions BEGIN
    INSERT INTO kpi_interaction_changes (team_id, at, author_id, point_of_sale, type, amount_cents, sign)
    VALUES (OLD.team_id, OLD.at, OLD.author_id, OLD.point_of_sale, OLD.type,
            CAST(ROUND(COALESCE(OLD.amount, 0) * 100) AS INTEGER), -1);
  END;
  INSERT INTO kpi_interaction_changes (team_id, at, author_id, point_of_sale, type, amount_cents, sign)
    SELECT team_id, at, author_id, point_of_sale, type, CAST(ROUND(COALESCE(amount, 0) * 100) AS INTEGER), 1
    FROM interactions;

  -- Covering indexes so each KPI read streams the year's day rows in group order instead of sorting them
  -- (a year of 1,000,000 interactions is ~73,000 day rows; the sort cost ~3× the scan): per day and type (the
  -- weekly chart and the team totals), per author and type, per point of sale and type.
  CREATE INDEX kpi_days_by_day_type ON kpi_interaction_days(team_id, day, type, n, amount_cents);
  CREATE INDEX kpi_days_by_author ON kpi_interaction_days(team_id, author_id, type, day, n, amount_cents);
  CREATE INDEX kpi_days_by_pos ON kpi_interaction_days(team_id, point_of_sale, type, day, n, amount_cents);

  -- Moves into dormant/customer by time; first outbound contact per lead dossier.
  CREATE INDEX stage_changes_to_at ON stage_changes(to_stage, at);
  CREATE INDEX interactions_dossier_direction_at ON interactions(dossier_id, direction, at);
  -- Tickets resolved in a period (done tasks never change again, so updated_at is when they were done).
  CREATE INDEX tasks_team_done ON tasks(team_id, updated_at) WHERE status = 'done';
  CREATE INDEX handoffs_team_created ON handoffs(team_id, created_at);
  -- Coverage gap events of a team by time (the log has no type index otherwise).
  CREATE INDEX activity_type_team_at ON activity(type, team_id, at);
  -- Leads (created in the period) and stage counts (the team's dossiers created before the period's end).
  CREATE INDEX dossiers_team_created ON dossiers(team_id, created_at);
`;

/**
 * Trigger body step: recompute one dossier's first contacts from its timeline after its rows changed (`ref` is
 * OLD.dossier_id or NEW.dossier_id; `when` narrows it further). Nothing is written when it has no interaction left.
 */
const refillFirsts = (
  ref: string,
  when = ''
): string => `INSERT INTO kpi_dossier_firsts (dossier_id, responded_at, first_at, first_id, first_pos)
      SELECT d.id,
        (SELECT MIN(i.at) FROM interactions i
         WHERE i.dossier_id = d.id AND i.direction = 'outbound' AND i.at >= d.created_at),
        f.at, f.id, f.point_of_sale
      FROM dossiers d
      JOIN (SELECT i.at, i.id, i.point_of_sale FROM interactions i, dossiers dd
            WHERE dd.id = ${ref} AND i.dossier_id = dd.id AND i.at >= dd.created_at
            ORDER BY i.at, i.id LIMIT 1) f
      WHERE d.id = ${ref} ${when};`;

/**
 * Issue #10 KPI benchmark (a team's year of 1,000,000 interactions, p95 < 200 ms): rollups the KPI reads scan
 * instead of the full day rows, and each dossier's first contacts so leads need no seeks into `interactions`.
 *
 * - `kpi_team_days` (team, day, type), `kpi_author_days` (team, author, type, day), `kpi_pos_days` (team, point
 *   of sale, type, day): the same deltas the fold writes into `kpi_interaction_days`, summed over the other
 *   columns. A year of a team is ~365 × 8 rows for the team and ~365 × people × 8 (× 5 points of sale) for the
 *   others, instead of ~73,000 (365 × 5 people × 5 × 8): the year's reads scanned those in ~15 ms per grouping.
 *   Backfilled here from the day rows (pending deltas are folded into all four tables alike later).
 * - `kpi_dossier_firsts`: per dossier, its first outbound interaction at or after its creation (lead response,
 *   KS2) and its first interaction at or after creation (`at`, then `id`: where the lead came in). Triggers keep
 *   it in the same transaction as the interaction: an insert compares with the stored firsts (a primary-key
 *   lookup); a correction or a deletion recomputes the dossier's row with the queries the leads read used to run
 *   per lead (two index seeks). Reading 5,000 leads' firsts took ~25–55 ms of seeks into a 1,000,000-row table.
 */
export const KPI_ROLLUP_MIGRATION = `
  CREATE TABLE kpi_team_days (
    team_id TEXT NOT NULL, day TEXT NOT NULL, type TEXT NOT NULL,
    n INTEGER NOT NULL, amount_cents INTEGER NOT NULL,
    PRIMARY KEY (team_id, day, type)
  ) WITHOUT ROWID;
  CREATE TABLE kpi_author_days (
    team_id TEXT NOT NULL, author_id TEXT NOT NULL, type TEXT NOT NULL, day TEXT NOT NULL,
    n INTEGER NOT NULL, amount_cents INTEGER NOT NULL,
    PRIMARY KEY (team_id, author_id, type, day)
  ) WITHOUT ROWID;
  CREATE TABLE kpi_pos_days (
    team_id TEXT NOT NULL, point_of_sale TEXT NOT NULL, type TEXT NOT NULL, day TEXT NOT NULL,
    n INTEGER NOT NULL, amount_cents INTEGER NOT NULL,
    PRIMARY KEY (team_id, point_of_sale, type, day)
  ) WITHOUT ROWID;
  INSERT INTO kpi_team_days SELECT team_id, day, type, SUM(n), SUM(amount_cents)
    FROM kpi_interaction_days GROUP BY team_id, day, type;
  INSERT INTO kpi_author_days SELECT team_id, author_id, type, day, SUM(n), SUM(amount_cents)
    FROM kpi_interaction_days GROUP BY team_id, author_id, type, day;
  INSERT INTO kpi_pos_days SELECT team_id, point_of_sale, type, day, SUM(n), SUM(amount_cents)
    FROM kpi_interaction_days GROUP BY team_id, point_of_sale, type, day;

  CREATE TABLE kpi_dossier_firsts (
    dossier_id TEXT PRIMARY KEY,
    responded_at INTEGER,
    first_at INTEGER,
    first_id TEXT,
    first_pos TEXT
  ) WITHOUT ROWID;
  -- An insert can only make a first earlier: compare with what is stored (SET reads the row before the update).
  CREATE TRIGGER kpi_firsts_insert AFTER INSERT ON interactions BEGIN
    INSERT INTO kpi_dossier_firsts (dossier_id, responded_at, first_at, first_id, first_pos)
      SELECT NEW.dossier_id, CASE WHEN NEW.direction = 'outbound' THEN NEW.at END, NEW.at, NEW.id,
             NEW.point_of_sale
      FROM dossiers d WHERE d.id = NEW.dossier_id AND NEW.at >= d.created_at
    ON CONFLICT (dossier_id) DO UPDATE SET
      responded_at = CASE WHEN excluded.responded_at IS NOT NULL
                           AND (responded_at IS NULL OR excluded.responded_at < responded_at)
                          THEN excluded.responded_at ELSE responded_at END,
      first_pos = CASE WHEN first_at IS NULL OR excluded.first_at < first_at
                         OR (excluded.first_at = first_at AND excluded.first_id < first_id)
                       THEN excluded.first_pos ELSE first_pos END,
      first_id = CASE WHEN first_at IS NULL OR excluded.first_at < first_at
                        OR (excluded.first_at = first_at AND excluded.first_id < first_id)
                      THEN excluded.first_id ELSE first_id END,
      first_at = CASE WHEN first_at IS NULL OR excluded.first_at < first_at THEN excluded.first_at
                      ELSE first_at END;
  END;
  CREATE TRIGGER kpi_firsts_update AFTER UPDATE OF dossier_id, at, direction, point_of_sale ON interactions
  WHEN OLD.dossier_id IS NOT NEW.dossier_id OR OLD.at IS NOT NEW.at OR OLD.direction IS NOT NEW.direction
    OR OLD.point_of_sale IS NOT NEW.point_of_sale
  BEGIN
    DELETE FROM kpi_dossier_firsts WHERE dossier_id IN (OLD.dossier_id, NEW.dossier_id);
    ${refillFirsts('OLD.dossier_id')}
    ${refillFirsts('NEW.dossier_id', 'AND NEW.dossier_id IS NOT OLD.dossier_id')}
  END;
  CREATE TRIGGER kpi_firsts_delete AFTER DELETE ON interactions BEGIN
    DELETE FROM kpi_dossier_firsts WHERE dossier_id = OLD.dossier_id;
    ${refillFirsts('OLD.dossier_id')}
  END;
  INSERT INTO kpi_dossier_firsts (dossier_id, responded_at, first_at, first_id, first_pos)
    SELECT d.id,
      (SELECT MIN(i.at) FROM interactions i
       WHERE i.dossier_id = d.id AND i.direction = 'outbound' AND i.at >= d.created_at),
      f.at, f.id, f.point_of_sale
    FROM dossiers d
    JOIN interactions f ON f.id = (SELECT i.id FROM interactions i WHERE i.dossier_id = d.id AND i.at >= d.created_at
                                   ORDER BY i.at, i.id LIMIT 1);

  -- Leads and stages at the period's end read each dossier's id, owner and stage and its stage moves in order:
  -- covering both (the rows themselves are wide: 5,000 leads' table lookups were most of what was left).
  CREATE INDEX dossiers_team_created_cover ON dossiers(team_id, created_at, owner_id, stage, id);
  DROP INDEX dossiers_team_created;
  CREATE INDEX stage_changes_dossier_moves ON stage_changes(dossier_id, at, seq, from_stage, to_stage);
`;
