import { localDay } from '../../kernel/zoned-time';
import {
  pairGaps,
  type GapEventRow,
  type InteractionCount,
  type KnowledgeRiskCount,
  type KpiFacts,
  type KpiStore
} from '../../features/kpis/kpi-store';
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './sqlite-database';

/** Deltas folded per transaction: bounds one write lock (a bulk import of 1,000,000 folds in 5 steps). */
const FOLD_BATCH = 200_000;
/** Every zone offset is a multiple of 15 minutes, so all instants of one UTC quarter hour share a local day. */
const QUARTER_HOUR = 900_000;

/**
 * KpiStore over SQLite (KS1–KS6). Interactions come from the per-day read model (sqlite-kpi-migration.ts),
 * folded up to date first; everything else from indexed queries over the authoritative tables.
 */
export function createSqliteKpiStore(db: SqliteDatabase): KpiStore & { fold(): number } {
  const pending = db.prepare(
    `SELECT seq, team_id, at, author_id, point_of_sale, type, amount_cents, sign
     FROM kpi_interaction_changes ORDER BY seq LIMIT ?`
  );
  const zones = db.prepare('SELECT id, time_zone AS timeZone FROM teams');
  const upsert = db.prepare(
    `INSERT INTO kpi_interaction_days (team_id, day, author_id, point_of_sale, type, n, amount_cents)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (team_id, day, author_id, point_of_sale, type)
     DO UPDATE SET n = n + excluded.n, amount_cents = amount_cents + excluded.amount_cents`
  );
  // The rollups (KPI_ROLLUP_MIGRATION) take the same deltas summed over the columns they leave out.
  const rollup = (table: string, columns: string) =>
    db.prepare(
      `INSERT INTO ${table} (${columns}, n, amount_cents) VALUES (${columns.replace(/[a-z_]+/g, '?')}, ?, ?)
       ON CONFLICT (${columns}) DO UPDATE SET n = n + excluded.n, amount_cents = amount_cents + excluded.amount_cents`
    );
  const upsertTeam = rollup('kpi_team_days', 'team_id, day, type');
  const upsertAuthor = rollup('kpi_author_days', 'team_id, author_id, type, day');
  const upsertPos = rollup('kpi_pos_days', 'team_id, point_of_sale, type, day');
  const prune = db.prepare('DELETE FROM kpi_interaction_days WHERE n = 0 AND amount_cents = 0');
  const pruneRollups = [
    db.prepare('DELETE FROM kpi_team_days WHERE n = 0 AND amount_cents = 0'),
    db.prepare('DELETE FROM kpi_author_days WHERE n = 0 AND amount_cents = 0'),
    db.prepare('DELETE FROM kpi_pos_days WHERE n = 0 AND amount_cents = 0')
  ];
  const consumed = db.prepare('DELETE FROM kpi_interaction_changes WHERE seq <= ?');
  const hasPending = db.prepare('SELECT 1 FROM kpi_interaction_changes LIMIT 1').pluck();

  const dayCache = new Map<string, string>();
  function dayOf(at: number, timeZone: string): string {
    const key = `${timeZone}|${Math.floor(at / QUARTER_HOUR)}`;
    let day = dayCache.get(key);
    if (day === undefined) {
      const d = localDay(at, timeZone);
      day = `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
      if (dayCache.size > 200_000) dayCache.clear();
      dayCache.set(key, day);
    }
    return day;
  }

  /** Folds one batch of deltas into the day rows in one transaction; returns how many were folded. */
  const foldBatch = db.transaction((): number => {
    // Raw rows (arrays): a bulk import queues a million deltas, and objects per row cost a third of the fold.
    const rows = pending.raw().all(FOLD_BATCH) as Array<
      [number, string, number, string, string, string, number, number]
    >;
    if (rows.length === 0) return 0;
    const zoneOf = new Map((zones.all() as Array<{ id: string; timeZone: string }>).map((t) => [t.id, t.timeZone]));
    const sums = new Map<string, [string, string, string, string, string, number, number]>();
    for (const [, teamId, at, authorId, pointOfSale, type, amountCents, sign] of rows) {
      const day = dayOf(at, zoneOf.get(teamId) ?? 'Europe/Berlin');
      const key = `${teamId}\u0000${day}\u0000${authorId}\u0000${pointOfSale}\u0000${type}`;
      const sum = sums.get(key);
      if (sum) {
        sum[5] += sign;
        sum[6] += sign * amountCents;
      } else sums.set(key, [teamId, day, authorId, pointOfSale, type, sign, sign * amountCents]);
    }
    let negative = false;
    for (const s of sums.values()) {
      if (s[5] === 0 && s[6] === 0) continue;
      const [teamId, day, authorId, pointOfSale, type, n, cents] = s;
      upsert.run(...s);
      upsertTeam.run(teamId, day, type, n, cents);
      upsertAuthor.run(teamId, authorId, type, day, n, cents);
      upsertPos.run(teamId, pointOfSale, type, day, n, cents);
      if (n < 0 || cents < 0) negative = true;
    }
    // Only a removal (a deletion or the old side of a correction) can bring a row to zero.
    if (negative) {
      prune.run();
      for (const p of pruneRollups) p.run();
    }
    consumed.run(rows.at(-1)![0]);
    return rows.length;
  });

  function fold(): number {
    let total = 0;
    while (hasPending.get()) total += foldBatch();
    return total;
  }

  // Per person / point of sale: the rollups' keys are in group order, so the year streams without a sort.
  const interactionsBy = {
    person: db.prepare(
      `SELECT author_id AS key, type, SUM(n) AS count, SUM(amount_cents) AS amountCents
       FROM kpi_author_days WHERE team_id = ? AND day >= ? AND day <= ?
       GROUP BY author_id, type`
    ),
    pointOfSale: db.prepare(
      `SELECT point_of_sale AS key, type, SUM(n) AS count, SUM(amount_cents) AS amountCents
       FROM kpi_pos_days WHERE team_id = ? AND day >= ? AND day <= ?
       GROUP BY point_of_sale, type`
    )
  } as Record<'person' | 'pointOfSale', Statement<[string, string, string]>>;
  // Per day and type: the weekly chart, and (summed per type here) the team's interactions — one scan.
  const interactionDays = db.prepare(
    `SELECT day, type, n AS count, amount_cents AS amountCents
     FROM kpi_team_days WHERE team_id = ? AND day >= ? AND day <= ?`
  );
  // KS2: the stage a dossier started in is the `from` of its first recorded move (or the `to` of a recorded
  // creation, as the demo history has), else its current stage. First outbound contact and the point of sale a
  // lead came in at (its first interaction at or after arrival) come from kpi_dossier_firsts, kept by triggers.
  const leads = db.prepare(
    `SELECT d.id AS dossierId, d.created_at AS arrivedAt, d.owner_id AS ownerId, f.first_pos AS pointOfSale,
       f.responded_at AS respondedAt,
       (SELECT MIN(s.at) FROM stage_changes s
        WHERE s.dossier_id = d.id AND s.to_stage IN ('customer', 'key_account')) AS convertedAt
     FROM dossiers d LEFT JOIN kpi_dossier_firsts f ON f.dossier_id = d.id
     WHERE d.team_id = @teamId AND d.created_at >= @start AND d.created_at < @end
       AND COALESCE((SELECT COALESCE(s.from_stage, s.to_stage) FROM stage_changes s WHERE s.dossier_id = d.id
                     ORDER BY s.at, s.seq LIMIT 1), d.stage) = 'lead'`
  );
  const tasks = db.prepare(
    `SELECT kind, assignee_id AS assigneeId, due_at AS dueAt,
       CASE WHEN status = 'done' THEN updated_at END AS doneAt
     FROM tasks WHERE team_id = ? AND due_at >= ? AND due_at < ?`
  );
  const tickets = db.prepare(
    `SELECT t.assignee_id AS assigneeId, i.point_of_sale AS pointOfSale, t.created_at AS createdAt,
       t.updated_at AS doneAt
     FROM tasks t LEFT JOIN interactions i ON i.id = t.interaction_id
     WHERE t.team_id = ? AND t.status = 'done' AND t.updated_at >= ? AND t.updated_at < ? AND t.kind = 'ticket'`
  );
  const handoffs = db.prepare(
    `SELECT to_user_id AS toUserId, created_at AS createdAt, picked_up_at AS pickedUpAt
     FROM handoffs WHERE team_id = ? AND created_at >= ? AND created_at < ?`
  );
  const gapEvents = db.prepare(
    `SELECT at, data FROM activity WHERE type = ? AND team_id = ? AND at >= ? AND at < ? ORDER BY seq`
  );
  const stageMoves = db.prepare(
    `SELECT d.owner_id AS ownerId, sc.from_stage AS "from", sc.to_stage AS "to", sc.at AS at
     FROM stage_changes sc JOIN dossiers d ON d.id = sc.dossier_id
     WHERE sc.to_stage IN ('dormant', 'customer', 'key_account') AND sc.at >= @start AND sc.at < @end
       AND d.team_id = @teamId
       AND (sc.to_stage = 'dormant' OR sc.from_stage IN ('dormant', 'winback'))`
  );
  const stagesAtEnd = db.prepare(
    `SELECT ownerId, stage, COUNT(*) AS count FROM (
       SELECT d.owner_id AS ownerId,
         COALESCE((SELECT s.to_stage FROM stage_changes s WHERE s.dossier_id = d.id AND s.at < @end
                   ORDER BY s.at DESC, s.seq DESC LIMIT 1), d.stage) AS stage
       FROM dossiers d WHERE d.team_id = @teamId AND d.created_at < @end)
     GROUP BY ownerId, stage`
  );

  const risk = db.prepare(
    `SELECT owner_id AS ownerId, COUNT(*) AS dossiers, SUM(CASE WHEN
        json_array_length(d.stand_in_ids) = 0
        OR d.knowledge IS NULL
        OR json_extract(d.knowledge, '$.hasPrimaryContact') IS NOT 1
        OR json_extract(d.knowledge, '$.primaryContactConfirmedAt') IS NULL
        OR ROUND(unixepoch(json_extract(d.knowledge, '$.primaryContactConfirmedAt'), 'subsec') * 1000) < @confirmedSince
        OR json_extract(d.knowledge, '$.hasMainInterests') IS NOT 1
        OR json_extract(d.knowledge, '$.hasAgreedConditions') IS NOT 1
        OR COALESCE((SELECT MAX(i.at) FROM interactions i WHERE i.dossier_id = d.id), d.created_at) < @quietSince
      THEN 1 ELSE 0 END) AS atRisk
     FROM dossiers d WHERE d.team_id = @teamId GROUP BY d.owner_id`
  );

  return {
    fold,
    async knowledgeRisk(q) {
      return risk.all({
        teamId: q.teamId,
        confirmedSince: q.now - q.contactConfirmMs,
        quietSince: q.now - q.quietMs
      }) as KnowledgeRiskCount[];
    },
    async facts(q) {
      fold();
      const range = [q.teamId, q.start, q.end] as const;
      const named = { teamId: q.teamId, start: q.start, end: q.end };
      const gaps = pairGaps(
        gapEvents.all('coverage.gap_opened', ...range) as GapEventRow[],
        // A gap opened in the period may close after it: closes up to now.
        gapEvents.all('coverage.gap_closed', q.teamId, q.start, Number.MAX_SAFE_INTEGER) as GapEventRow[]
      );
      const days = interactionDays.all(q.teamId, q.fromDay, q.toDay) as Array<
        KpiFacts['interactionDays'][number] & { amountCents: number }
      >;
      return {
        interactions:
          q.groupBy === 'team'
            ? teamInteractions(q.teamId, days)
            : (interactionsBy[q.groupBy].all(q.teamId, q.fromDay, q.toDay) as KpiFacts['interactions']),
        interactionDays: days.map(({ day, type, count }) => ({ day, type, count })),
        leads: leads.all(named) as KpiFacts['leads'],
        tasks: tasks.all(...range) as KpiFacts['tasks'],
        tickets: tickets.all(...range) as KpiFacts['tickets'],
        handoffs: handoffs.all(...range) as KpiFacts['handoffs'],
        gaps,
        stageMoves: stageMoves.all(named) as KpiFacts['stageMoves'],
        stagesAtEnd: stagesAtEnd.all(named) as KpiFacts['stagesAtEnd']
      };
    }
  };
}

/** The team's interactions per type, summed from its per-day rows (what GROUP BY type would give). */
function teamInteractions(
  teamId: string,
  days: ReadonlyArray<{ type: InteractionCount['type']; count: number; amountCents: number }>
): InteractionCount[] {
  const byType = new Map<InteractionCount['type'], InteractionCount>();
  for (const d of days) {
    const sum = byType.get(d.type);
    if (sum) {
      sum.count += d.count;
      sum.amountCents += d.amountCents;
    } else byType.set(d.type, { key: teamId, type: d.type, count: d.count, amountCents: d.amountCents });
  }
  return [...byType.values()];
}
