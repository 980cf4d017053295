/**
 * Benchmark 4 (issue #8): a dossier's timeline and a rep's task list over keep-alive HTTP, against
 * GET /healthz on the same server in the same run (as benchmark 1 does for the dossier list).
 *
 * Store: the demo company plus `bulkDossiers` generated dossiers, `interactions` interactions spread over
 * them, one dossier with `bigTimeline` timeline entries (interactions plus stage changes and done tasks in
 * the activity log, next to the interaction.logged events the service writes), and a rep with `repOpenTasks`
 * open tasks among the team's other tasks. Requests are sequential on one socket and interleaved round by
 * round in a shuffled order, so background load hits every case alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp } from '../../server/app';
import { generateBulkDossiers } from '../../server/seed/demo-company';
import { benchConfig } from './bench-config';
import { formatTable, summarize, type Summary } from './bench-stats';
import { createHttpTimer, loginCookie } from './http-timer';
import { latencyTable } from './latency-table';
import { buildTaskCases, buildTimelineCases, type PagedCase } from './timeline-tasks-cases';
import { insertTimelineTasksData, type TimelineTasksData } from './timeline-tasks-data';

export interface TimelineTasksBenchOptions {
  bulkDossiers: number;
  interactions: number;
  bigTimeline: number;
  repOpenTasks: number;
  requests: number;
  warmupRounds: number;
  targetP95Ms: number;
}

export interface TimelineTasksCaseResult {
  key: string;
  label: string;
  matches: string;
  http: Summary;
  /** Same query on app.store.tasks.list, no HTTP (task first page and overdue only). */
  store: Summary | null;
  ratioP95VsHealthz: number;
  meetsTarget: boolean;
  /** Deep cases: item counts of complete walks (each must equal the matches). */
  walks: number[];
}

export interface TimelineTasksBenchResult {
  totalDossiers: number;
  user: string;
  data: TimelineTasksData & { dossierInsertMs: number };
  baseline: { healthz: Summary; session: Summary };
  cases: TimelineTasksCaseResult[];
  targetP95Ms: number;
}

const shuffle = <T>(items: T[]): T[] => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
};

const s = (msValue: number) => `${(msValue / 1000).toFixed(1)} s`;

