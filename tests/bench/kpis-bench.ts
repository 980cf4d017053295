/**
 * Benchmark 7 (issue #10, Benchmark): the KPI page for a team over a year with 1,000,000 interactions.
 *
 * The app runs in this process on a fresh SQLite DATA_DIR (demo company, no demo history). One team gets
 * BENCH_KPI_DOSSIERS dossiers and, through a second SQLite connection in ONE transaction (WAL lets it write
 * beside the app), 1,000,000 interactions spread over the last 365 days, plus leads' stage moves, callbacks and
 * hand-offs — the columns the adapters write, so the reads cannot tell. The interaction triggers fill the KPI
 * read model's change queue as they would for any write. Before timing, a second connection folds that queue
 * into day rows (timed and reported separately: a one-off after a bulk import, ~10–30 s for 1,000,000) and
 * checkpoints the WAL, so the timed requests measure the steady state — a folded read model and a small WAL —
 * not the import's aftermath. Then GET /api/kpis for the whole year (and its previous year)
 * by team, person and point of sale, interleaved with GET /healthz in shuffled rounds over keep-alive HTTP.
 * Target: p95 < 200 ms for each grouping; printed with the ratio to /healthz p95 in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp } from '../../server/app';
import { teamCalendar } from '../../server/kernel/team-calendar';
import { localDay } from '../../server/kernel/zoned-time';
import { generateBulkDossiers } from '../../server/seed/demo-company';
import { createSeededRandom } from '../../server/seed/seeded-random';
import { openSqliteDatabase } from '../../server/storage/sqlite/open-sqlite-database';
import { createSqliteKpiStore } from '../../server/storage/sqlite/sqlite-kpi-store';
import { INTERACTION_TYPES, POINTS_OF_SALE } from '../../src/lib/contract';
import { benchConfig } from './bench-config';
import { formatTable, ms, ratio, summarize, type Summary } from './bench-stats';
import { createHttpTimer, loginCookie } from './http-timer';

export interface KpiBenchOptions {
  interactions: number;
  dossiers: number;
  requests: number;
  warmupRounds: number;
  targetP95Ms: number;
}

export interface KpiBenchCase {
  label: string;
  http: Summary;
  /** CPU of this process (app and client) per request, ms: what the request costs whatever the machine's load. */
  cpuMs: Summary;
  ratioP95VsHealthz: number;
  meetsTarget: boolean;
}

export interface KpiBenchResult {
  interactions: number;
  dossiers: number;
  insertMs: number;
  foldMs: number;
  healthz: Summary;
  cases: KpiBenchCase[];
  targetP95Ms: number;
}

const DAY = 86_400_000;
const shuffle = <T>(items: T[]): T[] => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
};

