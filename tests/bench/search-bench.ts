/**
 * Benchmark 7 (issue #11): GET /api/search over 100,000 dossiers with 1,000,000 timeline entries and a note
 * each, against GET /healthz on the same server in the same run (as benchmarks 1 and 4).
 *
 * The index is filled through the SearchIndex port's bulkInsert (each call one transaction, 250,000 entries
 * a call to bound memory): per dossier its name, city, industry and street, one note of ~40 words and ten
 * timeline summaries of ~8 words, drawn from a German sales vocabulary with a skewed (Zipf-like) word
 * frequency, so a few words are in 10–30 % of all entries — the expensive case for bm25 ranking. The dossier
 * rows are real (search reads company and stage of the hits). Cases are interleaved round by round in a
 * shuffled order so background load hits every case alike; one rep (one team) and the admin (all teams).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp } from '../../server/app';
import type { SearchEntry } from '../../server/features/search';
import { generateBulkDossiers } from '../../server/seed/demo-company';
import { benchConfig } from './bench-config';
import { formatTable, summarize, type Summary } from './bench-stats';
import { createHttpTimer, loginCookie } from './http-timer';
import { latencyTable } from './latency-table';

export interface SearchBenchOptions {
  bulkDossiers: number;
  timelinePerDossier: number;
  requests: number;
  warmupRounds: number;
  targetP95Ms: number;
}

export interface SearchCaseResult {
  key: string;
  label: string;
  matches: string;
  http: Summary;
  ratioP95VsHealthz: number;
  meetsTarget: boolean;
}

export interface SearchBenchResult {
  totalDossiers: number;
  entries: number;
  user: string;
  setup: { dossierInsertMs: number; indexInsertMs: number };
  baseline: { healthz: Summary; session: Summary };
  cases: SearchCaseResult[];
  targetP95Ms: number;
}

const VOCABULARY = (
  'angebot anruf termin lieferung rückruf besuch kunde preis rabatt rechnung bestellung muster katalog ' +
  'messe vertrag wartung reklamation ersatzteil maschine pumpe ventil getriebe motor steuerung schrank ' +
  'regal palette lager versand spedition montage schulung inbetriebnahme kalkulation projekt planung ' +
  'einkauf geschäftsführung technik qualität prüfung zertifikat norm sicherheit energie effizienz ' +
  'nachhaltigkeit budget quartal jahresgespräch rahmenvertrag konditionen skonto zahlungsziel mahnung ' +
  'gutschrift retoure austausch garantie kulanz störung notdienst fernwartung update software lizenz ' +
  'schnittstelle datenblatt zeichnung modell variante sonderanfertigung serie prototyp freigabe abnahme ' +
  'übergabe dokumentation handbuch ansprechpartner nachfolger ruhestand umzug standort filiale werk ' +
  'halle büro produktion schicht kapazität engpass liefertermin verzögerung eilauftrag express ' +
  'straßenbau brückenbau großküche bäckerei fleischerei kühlhaus klimaanlage heizung lüftung sanitär'
).split(' ');

/** A seeded generator (mulberry32) so every run indexes the same text. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const s = (msValue: number) => `${(msValue / 1000).toFixed(1)} s`;
const shuffle = <T>(items: T[]): T[] => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
};

export async function runSearchBench(
  options: SearchBenchOptions,
  log: (line: string) => void
): Promise<SearchBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'staffel-bench-search-'));
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
    if (!company) throw new Error('demo seed did not run');
    const rep = company.users.find((u) => u.role === 'rep')!;
    const admin = company.users.find((u) => u.role === 'admin')!;
    const teams = company.teams.map((t) => ({
      teamId: t.id,
      ownerIds: company.users.filter((u) => u.role !== 'admin' && u.teamIds.includes(t.id)).map((u) => u.id)
    }));
    let t = performance.now();
    const bulk = generateBulkDossiers({ seed: 1111, count: options.bulkDossiers, teams, now: Date.now() });
    await app.store.dossiers.createMany(bulk);
    const dossierInsertMs = performance.now() - t;

    const random = seeded(7);
    // Skewed pick: word i is chosen with probability ~ 1/(i+1) (a handful of words are everywhere).
    const weights = VOCABULARY.map((_, i) => 1 / (i + 1));
    const total = weights.reduce((a, b) => a + b, 0);
    const cumulative: number[] = [];
    weights.reduce((acc, w, i) => (cumulative[i] = acc + w / total), 0);
    const word = () => {
      const r = random();
      const i = cumulative.findIndex((c) => c >= r);
      return VOCABULARY[i < 0 ? VOCABULARY.length - 1 : i];
    };
    const sentence = (n: number) => Array.from({ length: n }, word).join(' ');
    t = performance.now();
    let entries = 0;
    let batch: SearchEntry[] = [];
    const flush = async () => {
      await app.store.search.bulkInsert(batch);
      entries += batch.length;
      batch = [];
    };
    const at = Date.now();
    for (const d of bulk) {
      const base = { dossierId: d.id, teamId: d.teamId, at: null };
      batch.push({ ...base, kind: 'name', ref: '', text: d.company });
      if (d.city) batch.push({ ...base, kind: 'field', ref: 'city', text: d.city });
      if (d.industry) batch.push({ ...base, kind: 'field', ref: 'industry', text: d.industry });
      if (d.street) batch.push({ ...base, kind: 'field', ref: 'street', text: d.street });
      batch.push({ ...base, kind: 'note', ref: '', text: `${sentence(20)}. ${sentence(20)}.` });
      for (let i = 0; i < options.timelinePerDossier; i++) {
        batch.push({ ...base, kind: 'timeline', ref: `${d.id}-i${i}`, text: sentence(8), at: at - i * 86_400_000 });
      }
      if (batch.length >= 250_000) await flush();
    }
    await flush();
    // As the start-up backfill does: a finished build is merged (SQLite: FTS5 'optimize').
    await app.store.search.markBuilt(await app.store.search.builtVersion());
    const indexInsertMs = performance.now() - t;
    log(
      `  ${bulk.length.toLocaleString('en-US')} dossiers inserted in ${s(dossierInsertMs)}; ` +
        `${entries.toLocaleString('en-US')} index entries (${(bulk.length * options.timelinePerDossier).toLocaleString('en-US')} timeline) in ${s(indexInsertMs)}`
    );

    const sample = bulk.find((d) => d.teamId === rep.teamIds[0] && /\s/.test(d.company)) ?? bulk[0];
    const firstWord = sample.company.split(/\s+/)[0];
    const fold = (x: string) =>
      x
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase();
    const cases = [
      { key: 'name', label: 'company name (2 words)', q: sample.company.split(/\s+/).slice(0, 2).join(' ') + ' ' },
      { key: 'name_prefix', label: 'as you type: name prefix', q: fold(firstWord).slice(0, 4) },
      { key: 'common', label: 'most frequent word', q: `${VOCABULARY[0]} ` },
      { key: 'common2', label: 'two frequent words', q: `${VOCABULARY[0]} ${VOCABULARY[1]} ` },
      { key: 'common_prefix', label: 'frequent word + prefix', q: `${VOCABULARY[1]} lie` },
      { key: 'rare', label: 'rare word, folded (bruckenbau)', q: 'bruckenbau ' },
      { key: 'german', label: 'German spelling (strassenbau)', q: 'strassenbau ' },
      { key: 'none', label: 'no match', q: 'xylophonquartett ' }
    ];
    const repHttp = createHttpTimer(url, { cookie: await loginCookie(url, rep.email, app.seed.password) });
    const adminHttp = createHttpTimer(url, { cookie: await loginCookie(url, admin.email, app.seed.password) });
    const all = [
      ...cases.map((c) => ({ ...c, http: repHttp, label: `rep: ${c.label}` })),
      ...cases
        .filter((c) => ['common', 'common_prefix'].includes(c.key))
        .map((c) => ({ ...c, key: `admin_${c.key}`, http: adminHttp, label: `admin: ${c.label}` }))
    ];
    const matches = new Map<string, number>();
    const samples = new Map<string, number[]>([
      ['healthz', []],
      ['session', []],
      ...all.map((c) => [c.key, []] as [string, number[]])
    ]);
    const call = async (http: typeof repHttp, path: string) => {
      // The admin's socket idles while the rep's cases run; the server may close it (keep-alive timeout)
      // just as it is reused. One retry on a reset; a second failure is real.
      const res = await http.get(path).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ECONNRESET') throw err;
        return http.get(path);
      });
      if (res.status !== 200) throw new Error(`GET ${path} -> ${res.status}: ${res.body.slice(0, 200)}`);
      return res;
    };
    const steps = [
      { key: 'healthz', run: async () => (await call(repHttp, '/healthz')).ms },
      { key: 'session', run: async () => (await call(repHttp, '/api/session')).ms },
      ...all.map((c) => ({
        key: c.key,
        run: async () => {
          const res = await call(c.http, `/api/search?q=${encodeURIComponent(c.q)}`);
          matches.set(c.key, (JSON.parse(res.body) as { items: unknown[] }).items.length);
          return res.ms;
        }
      }))
    ];
    log(
      `  ${all.length} cases + 2 baselines; ${options.warmupRounds} warm-up + ${options.requests} timed rounds, interleaved`
    );
    for (let round = 0; round < options.warmupRounds + options.requests; round++) {
      for (const step of shuffle([...steps])) {
        const elapsed = await step.run();
        if (round >= options.warmupRounds) samples.get(step.key)!.push(elapsed);
      }
    }
    repHttp.close();
    adminHttp.close();
    const healthz = summarize(samples.get('healthz')!);
    return {
      totalDossiers: await app.store.dossiers.count(),
      entries,
      user: `${rep.email} (rep, ${rep.teamIds[0]}) and ${admin.email} (admin)`,
      setup: { dossierInsertMs, indexInsertMs },
      baseline: { healthz, session: summarize(samples.get('session')!) },
      cases: all.map((c) => {
        const http = summarize(samples.get(c.key)!);
        return {
          key: c.key,
          label: `${c.label}  q="${c.q}"`,
          matches: `${matches.get(c.key) ?? 0} hits`,
          http,
          ratioP95VsHealthz: http.p95 / healthz.p95,
          meetsTarget: http.p95 < options.targetP95Ms
        };
      }),
      targetP95Ms: options.targetP95Ms
    };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printSearchBench(r: SearchBenchResult, log: (line: string) => void): void {
  const { header, rows } = latencyTable(r);
  log(
    formatTable(
      `Benchmark 7 — full-text search (issue #11), ${r.totalDossiers.toLocaleString('en-US')} dossiers, ` +
        `${r.entries.toLocaleString('en-US')} index entries in SQLite FTS5; as ${r.user}`,
      header,
      rows
    )
  );
  log(`  setup: dossiers ${s(r.setup.dossierInsertMs)}, index ${s(r.setup.indexInsertMs)}`);
}
