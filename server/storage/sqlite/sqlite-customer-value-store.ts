import type { Stage } from '../../../src/lib/contract';
import type {
  CustomerValueStore,
  DossierRevenue,
  DossierValueStats,
  QuietDossier
} from '../../features/winback/customer-value-store';
import type { SqliteDatabase } from './open-sqlite-database';

/** Team scope as parameters: every team, or listed teams plus listed dossiers (covered ones). */
const SCOPE = `(@all = 1 OR d.team_id IN (SELECT value FROM json_each(@teams))
  OR d.id IN (SELECT value FROM json_each(@ids)))`;

const scope = (teamIds: readonly string[] | 'all', dossierIds: readonly string[] = []) => ({
  all: teamIds === 'all' ? 1 : 0,
  teams: JSON.stringify(teamIds === 'all' ? [] : teamIds),
  ids: JSON.stringify(dossierIds)
});

/**
 * The issue #11 read model in SQLite (CustomerValueStore CV1–CV3): grouped queries over `dossiers` and
 * `interactions`, served by interactions(dossier_id, at) and the partial index of orders.
 */
export function createSqliteCustomerValueStore(db: SqliteDatabase): CustomerValueStore {
  const quiet = db.prepare<Record<string, unknown>, QuietDossier>(
    `SELECT dossierId, stage, lastInteractionAt, createdAt FROM (
       SELECT d.id AS dossierId, d.stage AS stage, d.created_at AS createdAt,
         (SELECT max(i.at) FROM interactions i WHERE i.dossier_id = d.id) AS lastInteractionAt
       FROM dossiers d
       WHERE d.stage IN (SELECT value FROM json_each(@stages)) AND ${SCOPE}
     ) WHERE coalesce(lastInteractionAt, createdAt) < @before
     ORDER BY dossierId`
  );
  const stats = db.prepare<[string], DossierValueStats>(
    `WITH q(id, active_from) AS (
       SELECT json_extract(value, '$.id'), json_extract(value, '$.from') FROM json_each(?)
     )
     SELECT q.id AS dossierId,
       coalesce((SELECT sum(coalesce(i.amount, 0)) FROM interactions i WHERE i.dossier_id = q.id AND i.type = 'order'), 0)
         AS orderTotal,
       (SELECT count(*) FROM interactions i WHERE i.dossier_id = q.id) AS interactionCount,
       (SELECT count(*) FROM interactions i WHERE i.dossier_id = q.id AND i.at >= q.active_from) AS activeCount
     FROM q`
  );
  const revenue = db.prepare<Record<string, unknown>, DossierRevenue>(
    `SELECT i.dossier_id AS dossierId,
       sum(CASE WHEN i.at >= @since12 THEN coalesce(i.amount, 0) ELSE 0 END) AS revenue12,
       sum(coalesce(i.amount, 0)) AS revenue36
     FROM interactions i JOIN dossiers d ON d.id = i.dossier_id
     WHERE i.type = 'order' AND i.at >= @since36 AND ${SCOPE}
     GROUP BY i.dossier_id`
  );

  return {
    async quiet({ teamIds, dossierIds, stages, before }) {
      return quiet.all({ ...scope(teamIds, dossierIds), stages: JSON.stringify(stages as Stage[]), before });
    },
    async stats(dossiers) {
      if (dossiers.length === 0) return [];
      return stats.all(JSON.stringify(dossiers.map((d) => ({ id: d.dossierId, from: d.activeFrom }))));
    },
    async revenue({ teamIds, dossierIds, since12, since36 }) {
      return revenue.all({ ...scope(teamIds, dossierIds), since12, since36 });
    }
  };
}