export async function runKpiBench(options: KpiBenchOptions, log: (line: string) => void): Promise<KpiBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'staffel-bench-kpis-'));
  const app = await createApp({
    config: benchConfig(dataDir),
    logger: pino({ level: 'silent' }),
    demoDossiers: 200,
    demoHistory: false
  }).catch((err) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  try {
    const { url } = await app.listen();
    const company = app.seed.company!;
    const manager = company.users.find((u) => u.role === 'manager')!;
    const teamId = manager.teamIds[0]!;
    const members = company.users.filter(
      (u) => u.role !== 'admin' && u.role !== 'viewer' && u.teamIds.includes(teamId)
    );
    const now = Date.now();
    const bulk = generateBulkDossiers({
      seed: 1010,
      count: options.dossiers,
      teams: [{ teamId, ownerIds: members.map((m) => m.id) }],
      now
    }).map((d, i) => ({ ...d, createdAt: now - 365 * DAY + Math.floor((i / options.dossiers) * 365 * DAY) }));
    await app.store.dossiers.createMany(bulk);

    let t = performance.now();
    insertYear({
      dbFile: join(dataDir, 'staffel.db'),
      teamId,
      dossiers: bulk,
      authorIds: members.map((m) => m.id),
      now,
      interactions: options.interactions
    });
    const insertMs = performance.now() - t;
    log(
      `  ${options.interactions.toLocaleString('en-US')} interactions over 365 days on ${bulk.length.toLocaleString('en-US')} dossiers of one team (${members.length} people), ` +
        `leads, callbacks and hand-offs: inserted in ${(insertMs / 1000).toFixed(1)} s (one transaction)`
    );

    // Steady state before timing: fold the 1,000,000 queued deltas into the day read model (as the store's
    // every-minute fold or first read would; timed and reported on its own), then checkpoint the WAL so the
    // timed reads do not go through the ~300 MB of frames the bulk insert left in it.
    t = performance.now();
    const folded = foldAndCheckpoint(join(dataDir, 'staffel.db'));
    const foldMs = performance.now() - t;
    log(
      `  folded ${folded.toLocaleString('en-US')} queued deltas into the day read model and checkpointed the WAL: ${(foldMs / 1000).toFixed(1)} s`
    );

    const cookie = await loginCookie(url, manager.email, app.seed.password);
    const http = createHttpTimer(url, { cookie });
    // The team's local dates of the year's first and last instants (366 local days, the longest period allowed):
    // every generated interaction (the last 365 × 24 h) is inside, also when run late in the UTC day, when the
    // last minutes' interactions are already on tomorrow's local day in the team's zone.
    const { timeZone } = teamCalendar((await app.store.users.getTeams([teamId]))[0]);
    const localDate = (at: number) => {
      const d = localDay(at, timeZone);
      return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
    };
    const today = localDate(now);
    const from = localDate(now - 365 * DAY);
    const path = (groupBy: string) => `/api/kpis?team=${teamId}&from=${from}&to=${today}&groupBy=${groupBy}`;
    t = performance.now();
    const first = await http.get(path('team'));
    const firstMs = performance.now() - t;
    if (first.status !== 200) throw new Error(`GET ${path('team')} -> ${first.status}: ${first.body.slice(0, 200)}`);
    const total = (JSON.parse(first.body) as { totals: { current: { interactions: number } } }).totals.current
      .interactions;
    log(
      `  first request (cold statements and page cache): ${firstMs.toFixed(0)} ms; year total ${total.toLocaleString('en-US')} interactions`
    );
    if (total !== options.interactions) throw new Error(`KPI total ${total} ≠ ${options.interactions} inserted`);

    const keys = ['healthz', 'team', 'person', 'pointOfSale'];
    const samples = new Map(keys.map((k) => [k, [] as number[]]));
    const cpu = new Map(keys.map((k) => [k, [] as number[]]));
    for (let round = 0; round < options.warmupRounds + options.requests; round++) {
      for (const key of shuffle([...keys])) {
        const before = process.cpuUsage();
        const res = await http.get(key === 'healthz' ? '/healthz' : path(key));
        const used = process.cpuUsage(before);
        if (res.status !== 200) throw new Error(`GET ${key} -> ${res.status}: ${res.body.slice(0, 200)}`);
        if (round >= options.warmupRounds) {
          samples.get(key)!.push(res.ms);
          cpu.get(key)!.push((used.user + used.system) / 1000);
        }
      }
    }
    http.close();
    const healthz = summarize(samples.get('healthz')!);
    const cases = ['team', 'person', 'pointOfSale'].map((key) => {
      const s = summarize(samples.get(key)!);
      return {
        label: `GET /api/kpis year, groupBy=${key}`,
        http: s,
        cpuMs: summarize(cpu.get(key)!),
        ratioP95VsHealthz: s.p95 / healthz.p95,
        meetsTarget: s.p95 < options.targetP95Ms
      };
    });
    return {
      interactions: options.interactions,
      dossiers: bulk.length,
      insertMs,
      foldMs,
      healthz,
      cases,
      targetP95Ms: options.targetP95Ms
    };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Folds the read model's change queue on a second connection, then truncates the WAL; returns deltas folded. */
function foldAndCheckpoint(dbFile: string): number {
  const db = openSqliteDatabase({ file: dbFile });
  try {
    const folded = createSqliteKpiStore(db).fold();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return folded;
  } finally {
    db.close();
  }
}

/** Rows straight into SQLite, one transaction: interactions, leads' stage moves, callbacks, hand-offs. */
export function insertYear(o: {
  dbFile: string;
  teamId: string;
  dossiers: Array<{ id: string; ownerId: string; createdAt: number }>;
  authorIds: string[];
  interactions: number;
  now: number;
}): void {
  const db = openSqliteDatabase({ file: o.dbFile });
  const rng = createSeededRandom(7);
  const start = o.now - 365 * DAY;
  const interaction = db.prepare(
    `INSERT INTO interactions (id, dossier_id, team_id, type, at, point_of_sale, direction, contact_name, summary,
       amount, author_id, created_at, corrections) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, '[]')`
  );
  const stage = db.prepare(
    'INSERT INTO stage_changes (id, dossier_id, from_stage, to_stage, reason, by_id, at) VALUES (?, ?, ?, ?, NULL, ?, ?)'
  );
  const task = db.prepare(
    `INSERT INTO tasks (id, dossier_id, team_id, kind, title, due_at, assignee_id, acting_assignee_id, status, outcome,
       escalate_at, escalated_at, created_at, created_by, updated_at, interaction_id, severity, version)
     VALUES (?, ?, ?, 'callback', 'Rückruf', ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, NULL, NULL, 1)`
  );
  const handoff = db.prepare(
    `INSERT INTO handoffs (id, dossier_id, team_id, from_user_id, to_user_id, by_id, kind, until, note, status,
       created_at, picked_up_at, escalated_at, returned_at, briefing)
     VALUES (?, ?, ?, ?, ?, ?, 'permanent', NULL, 'bench', ?, ?, ?, NULL, NULL, '{}')`
  );
  db.transaction(() => {
    const perDossier = Math.ceil(o.interactions / o.dossiers.length);
    let n = 0;
    for (const [di, d] of o.dossiers.entries()) {
      // Every dossier started as a lead; two in five became customers within 60 days.
      stage.run(`bk-sc-${di}-0`, d.id, null, 'lead', d.ownerId, d.createdAt);
      if (rng.chance(0.4)) {
        const won = d.createdAt + rng.int(1, 60) * DAY;
        if (won < o.now) {
          stage.run(`bk-sc-${di}-1`, d.id, 'lead', 'prospect', d.ownerId, won - DAY / 2);
          stage.run(`bk-sc-${di}-2`, d.id, 'prospect', 'customer', d.ownerId, won);
        }
      }
      for (let k = 0; k < perDossier && n < o.interactions; k++, n++) {
        const type = INTERACTION_TYPES[rng.int(0, INTERACTION_TYPES.length - 1)]!;
        const at = start + rng.int(0, 365 * DAY - 1);
        interaction.run(
          `bk-i-${String(n).padStart(7, '0')}`,
          d.id,
          o.teamId,
          type,
          at,
          POINTS_OF_SALE[rng.int(0, POINTS_OF_SALE.length - 1)]!,
          rng.chance(0.5) ? 'outbound' : 'inbound',
          'Gespräch',
          type === 'offer' || type === 'order' ? rng.int(100, 5_000_000) / 100 : null,
          o.authorIds[rng.int(0, o.authorIds.length - 1)]!,
          at
        );
      }
      if (di % 2 === 0) {
        const due = start + rng.int(0, 365 * DAY - 1);
        const done = rng.chance(0.8) ? due + rng.int(-DAY, DAY) : null;
        task.run(
          `bk-t-${di}`,
          d.id,
          o.teamId,
          due,
          d.ownerId,
          d.ownerId,
          done ? 'done' : 'open',
          due,
          // Open ones count as escalated already: the escalation job would otherwise work through them during
          // the timed requests (its CPU is this process's too).
          done ? null : due,
          due - DAY,
          d.ownerId,
          done ?? due - DAY
        );
      }
      if (di % 20 === 0) {
        const at = start + rng.int(0, 365 * DAY - 1);
        const to = o.authorIds[rng.int(0, o.authorIds.length - 1)]!;
        handoff.run(
          `bk-h-${di}`,
          d.id,
          o.teamId,
          d.ownerId,
          to,
          d.ownerId,
          'picked_up',
          at,
          at + rng.int(1, 600) * 60_000
        );
      }
    }
  })();
  db.close();
}

export function printKpiBench(r: KpiBenchResult, log: (line: string) => void): void {
  log(
    formatTable(
      `KPIs over a year (${r.interactions.toLocaleString('en-US')} interactions, ${r.dossiers.toLocaleString('en-US')} dossiers), target p95 < ${r.targetP95Ms} ms`,
      ['case', 'n', 'p50', 'p95', 'p99', 'p95 vs healthz', 'cpu p50', `p95<${r.targetP95Ms}ms`],
      [
        [
          'GET /healthz (baseline)',
          String(r.healthz.n),
          ms(r.healthz.p50),
          ms(r.healthz.p95),
          ms(r.healthz.p99),
          '1.0×',
          '',
          ''
        ],
        ...r.cases.map((c) => [
          c.label,
          String(c.http.n),
          ms(c.http.p50),
          ms(c.http.p95),
          ms(c.http.p99),
          ratio(c.ratioP95VsHealthz),
          ms(c.cpuMs.p50),
          c.meetsTarget ? 'MET' : 'NOT MET'
        ])
      ]
    )
  );
  log(
    `  bulk insert ${(r.insertMs / 1000).toFixed(1)} s; folding the queued deltas before timing ${(r.foldMs / 1000).toFixed(1)} s; ` +
      `load average during the run ${loadavg()
        .map((v) => v.toFixed(1))
        .join(' / ')} (cpu p50 = this process's CPU per request)`
  );
}
