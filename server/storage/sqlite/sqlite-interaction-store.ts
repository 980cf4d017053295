import type { NewEvent } from '../../kernel/events';
import { decodeTimelineCursor, encodeTimelineCursor } from '../../kernel/timeline-cursor';
import {
  applyCorrection,
  type Interaction,
  type InteractionPatch,
  type InteractionStore
} from '../../features/interactions/interaction-store';
import type { SqliteDatabase } from './open-sqlite-database';
import { createSqliteEventWriter } from './sqlite-activity-store';
import { withConflict } from './sqlite-errors';

interface InteractionRow {
  id: string;
  dossier_id: string;
  team_id: string;
  type: Interaction['type'];
  at: number;
  point_of_sale: Interaction['pointOfSale'];
  direction: Interaction['direction'];
  contact_name: string | null;
  summary: string;
  amount: number | null;
  author_id: string;
  created_at: number;
  corrections: string;
}

const toInteraction = (row: InteractionRow): Interaction => ({
  id: row.id,
  dossierId: row.dossier_id,
  teamId: row.team_id,
  type: row.type,
  at: row.at,
  pointOfSale: row.point_of_sale,
  direction: row.direction,
  contactName: row.contact_name,
  summary: row.summary,
  amount: row.amount,
  authorId: row.author_id,
  createdAt: row.created_at,
  corrections: JSON.parse(row.corrections) as Interaction['corrections']
});

const toParams = (i: Interaction) => ({
  id: i.id,
  dossierId: i.dossierId,
  teamId: i.teamId,
  type: i.type,
  at: i.at,
  pointOfSale: i.pointOfSale,
  direction: i.direction,
  contactName: i.contactName,
  summary: i.summary,
  amount: i.amount,
  authorId: i.authorId,
  createdAt: i.createdAt,
  corrections: JSON.stringify(i.corrections)
});

/** Above every stored time: the first page's "before" bound. */
const FIRST_PAGE_AT = Number.MAX_SAFE_INTEGER;

/** Timeline interactions in SQLite; the index interactions_dossier_at serves every page. */
/** Inserts one interaction inside the caller's transaction (also used by the intake store for a lead's message). */
export function createSqliteInteractionInsert(db: SqliteDatabase): (interaction: Interaction) => void {
  const insert = db.prepare(
    `INSERT INTO interactions (id, dossier_id, team_id, type, at, point_of_sale, direction, contact_name, summary,
       amount, author_id, created_at, corrections)
     VALUES (@id, @dossierId, @teamId, @type, @at, @pointOfSale, @direction, @contactName, @summary, @amount,
       @authorId, @createdAt, @corrections)`
  );
  return (interaction) => {
    insert.run(toParams(interaction));
  };
}

export function createSqliteInteractionStore(db: SqliteDatabase): InteractionStore {
  const insertOne = createSqliteInteractionInsert(db);
  const update = db.prepare(
    `UPDATE interactions SET type = @type, at = @at, point_of_sale = @pointOfSale, direction = @direction,
       contact_name = @contactName, summary = @summary, amount = @amount, corrections = @corrections
     WHERE id = @id`
  );
  const select = db.prepare<[string], InteractionRow>('SELECT * FROM interactions WHERE id = ?');
  // IS7: max(at) per dossier reads one entry of interactions_dossier_at per listed dossier.
  const selectLastAt = db.prepare<[string], { dossier_id: string; at: number }>(
    `SELECT dossier_id, max(at) AS at FROM interactions
     WHERE dossier_id IN (SELECT value FROM json_each(?)) GROUP BY dossier_id`
  );
  // The cursor is a row-value range, (at, id) < (@at, @id), so SQLite seeks into interactions_dossier_at at
  // the page instead of stepping over every newer entry: `@at IS NULL OR at < @at OR …` cannot be used as an
  // index range, and page 600 of a 20,000-entry timeline cost ~2× the first (benchmark 4, `npm run bench`).
  const selectPage = db.prepare<
    { dossierId: string; type: string | null; pos: string | null; at: number; id: string; limit: number },
    InteractionRow
  >(
    `SELECT * FROM interactions WHERE dossier_id = @dossierId
       AND (@type IS NULL OR type = @type)
       AND (@pos IS NULL OR point_of_sale = @pos)
       AND (at, id) < (@at, @id)
     ORDER BY at DESC, id DESC LIMIT @limit`
  );
  const writeEvents = createSqliteEventWriter(db);
  const add = db.transaction((interaction: Interaction, events: readonly NewEvent[]) => {
    insertOne(interaction);
    writeEvents(events);
  });
  const addMany = db.transaction((interactions: readonly Interaction[]) => {
    for (const interaction of interactions) insertOne(interaction);
  });
  // Read, patch and write in one transaction: the previous summary is the one this correction replaced.
  const correct = db.transaction(
    (id: string, patch: InteractionPatch, byId: string, at: number, events: readonly NewEvent[]) => {
      const row = select.get(id);
      if (!row) return null;
      const corrected = applyCorrection(toInteraction(row), patch, byId, at);
      update.run(toParams(corrected));
      writeEvents(events);
      return corrected;
    }
  );

  return {
    async add(interaction, events) {
      withConflict(`interaction ${interaction.id}`, () => add(interaction, events));
    },
    async addMany(interactions) {
      withConflict('an interaction', () => addMany(interactions));
    },
    async correct(id, patch, correctedBy, at, events) {
      return correct(id, patch, correctedBy, at, events);
    },
    async get(id) {
      const row = select.get(id);
      return row ? toInteraction(row) : null;
    },
    async lastAt(dossierIds) {
      if (dossierIds.length === 0) return new Map();
      return new Map(selectLastAt.all(JSON.stringify(dossierIds)).map((r) => [r.dossier_id, r.at]));
    },
    async page(dossierId, { type, pointOfSale, cursor, limit }) {
      const after = cursor ? decodeTimelineCursor(cursor) : null;
      const rows = selectPage.all({
        dossierId,
        type: type ?? null,
        pos: pointOfSale ?? null,
        at: after?.at ?? FIRST_PAGE_AT,
        id: after?.id ?? '',
        limit: limit + 1
      });
      const items = rows.slice(0, limit).map(toInteraction);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeTimelineCursor(last) : null };
    }
  };
}
