/**
 * Times DossierStore.list on 100k SQLite dossiers (run: `npx tsx tests/bench/sqlite-dossier-list.bench.ts`).
 * Data are seeded-random but shaped like the demo: German company names with legal forms, few teams,
 * a handful of tags, updatedAt rounded to the minute so the sort key has ties.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STAGES } from '../../src/lib/contract';
import type { Dossier } from '../../server/domain/types';
import type { DossierListFilter } from '../../server/ports/dossier-store';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';

const N = Number(process.env.BENCH_DOSSIERS ?? 100_000);
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];

const NAMES = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Schäfer',
  'Koch',
  'Bauer',
  'Richter',
  'Klein',
  'Wolf',
  'Schröder',
  'Neumann',
  'Schwarz',
  'Zimmermann',
  'Braun',
  'Krüger',
  'Hofmann',
  'Hartmann',
  'Lange',
  'Schmitt',
  'Werner',
  'Krause',
  'Meier',
  'Lehmann'
];
const WORDS = [
  'Bau',
  'Technik',
  'Logistik',
  'Metall',
  'Holz',
  'Elektro',
  'Druck',
  'Handel',
  'Service',
  'Systeme',
  'Straßenbau',
  'Medien',
  'Software',
  'Immobilien',
  'Getränke',
  'Kälte',
  'Glas',
  'Möbel'
];
const FORMS = ['GmbH', 'GmbH & Co. KG', 'AG', 'KG', 'e.K.', 'OHG', 'UG'];
const CITIES = [
  'Berlin',
  'Hamburg',
  'München',
  'Köln',
  'Frankfurt',
  'Stuttgart',
  'Düsseldorf',
  'Leipzig',
  'Dortmund',
  'Essen',
  'Bremen',
  'Dresden',
  'Hannover',
  'Nürnberg',
  'Görlitz',
  'Würzburg'
];
const FIRST = ['Anna', 'Jürgen', 'Petra', 'Thomas', 'Sabine', 'Michael', 'Jörg', 'Claudia', 'Stefan', 'Birgit'];
const TAGS = [
  'vip',
  'trade-fair',
  'newsletter',
  'key-account',
  'export',
  'public-sector',
  'referral',
  'pilot',
  'renewal',
  'churn-risk',
  'partner',
  'reseller'
];
const TEAMS = Array.from({ length: 10 }, (_, i) => `team-${i}`);

function makeDossier(i: number): Dossier {
  const updatedAt = 1_700_000_000_000 + Math.floor(rand() * 525_600) * 60_000;
  const company = `${pick(NAMES)} ${pick(WORDS)} ${pick(FORMS)}`;
  return {
    id: `d${i.toString(36).padStart(6, '0')}`,
    teamId: pick(TEAMS),
    ownerId: `u${Math.floor(rand() * 60)}`,
    company,
    city: pick(CITIES),
    industry: pick(WORDS),
    stage: pick(STAGES),
    tags: Array.from(new Set(Array.from({ length: Math.floor(rand() * 3) }, () => pick(TAGS)))),
    contactNames: Array.from({ length: 1 + Math.floor(rand() * 3) }, () => `${pick(FIRST)} ${pick(NAMES)}`),
    createdAt: updatedAt - 1000,
    createdBy: 'u0',
    updatedAt
  };
}

const dir = mkdtempSync(join(tmpdir(), 'staffel-bench-'));
const file = join(dir, 'bench.db');
let store = createSqliteStore({ file });
try {
  const dossiers = Array.from({ length: N }, (_, i) => makeDossier(i));
  let t = performance.now();
  await store.dossiers.createMany(dossiers);
  console.log(`createMany ${N}: ${(performance.now() - t).toFixed(0)} ms`);
  if (process.env.BENCH_REOPEN) {
    // As after a restart: close (PRAGMA optimize writes planner statistics) and open again.
    await store.close();
    store = createSqliteStore({ file });
  }

  const cases: Array<[string, () => Partial<DossierListFilter>]> = [
    ['no q, 1 team, name', () => ({ teamIds: [pick(TEAMS)] })],
    ['no q, all, name', () => ({ teamIds: 'all' })],
    ['no q, 3 teams, name', () => ({ teamIds: [pick(TEAMS), pick(TEAMS), pick(TEAMS)] })],
    [
      'q 3+ common, 1 team',
      () => ({ teamIds: [pick(TEAMS)], q: pick(['gmbh', 'müller', 'berlin', 'bau', 'strasse']) })
    ],
    [
      'q 3+ rare, 1 team',
      () => ({ teamIds: [pick(TEAMS)], q: pick(['zimmermann glas ug', 'görlitz', 'xyz', 'jörg kr']) })
    ],
    ['q 3+ mixed, all', () => ({ teamIds: 'all', q: pick(['gmbh', 'koch', 'würzb', 'qqq', 'anna we', 'e.k.']) })],
    ['q 2 chars, 1 team', () => ({ teamIds: [pick(TEAMS)], q: pick(['mu', 'er', 'kö', 'qx', 'zz']) })],
    ['q 2 chars rare, all', () => ({ teamIds: 'all', q: pick(['qx', 'zz', 'yy']) })],
    [
      'q 2 chars, 3 teams',
      () => ({ teamIds: [pick(TEAMS), pick(TEAMS), pick(TEAMS)], q: pick(['mu', 'er', 'qx', 'üx']) })
    ],
    ['q 1 char, all', () => ({ teamIds: 'all', q: pick(['m', 'x', 'q']) })],
    ['tag, 1 team', () => ({ teamIds: [pick(TEAMS)], tag: pick(TAGS) })],
    ['tag rare, all', () => ({ teamIds: 'all', tag: pick(['nope', 'vip']) })],
    [
      'tag + stage + q, 3 teams',
      () => ({
        teamIds: [pick(TEAMS), pick(TEAMS), pick(TEAMS)],
        tag: pick(TAGS),
        stage: pick(STAGES),
        q: pick(['gmbh', 'ber', 'ko'])
      })
    ],
    ['owner, 1 team', () => ({ teamIds: [pick(TEAMS)], ownerId: `u${Math.floor(rand() * 60)}` })],
    ['sort updated, 1 team', () => ({ teamIds: [pick(TEAMS)], sort: 'updated' })],
    ['sort updated, all, q', () => ({ teamIds: 'all', sort: 'updated', q: pick(['gmbh', 'mül', 'ag']) })],
    [
      'sort updated, tag, 3 teams',
      () => ({ teamIds: [pick(TEAMS), pick(TEAMS), pick(TEAMS)], sort: 'updated', tag: pick(TAGS) })
    ]
  ];
  for (const [label, make] of cases) {
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const filter: DossierListFilter = { sort: 'name', limit: 50, teamIds: 'all', ...make() };
      // Every other run continues from a page a few pages in, so keyset seeks are timed too.
      if (i % 2 === 1) {
        let page = await store.dossiers.list(filter);
        for (let p = 0; p < 3 && page.nextCursor; p++)
          page = await store.dossiers.list({ ...filter, cursor: page.nextCursor });
        if (page.nextCursor) filter.cursor = page.nextCursor;
      }
      t = performance.now();
      await store.dossiers.list(filter);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(2);
    console.log(
      `${label.padEnd(30)} p50 ${p(0.5).padStart(6)} ms  p95 ${p(0.95).padStart(6)} ms  max ${p(1).padStart(6)} ms`
    );
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