export async function runTimelineTasksBench(
  options: TimelineTasksBenchOptions,
  log: (line: string) => void
): Promise<TimelineTasksBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'staffel-bench-followups-'));
  // No demo history: the rep's tasks and the long timeline are then exactly what this file inserts, so the
  // match counts in the table (and the deep-walk check) are exact.
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
    const company = app.seed.company;
    if (!company) throw new Error('demo seed did not run (SEED_DEMO on an empty DATA_DIR should seed)');
    const rep = company.users.find((u) => u.role === 'rep');
    if (!rep) throw new Error('no rep in the demo company');
    const teamId = rep.teamIds[0];
    const members = company.users.filter((u) => u.role !== 'admin' && u.teamIds.includes(teamId));

    const teams = company.teams.map((t) => ({
      teamId: t.id,
      ownerIds: company.users.filter((u) => u.role !== 'admin' && u.teamIds.includes(t.id)).map((u) => u.id)
    }));
    let t = performance.now();
    const bulk = generateBulkDossiers({ seed: 4242, count: options.bulkDossiers, teams, now: Date.now() });
    await app.store.dossiers.createMany(bulk);
    const dossierInsertMs = performance.now() - t;
    log(`  ${bulk.length.toLocaleString('en-US')} dossiers generated and inserted in ${s(dossierInsertMs)}`);

    const all = [...company.dossiers.map((d) => d.dossier), ...bulk];
    const teamDossiers = all.filter((d) => d.teamId === teamId);
    const big = teamDossiers.find((d) => d.id.startsWith('b-')) ?? teamDossiers[0];
    t = performance.now();
    const data = insertTimelineTasksData({
      dbFile: join(dataDir, 'staffel.db'),
      dossierIds: all.map((d) => d.id),
      bigDossier: { id: big.id, teamId: big.teamId },
      bigTimelineEntries: options.bigTimeline,
      bigSystemShare: 0.05,
      totalInteractions: options.interactions,
      rep: { id: rep.id, teamId },
      repOpenTasks: options.repOpenTasks,
      otherTasks: {
        assigneeIds: members.filter((m) => m.id !== rep.id).map((m) => m.id),
        count: 20 * options.repOpenTasks,
        teamId
      },
      teamDossierIds: teamDossiers.map((d) => d.id),
      authorIds: members.map((m) => m.id),
      now: Date.now(),
      timeZone: 'Europe/Berlin',
      chunk: 50_000
    });
    log(
      `  ${data.interactions.toLocaleString('en-US')} interactions, ${data.bigSystemEntries.toLocaleString('en-US')} system + ` +
        `${data.bigLoggedEvents.toLocaleString('en-US')} logged events, ${data.tasks.toLocaleString('en-US')} tasks: ` +
        `generate ${s(data.generateMs)}, insert ${s(data.insertMs)} (wall ${s(performance.now() - t)})`
    );

    const cookie = await loginCookie(url, rep.email, app.seed.password);
    const http = createHttpTimer(url, { cookie });
    const cases: PagedCase[] = [
      ...buildTimelineCases({
        dossierId: big.id,
        total: options.bigTimeline,
        byType: data.bigByType,
        byPointOfSale: data.bigByPointOfSale
      }),
      ...buildTaskCases(data.repTasks)
    ];
    const samples = new Map<string, number[]>([
      ['healthz', []],
      ['session', []],
      ...cases.map((c) => [c.key, []] as [string, number[]])
    ]);
    const call = async (path: string) => {
      const res = await http.get(path);
      if (res.status !== 200) throw new Error(`GET ${path} -> ${res.status}: ${res.body.slice(0, 200)}`);
      return res;
    };
    const steps: { key: string; run: () => Promise<number> }[] = [
      { key: 'healthz', run: async () => (await call('/healthz')).ms },
      { key: 'session', run: async () => (await call('/api/session')).ms },
      ...cases.map((c) => ({
        key: c.key,
        run: async () => {
          const res = await call(c.next());
          c.feed(JSON.parse(res.body) as { items: unknown[]; nextCursor: string | null });
          return res.ms;
        }
      }))
    ];
    // The task store port alone for the first page and the overdue bucket (no HTTP, no DTOs): the gap to the
    // HTTP columns is express + auth + dossier names + JSON of 200 rows.
    const storeFilter = {
      teamIds: rep.teamIds,
      assigneeId: rep.id,
      statuses: ['open', 'in_progress'] as const,
      limit: 200
    };
    for (const [key, extra] of [
      ['tk_first', {}],
      ['tk_overdue', { dueBefore: Date.now() }]
    ] as const) {
      samples.set(`store:${key}`, []);
      steps.push({
        key: `store:${key}`,
        run: async () => {
          const start = performance.now();
          await app.store.tasks.list({ ...storeFilter, ...extra });
          return performance.now() - start;
        }
      });
    }
    for (const c of cases) await c.prepare?.(async (path) => JSON.parse((await call(path)).body));
    log(
      `  ${cases.length} shapes + 2 baselines over HTTP; ${options.warmupRounds} warm-up + ${options.requests} timed rounds, ` +
        `interleaved, as ${rep.email}; timeline of ${big.id} (${big.company})`
    );
    for (let round = 0; round < options.warmupRounds + options.requests; round++) {
      for (const step of shuffle([...steps])) {
        const elapsed = await step.run();
        if (round >= options.warmupRounds) samples.get(step.key)!.push(elapsed);
      }
    }
    http.close();

    const healthz = summarize(samples.get('healthz')!);
    return {
      totalDossiers: await app.store.dossiers.count(),
      user: `${rep.email} (rep, ${teamId})`,
      data: { ...data, dossierInsertMs },
      baseline: { healthz, session: summarize(samples.get('session')!) },
      cases: cases.map((c) => {
        const http = summarize(samples.get(c.key)!);
        return {
          key: c.key,
          label: c.label,
          matches: c.matches,
          http,
          store: samples.has(`store:${c.key}`) ? summarize(samples.get(`store:${c.key}`)!) : null,
          ratioP95VsHealthz: http.p95 / healthz.p95,
          meetsTarget: http.p95 < options.targetP95Ms,
          walks: c.walks
        };
      }),
      targetP95Ms: options.targetP95Ms
    };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Deep cases whose complete walks did not return exactly the matching entries (a paging bug, not slowness). */
export function brokenWalks(r: TimelineTasksBenchResult): string[] {
  return r.cases
    .filter((c) => c.walks.some((n) => String(n.toLocaleString('en-US')) !== c.matches))
    .map((c) => `${c.label}: walks returned ${c.walks.join(', ')} items, expected ${c.matches}`);
}

export function printTimelineTasksBench(r: TimelineTasksBenchResult, log: (line: string) => void): void {
  const { header, rows } = latencyTable(r);
  const d = r.data;
  log(
    formatTable(
      `Benchmark 4 — timeline and tasks (issue #8), ${r.totalDossiers.toLocaleString('en-US')} dossiers, ` +
        `${d.interactions.toLocaleString('en-US')} interactions, ${d.tasks.toLocaleString('en-US')} tasks in SQLite; as ${r.user}`,
      header,
      rows
    )
  );
  log(
    `  timeline: one dossier with ${(d.bigInteractions + d.bigSystemEntries).toLocaleString('en-US')} entries ` +
      `(${d.bigInteractions.toLocaleString('en-US')} interactions + ${d.bigSystemEntries.toLocaleString('en-US')} system), limit 30; ` +
      `tasks: ${d.repTasks.open.toLocaleString('en-US')} open (${d.repTasks.overdue} overdue, ${d.repTasks.today} today, ` +
      `${d.repTasks.upcoming} upcoming) + ${d.repTasks.done} done for the rep, limit 200`
  );
  log(
    `  setup: dossiers ${s(d.dossierInsertMs)}; interactions/events/tasks generate ${s(d.generateMs)}, insert ${s(d.insertMs)}`
  );
  for (const c of r.cases.filter((x) => x.walks.length > 0)) {
    log(`  ${c.label}: ${c.walks.length} complete walk(s) of ${c.walks[0]?.toLocaleString('en-US')} items`);
  }
}
