/**
 * Issue #11 saved-list counts: a per-dossier summary of the timeline (SegmentStore SG5's lastContact* and
 * pointOfSale filters), so a count reads one narrow row per candidate dossier instead of seeking the dossier's
 * interactions and fetching the newest wide interaction row (327–436 ms p95 for 100,000 dossiers with three
 * filters, tests/bench/segments-bench.ts).
 *
 * `dossier_contact` holds, per dossier with at least one interaction, the newest one in timeline order (at DESC,
 * id DESC): its time and point of sale. Triggers on `interactions` keep it in the same transaction as every
 * interaction write (log, bulk insert, intake lead, correction that moves `at` or changes the point of sale,
 * delete), whichever code path writes it. An insert only compares with the stored newest; an update or delete
 * re-reads the dossier's newest entry (one seek in interactions_dossier_at). The backfill at the end fills it
 * from the interactions already stored. Its values are copied onto the dossier row (last_contact_at/_pos) and into
 * the narrow index the counts scan.
 *
 * The revenue band sums order amounts in a sliding window ending "now", which no stored total can answer;
 * the covering index lets that sum read index entries only (it replaces interactions_orders, its prefix).
 */
const NEWEST_OF = (dossier: string) => `
    INSERT OR REPLACE INTO dossier_contact (dossier_id, last_at, last_id, last_pos)
      SELECT dossier_id, at, id, point_of_sale FROM interactions WHERE dossier_id = ${dossier}
      ORDER BY at DESC, id DESC LIMIT 1;`;

export const CONTACT_SUMMARY_MIGRATION = `
  CREATE TABLE dossier_contact (
    dossier_id TEXT PRIMARY KEY,
    last_at INTEGER NOT NULL,
    last_id TEXT NOT NULL,
    last_pos TEXT NOT NULL
  ) WITHOUT ROWID;
  -- The copy on the dossier row: the count's covering index dossiers_segment carries it, so a last-contact or
  -- point-of-sale filter costs no lookup at all. Kept from dossier_contact (which does not depend on the dossier
  -- existing first) and filled when a dossier row is inserted after its interactions.
  ALTER TABLE dossiers ADD COLUMN last_contact_at INTEGER;
  ALTER TABLE dossiers ADD COLUMN last_contact_pos TEXT;
  CREATE TRIGGER dossier_contact_copy_insert AFTER INSERT ON dossier_contact BEGIN
    UPDATE dossiers SET last_contact_at = NEW.last_at, last_contact_pos = NEW.last_pos WHERE id = NEW.dossier_id;
  END;
  CREATE TRIGGER dossier_contact_copy_update AFTER UPDATE ON dossier_contact BEGIN
    UPDATE dossiers SET last_contact_at = NEW.last_at, last_contact_pos = NEW.last_pos WHERE id = NEW.dossier_id;
  END;
  CREATE TRIGGER dossier_contact_copy_delete AFTER DELETE ON dossier_contact BEGIN
    UPDATE dossiers SET last_contact_at = NULL, last_contact_pos = NULL WHERE id = OLD.dossier_id;
  END;
  CREATE TRIGGER dossiers_contact_on_insert AFTER INSERT ON dossiers
  WHEN EXISTS (SELECT 1 FROM dossier_contact WHERE dossier_id = NEW.id)
  BEGIN
    UPDATE dossiers SET (last_contact_at, last_contact_pos) =
      (SELECT last_at, last_pos FROM dossier_contact WHERE dossier_id = NEW.id)
    WHERE seq = NEW.seq;
  END;
  DROP INDEX dossiers_segment;
  CREATE INDEX dossiers_segment ON dossiers(team_id, stage, city COLLATE NOCASE, industry COLLATE NOCASE, owner_id,
    last_contact_at, last_contact_pos, id);

  CREATE TRIGGER dossier_contact_insert AFTER INSERT ON interactions BEGIN
    INSERT INTO dossier_contact (dossier_id, last_at, last_id, last_pos)
      VALUES (NEW.dossier_id, NEW.at, NEW.id, NEW.point_of_sale)
      ON CONFLICT (dossier_id) DO UPDATE SET last_at = excluded.last_at, last_id = excluded.last_id,
        last_pos = excluded.last_pos
      WHERE (excluded.last_at, excluded.last_id) > (dossier_contact.last_at, dossier_contact.last_id);
  END;
  CREATE TRIGGER dossier_contact_update AFTER UPDATE OF id, dossier_id, at, point_of_sale ON interactions
  WHEN OLD.id IS NOT NEW.id OR OLD.dossier_id IS NOT NEW.dossier_id OR OLD.at IS NOT NEW.at
    OR OLD.point_of_sale IS NOT NEW.point_of_sale
  BEGIN
    DELETE FROM dossier_contact WHERE dossier_id IN (OLD.dossier_id, NEW.dossier_id);${NEWEST_OF('OLD.dossier_id')}${NEWEST_OF('NEW.dossier_id')}
  END;
  CREATE TRIGGER dossier_contact_delete AFTER DELETE ON interactions BEGIN
    DELETE FROM dossier_contact WHERE dossier_id = OLD.dossier_id;${NEWEST_OF('OLD.dossier_id')}
  END;
  INSERT INTO dossier_contact (dossier_id, last_at, last_id, last_pos)
    SELECT dossier_id, at, id, point_of_sale FROM (
      SELECT dossier_id, at, id, point_of_sale,
        row_number() OVER (PARTITION BY dossier_id ORDER BY at DESC, id DESC) AS n
      FROM interactions
    ) WHERE n = 1;

  CREATE INDEX interactions_order_amounts ON interactions(dossier_id, at, amount) WHERE type = 'order';
  DROP INDEX interactions_orders;
`;
