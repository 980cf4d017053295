/**
 * The SQLite KPI read model (KPI_MIGRATION + KPI_ROLLUP_MIGRATION) stays equal to what it summarises, whatever
 * the timeline goes through: a seeded run of inserts, corrections (moved `at`, direction, point of sale, dossier)
 * and deletions, checked after every step against the queries the KPI reads ran over `interactions` before the
 * read model existed. The KPI figures themselves are checked against hand-computed values in
 * tests/integration/kpis.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { generateBulkDossiers } from '../../server/seed/demo-company';
import { createSeededRandom } from '../../server/seed/seeded-random';
import { openSqliteDatabase } from '../../server/storage/sqlite/open-sqlite-database';
import { createSqliteDossierStore } from '../../server/storage/sqlite/sqlite-dossier-store';
import { createSqliteKpiStore } from '../../server/storage/sqlite/sqlite-kpi-store';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-01T00:00:00Z');

describe('SQLite KPI read model', () => {
  it('first contacts and day rollups equal the timeline after every insert, correction and deletion', async () => {
    const seed = 1010;
    const rng = createSeededRandom(seed);
    const db = openSqliteDatabase({ file: ':memory:' });
    const dossiers = generateBulkDossiers({
      seed,
      count: 4,
      teams: [{ teamId: 'team-a', ownerIds: ['u1', 'u2'] }],
      now: T0
    }).map((d, i) => ({ ...d, createdAt: T0 + i * 24 * HOUR }));
    await createSqliteDossierStore(db).createMany(dossiers);
    const kpis = createSqliteKpiStore(db);
    const insert = db.prepare(
      `INSERT INTO interactions (id, dossier_id, team_id, type, at, point_of_sale, direction, summary, amount,
         author_id, created_at) VALUES (?, ?, 'team-a', ?, ?, ?, ?, 's', ?, ?, ?)`
    );
    const expectedFirsts = db.prepare(
      `SELECT d.id AS dossierId,
         (SELECT MIN(i.at) FROM interactions i
          WHERE i.dossier_id = d.id AND i.direction = 'outbound' AND i.at >= d.created_at) AS respondedAt,
         (SELECT i.point_of_sale FROM interactions i WHERE i.dossier_id = d.id AND i.at >= d.created_at
          ORDER BY i.at, i.id LIMIT 1) AS pointOfSale
       FROM dossiers d ORDER BY d.id`
    );
    const storedFirsts = db.prepare(
      `SELECT d.id AS dossierId, f.responded_at AS respondedAt, f.first_pos AS pointOfSale
       FROM dossiers d LEFT JOIN kpi_dossier_firsts f ON f.dossier_id = d.id ORDER BY d.id`
    );
    const rollups = {
      kpi_team_days: 'team_id, day, type',
      kpi_author_days: 'team_id, author_id, type, day',
      kpi_pos_days: 'team_id, point_of_sale, type, day'
    };
    const ids: string[] = [];
    const pos = ['call_centre', 'field_sales', 'shop'];
    const types = ['call', 'offer', 'note'];
    for (let step = 0; step < 300; step++) {
      const op = ids.length < 5 ? 'insert' : rng.pick(['insert', 'insert', 'move', 'flip', 'pos', 'dossier', 'delete']);
      const id = ids.length ? ids[rng.int(0, ids.length - 1)]! : '';
      // Around each dossier's creation, so some interactions are backdated before it (they never count).
      const at = () => T0 + rng.int(-24, 24 * 5) * HOUR + rng.int(0, 1) * 1000;
      if (op === 'insert') {
        const newId = `i-${String(step).padStart(4, '0')}`;
        const type = rng.pick(types);
        insert.run(
          newId,
          rng.pick(dossiers).id,
          type,
          at(),
          rng.pick(pos),
          rng.chance(0.5) ? 'outbound' : 'inbound',
          type === 'offer' ? rng.int(1, 100_000) / 100 : null,
          rng.pick(['u1', 'u2']),
          T0
        );
        ids.push(newId);
      } else if (op === 'move') db.prepare('UPDATE interactions SET at = ? WHERE id = ?').run(at(), id);
      else if (op === 'flip')
        db.prepare(
          `UPDATE interactions SET direction = CASE direction WHEN 'outbound' THEN 'inbound' ELSE 'outbound' END
           WHERE id = ?`
        ).run(id);
      else if (op === 'pos')
        db.prepare('UPDATE interactions SET point_of_sale = ? WHERE id = ?').run(rng.pick(pos), id);
      else if (op === 'dossier')
        db.prepare('UPDATE interactions SET dossier_id = ? WHERE id = ?').run(rng.pick(dossiers).id, id);
      else {
        db.prepare('DELETE FROM interactions WHERE id = ?').run(id);
        ids.splice(ids.indexOf(id), 1);
      }
      expect(storedFirsts.all(), `seed ${seed}, step ${step} (${op})`).toEqual(expectedFirsts.all());
      if (step % 25 === 24) {
        kpis.fold();
        for (const [table, columns] of Object.entries(rollups)) {
          const stored = db.prepare(`SELECT ${columns}, n, amount_cents FROM ${table} ORDER BY ${columns}`).all();
          const summed = db
            .prepare(
              `SELECT ${columns}, SUM(n) AS n, SUM(amount_cents) AS amount_cents FROM kpi_interaction_days
               GROUP BY ${columns} HAVING SUM(n) != 0 OR SUM(amount_cents) != 0 ORDER BY ${columns}`
            )
            .all();
          expect(stored, `seed ${seed}, step ${step}, ${table}`).toEqual(summed);
        }
      }
    }
    db.close();
  });
});
