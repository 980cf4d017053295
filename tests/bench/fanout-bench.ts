/**
 * Benchmark 2: live-edit fan-out, our app server against y-websocket@2.1.0's reference server.
 *
 * Targets run in a fixed alternating order (ours, reference, ours with compaction deferred, ours, …) for
 * `reps` repetitions, so slow drifts of a noisy machine spread over all targets; the summary reports the
 * median over repetitions of each percentile, and ratios ours/reference of those medians.
 *
 * Why a third target (A'): our server folds its update log into a snapshot every
 * YJS_COMPACT_AFTER_UPDATES (500) updates, i.e. every ~2.5 s under this load, inside the flush loop that
 * also relays. A' raises the threshold through the public config so no compaction happens during the
 * run: A vs A' is what compaction costs the live path, and if compaction ever stalls the loop again
 * (it did until commit ded0183: delivery fell to ~5.5% after the 500th update), A' still measures the rest.
 */
import { formatTable, median, ms, ratio } from './bench-stats';
import { runCollabOnce, type CollabOptions, type CollabRunResult, type CollabTarget } from './fanout-run';

export const COLLAB_TARGETS: CollabTarget[] = [
  { key: 'ours', label: 'A  ours (default config)', kind: 'ours' },
  { key: 'reference', label: 'B  reference y-websocket 2.1.0', kind: 'reference' },
  {
    key: 'ours_no_compaction',
    label: "A' ours, YJS_COMPACT_AFTER_UPDATES=1e9",
    kind: 'ours',
    appEnv: { YJS_COMPACT_AFTER_UPDATES: '1000000000' }
  }
];

export interface CollabTargetSummary {
  key: string;
  label: string;
  reps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  received: number;
  expected: number;
  deliveredPct: number;
  duplicates: number;
  ratioP50VsReference: number;
  ratioP99VsReference: number;
}

export interface CollabBenchResult {
  options: CollabOptions;
  runs: CollabRunResult[];
  summary: CollabTargetSummary[];
}

export async function runCollabBench(o: CollabOptions, log: (line: string) => void): Promise<CollabBenchResult> {
  const runs: CollabRunResult[] = [];
  for (let rep = 1; rep <= o.reps; rep++) {
    for (const target of COLLAB_TARGETS) {
      const t = performance.now();
      const r = await runCollabOnce(target, rep, o);
      runs.push(r);
      log(
        `  rep ${rep} ${target.key.padEnd(18)} p50 ${ms(r.latency.p50).padStart(6)} ms  p99 ${ms(r.latency.p99).padStart(6)} ms  ` +
          `delivered ${r.received}/${r.expected}  (${((performance.now() - t) / 1000).toFixed(1)} s)`
      );
    }
  }
  const summary = COLLAB_TARGETS.map((t) =>
    summarizeTarget(
      t,
      runs.filter((r) => r.target === t.key)
    )
  );
  const ref = summary.find((s) => s.key === 'reference')!;
  for (const s of summary) {
    s.ratioP50VsReference = s.p50 / ref.p50;
    s.ratioP99VsReference = s.p99 / ref.p99;
  }
  return { options: o, runs, summary };
}

function summarizeTarget(t: CollabTarget, runs: CollabRunResult[]): CollabTargetSummary {
  const received = runs.reduce((n, r) => n + r.received, 0);
  const expected = runs.reduce((n, r) => n + r.expected, 0);
  // A run that delivered nothing has no latency at all; it must not pull the median either way.
  const measured = runs.filter((r) => r.latency.n > 0);
  return {
    key: t.key,
    label: t.label,
    reps: runs.length,
    p50: median(measured.map((r) => r.latency.p50)),
    p95: median(measured.map((r) => r.latency.p95)),
    p99: median(measured.map((r) => r.latency.p99)),
    max: Math.max(...measured.map((r) => r.latency.max)),
    received,
    expected,
    deliveredPct: expected ? (received / expected) * 100 : NaN,
    duplicates: runs.reduce((n, r) => n + r.duplicates, 0),
    ratioP50VsReference: NaN,
    ratioP99VsReference: NaN
  };
}

const pct = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)}%` : '—');
/** A ratio over a target that lost receipts compares only what arrived: mark it so nobody quotes it bare. */
const partial = (s: CollabTargetSummary, value: number) => ratio(value) + (s.received < s.expected ? '*' : '');
const label = (key: string) => COLLAB_TARGETS.find((t) => t.key === key)!.label;

export function printCollabBench(r: CollabBenchResult, log: (line: string) => void): void {
  const o = r.options;
  log(
    formatTable(
      `Benchmark 2 — per run: ${o.clients} clients × ${o.editsPerSecond} edits/s on one document, ` +
        `${o.warmupS} s warm-up, ${o.measureS} s measured, field "${o.field}"`,
      [
        'run',
        'rep',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'max ms',
        'delivered',
        'dups',
        'echo',
        'sent/s/cl',
        'srv cpu',
        'srv lag99',
        'gen cpu',
        'gen lag99',
        'stop'
      ],
      r.runs.map((x) => [
        label(x.target),
        String(x.rep),
        ms(x.latency.p50),
        ms(x.latency.p95),
        ms(x.latency.p99),
        ms(x.latency.max),
        `${x.received}/${x.expected}`,
        String(x.duplicates),
        String(x.echoes),
        x.sendRate.toFixed(1),
        pct(x.server_cpu_pct),
        ms(x.server_loop_p99_ms),
        pct(x.loadgen_cpu_pct),
        ms(x.loadgen_loop_p99_ms),
        x.shutdown.graceful ? `${(x.shutdown.ms / 1000).toFixed(1)} s` : 'HUNG→kill'
      ])
    )
  );
  log('  delivered = receipts by other clients / (edits sent in window × (clients − 1)); echo = own edits sent back');
  log('  srv/gen = server process / load generator: CPU share of one core and event-loop lag p99 (ms) in the window');

  const store = r.runs.filter((x) => x.store?.appends);
  if (store.length > 0) {
    log(
      formatTable(
        "Benchmark 2 — our server's document writes in the measured window (SQLite, timed around DocumentStore calls)",
        ['run', 'rep', 'appends', 'updates', 'upd/append', 'mean ms', 'max ms', 'compactions', 'compact max ms'],
        store.map((x) => {
          const a = x.store!.appends!;
          const c = x.store!.compactions!;
          return [
            label(x.target),
            String(x.rep),
            String(a.count),
            String(a.updates),
            a.count ? (a.updates / a.count).toFixed(2) : '—',
            a.count ? ms(a.totalMs / a.count) : '—',
            ms(a.maxMs),
            String(c.count),
            c.count ? ms(c.maxMs) : '—'
          ];
        })
      )
    );
  }

  log(
    formatTable(
      `Benchmark 2 — summary: median of ${o.reps} repetitions per server (edit → receipt by another client)`,
      ['server', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'delivered', 'dups', 'p50 vs ref', 'p99 vs ref'],
      r.summary.map((s) => [
        s.label,
        ms(s.p50),
        ms(s.p95),
        ms(s.p99),
        ms(s.max),
        `${s.received}/${s.expected} (${pct(s.deliveredPct)})`,
        String(s.duplicates),
        partial(s, s.ratioP50VsReference),
        partial(s, s.ratioP99VsReference)
      ])
    )
  );
  if (r.summary.some((s) => s.received < s.expected)) {
    log('  * not all receipts arrived: the latencies describe only the edits that got through, not the server');
  }
}
