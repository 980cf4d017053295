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
