/**
 * Benchmark 1: GET /api/dossiers over 100,000 extra dossiers in SQLite, against GET /healthz on the same
 * server in the same run.
 *
 * The app runs in this process (as the integration tests start it); requests are sequential on one
 * keep-alive socket, so each latency is one request's full server time plus a loopback round trip.
 * Cases are interleaved round by round (in a shuffled order each round) instead of run as blocks: on a
 * noisy machine a burst of background load then hits every case alike, and the ratio against /healthz
 * stays meaningful.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp } from '../../server/app';
import { benchConfig } from './bench-config';
import type { Dossier } from '../../server/kernel/types';
import { generateBulkDossiers } from '../../server/seed/demo-company';
import { formatTable, summarize, type Summary } from './bench-stats';
import { createHttpTimer, loginCookie } from './http-timer';
import { latencyTable } from './latency-table';
import { buildListCases, toPath, type ListQuery } from './list-cases';

export interface ListBenchOptions {
  bulkDossiers: number;
  requests: number;
  warmupRounds: number;
  targetP95Ms: number;
}

export interface ListCaseResult {
  key: string;
  label: string;
  matches: string;
  http: Summary;
  /** Same filters straight against app.store.dossiers.list: the SQL share of the HTTP time. */
  store: Summary;
  ratioP95VsHealthz: number;
  meetsTarget: boolean;
}

export interface ListBenchResult {
  totalDossiers: number;
  visibleToUser: number;
  user: string;
  setup: { generateMs: number; insertMs: number };
  baseline: { healthz: Summary; session: Summary };
  cases: ListCaseResult[];
  targetP95Ms: number;
}

const shuffle = <T>(items: T[]): T[] => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
};

export async function runListBench(options: ListBenchOptions, log: (line: string) => void): Promise<ListBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'staffel-bench-list-'));
  const config = benchConfig(dataDir);
  const app = await createApp({ config, logger: pino({ level: 'silent' }), demoDossiers: 200 }).catch((err) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  try {
    const { url } = await app.listen();
    const company = app.seed.company;
    if (!company) throw new Error('demo seed did not run (SEED_DEMO on an empty DATA_DIR should seed)');

    // Bulk rows go to the demo teams, owned by their members, so they behave like the demo's own.
    const teams = company.teams.map((t) => ({
      teamId: t.id,
      ownerIds: company.users.filter((u) => u.role !== 'admin' && u.teamIds.includes(t.id)).map((u) => u.id)
    }));
    let t = performance.now();
    const bulk = generateBulkDossiers({ seed: 4242, count: options.bulkDossiers, teams, now: Date.now() });
    const generateMs = performance.now() - t;
    t = performance.now();
    await app.store.dossiers.createMany(bulk);
    const insertMs = performance.now() - t;
    log(
      `  inserted ${bulk.length.toLocaleString('en-US')} dossiers: generate ${generateMs.toFixed(0)} ms, insert ${(insertMs / 1000).toFixed(1)} s`
    );

    // A rep sees their team only: the common case, and the one the team-scoped indexes are built for.
    const rep = company.users.find((u) => u.role === 'rep');
    if (!rep) throw new Error('no rep in the demo company');
    const all: Dossier[] = [...company.dossiers.map((d) => d.dossier), ...bulk];
    const visible = all.filter((d) => rep.teamIds.includes(d.teamId));
    const cookie = await loginCookie(url, rep.email, app.seed.password);
    const http = createHttpTimer(url, { cookie });
    const cases = buildListCases(visible);

    const samples = new Map<string, number[]>([
      ['healthz', []],
      ['session', []],
      ...cases.map((c) => [c.key, []] as [string, number[]])
    ]);
    const call = async (path: string): Promise<{ ms: number; body: string }> => {
      const res = await http.get(path);
      if (res.status !== 200) throw new Error(`GET ${path} -> ${res.status}: ${res.body.slice(0, 200)}`);
      return res;
    };
    type Step = { key: string; run: () => Promise<number> };
    const steps: Step[] = [
      { key: 'healthz', run: async () => (await call('/healthz')).ms },
      // Authenticated but no list: separates session lookup + express from the list query itself.
      { key: 'session', run: async () => (await call('/api/session')).ms },
      ...cases.map((c) => ({
        key: c.key,
        run: async () => {
          const res = await call(toPath(c.next()));
          c.feed((JSON.parse(res.body) as { nextCursor: string | null }).nextCursor);
          return res.ms;
        }
      }))
    ];

    // The store port gets the same request sequence (own case instances, so its own cursors), interleaved
    // with the HTTP requests so both see the same page-cache state: the DB (~60 MB) exceeds SQLite's cache.
    const storeCases = buildListCases(visible);
    const storeFilter = (q: ListQuery) => ({
      teamIds: rep.teamIds,
      q: q.q,
      tag: q.tag,
      sort: (q.sort ?? 'name') as 'name' | 'updated',
      limit: Number(q.limit ?? 50),
      cursor: q.cursor
    });
    for (const c of storeCases) {
      samples.set(`store:${c.key}`, []);
      steps.push({
        key: `store:${c.key}`,
        run: async () => {
          const filter = storeFilter(c.next());
          const start = performance.now();
          const page = await app.store.dossiers.list(filter);
          const elapsed = performance.now() - start;
          c.feed(page.nextCursor);
          return elapsed;
        }
      });
    }

    log(
      `  ${cases.length} list shapes + 2 baselines over HTTP, same list shapes on the store port; ` +
        `${options.warmupRounds} warm-up + ${options.requests} timed rounds, interleaved, as ${rep.email}`
    );
    for (let round = 0; round < options.warmupRounds + options.requests; round++) {
      for (const step of shuffle([...steps])) {
        const elapsed = await step.run();
        if (round >= options.warmupRounds) samples.get(step.key)!.push(elapsed);
      }
    }
    http.close();

    const healthz = summarize(samples.get('healthz')!);
    const session = summarize(samples.get('session')!);
    const results: ListCaseResult[] = cases.map((c) => {
      const s = summarize(samples.get(c.key)!);
      return {
        key: c.key,
        label: c.label,
        matches: c.matches,
        http: s,
        store: summarize(samples.get(`store:${c.key}`)!),
        ratioP95VsHealthz: s.p95 / healthz.p95,
        meetsTarget: s.p95 < options.targetP95Ms
      };
    });
    return {
      totalDossiers: await app.store.dossiers.count(),
      visibleToUser: visible.length,
      user: `${rep.email} (rep, ${rep.teamIds.join(', ')})`,
      setup: { generateMs, insertMs },
      baseline: { healthz, session },
      cases: results,
      targetP95Ms: options.targetP95Ms
    };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printListBench(r: ListBenchResult, log: (line: string) => void): void {
  const { header, rows } = latencyTable(r);
  log(
    formatTable(
      `Benchmark 1 — GET /api/dossiers, ${r.totalDossiers.toLocaleString('en-US')} dossiers in SQLite, ` +
        `${r.visibleToUser.toLocaleString('en-US')} visible to ${r.user}; limit 50`,
      header,
      rows
    )
  );
  log(
    '  matches = visible dossiers matching the filter (all pages); store = same filters on app.store.dossiers.list, no HTTP'
  );
}
