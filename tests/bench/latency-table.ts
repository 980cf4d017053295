import { ms, ratio, type Summary } from './bench-stats';

/** One timed case of an HTTP benchmark measured against GET /healthz in the same run. */
export interface LatencyCase {
  label: string;
  matches: string;
  http: Summary;
  /** The same query on the store port without HTTP, where the benchmark measures it. */
  store?: Summary | null;
  ratioP95VsHealthz: number;
  meetsTarget: boolean;
}

/**
 * The header and rows both HTTP benchmarks (dossier list; timeline and tasks) print: the two baselines, then every
 * case with its percentiles, store-only figures and p95 relative to /healthz.
 */
export function latencyTable(options: {
  baseline: { healthz: Summary; session: Summary };
  cases: LatencyCase[];
  targetP95Ms: number;
}): { header: string[]; rows: string[][] } {
  const { baseline } = options;
  const header = [
    'case',
    'matches',
    'n',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'max ms',
    'store p50',
    'store p95',
    'p95/healthz',
    `p95<${options.targetP95Ms}ms`
  ];
  const base = (label: string, x: Summary): string[] => [
    label,
    '',
    String(x.n),
    ms(x.p50),
    ms(x.p95),
    ms(x.p99),
    ms(x.max),
    '',
    '',
    ratio(x.p95 / baseline.healthz.p95),
    ''
  ];
  const rows = [
    base('baseline GET /healthz', baseline.healthz),
    base('ref GET /api/session (auth only)', baseline.session),
    ...options.cases.map((c) => [
      c.label,
      c.matches,
      String(c.http.n),
      ms(c.http.p50),
      ms(c.http.p95),
      ms(c.http.p99),
      ms(c.http.max),
      c.store ? ms(c.store.p50) : '',
      c.store ? ms(c.store.p95) : '',
      ratio(c.ratioP95VsHealthz),
      c.meetsTarget ? 'MET' : 'NOT MET'
    ])
  ];
  return { header, rows };
}
