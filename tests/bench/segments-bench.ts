/**
 * Benchmark 7, issue #11 segments (segments-bench.ts): the app in this process on a fresh SQLite DATA_DIR, the
 * demo company plus 100,000 generated dossiers and ~3 interactions each (orders with amounts among them). A rep
 * (who sees about half the dossiers) asks GET /api/segments/count — the saved-list count — for three filter
 * sets of three filters each, interleaved round by round with GET /healthz over one keep-alive socket. Then a
 * 10,000-row CSV import: upload + preview, and commit → committed (polled), as wall time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { POINTS_OF_SALE } from '../../src/lib/contract';
import { createApp } from '../../server/app';
import type { Interaction } from '../../server/features/interactions/interaction-store';
import { generateBulkDossiers } from '../../server/seed/demo-company';
import { benchConfig } from './bench-config';
import { summarize, type Summary } from './bench-stats';
import { createHttpTimer, loginCookie } from './http-timer';

export interface SegmentsBenchOptions {
  bulkDossiers: number;
  requests: number;
  warmupRounds: number;
  importRows: number;
  targetP95Ms: number;
}
export interface SegmentsBenchResult {
  totalDossiers: number;
  interactions: number;
  healthz: Summary;
  cases: Array<{ label: string; query: string; count: number; http: Summary; meetsTarget: boolean }>;
  importRows: number;
  importPreviewMs: number;
  importCommitMs: number;
  /** The longest event-loop stall of this process during commit → committed (every request waits that long). */
  importStallMs: number;
  importCreated: number;
  targetP95Ms: number;
}

const DAY = 86_400_000;

export async function runSegmentsBench(
  options: SegmentsBenchOptions,
  log: (line: string) => void
): Promise<SegmentsBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'staffel-bench-segments-'));
  const config = benchConfig(dataDir, { IMPORT_MAX_BYTES: String(20 * 1024 * 1024) });
  const app = await createApp({ config, logger: pino({ level: 'silent' }), demoDossiers: 200 });
  try {
    const { url } = await app.listen();
    const company = app.seed.company!;
    const teams = company.teams.map((t) => ({
      teamId: t.id,
      ownerIds: company.users.filter((u) => u.role !== 'admin' && u.teamIds.includes(t.id)).map((u) => u.id)
    }));
    const now = Date.now();
    const bulk = generateBulkDossiers({ seed: 1111, count: options.bulkDossiers, teams, now });
    // Every 7th dossier carries a newsletter tag, so a tag filter has a realistic share (~14 %).
    for (const [i, d] of bulk.entries()) if (i % 7 === 0) d.tags = [...d.tags, 'newsletter'];
    await app.store.dossiers.createMany(bulk);
    const interactions: Interaction[] = [];
    for (const [i, d] of bulk.entries()) {
      for (let k = 0; k < 3; k++) {
        const order = (i + k) % 4 === 0;
        interactions.push({
          id: `bi${i}-${k}`,
          dossierId: d.id,
          teamId: d.teamId,
          type: order ? 'order' : 'call',
          at: now - ((i * 7 + k * 113) % 900) * DAY,
          pointOfSale: POINTS_OF_SALE[(i + k) % POINTS_OF_SALE.length],
          direction: 'outbound',
          contactName: null,
          summary: order ? 'Auftrag' : 'Anruf',
          amount: order ? ((i * 37) % 90) * 1000 : null,
          authorId: d.ownerId,
          createdAt: now,
          corrections: []
        });
      }
    }
    await app.store.interactions.addMany(interactions);
    log(
      `  ${bulk.length.toLocaleString('en-US')} dossiers, ${interactions.length.toLocaleString('en-US')} interactions`
    );

    const rep = company.users.find((u) => u.role === 'rep')!;
    const visible = bulk.filter((d) => rep.teamIds.includes(d.teamId));
    const mostCommon = (values: string[]) => {
      const counts = new Map<string, number>();
      for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
      return [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    };
    const stage = mostCommon(visible.map((d) => d.stage));
    const city = mostCommon(visible.map((d) => d.city));
    const industry = mostCommon(visible.map((d) => d.industry));
    const since = new Date(now - 180 * DAY).toISOString().slice(0, 10);
    const q = (o: Record<string, string>) => new URLSearchParams(o).toString();
    const cases = [
      { label: 'stage + industry + city', query: q({ stage, industry, city }) },
      { label: 'tag + stage + last contact after', query: q({ tag: 'newsletter', stage, lastContactAfter: since }) },
      { label: 'stage + point of sale + revenue band', query: q({ stage, pointOfSale: 'shop', revenueBand: 'medium' }) }
    ];

    const cookie = await loginCookie(url, rep.email, app.seed.password);
    const http = createHttpTimer(url, { cookie });
    const samples = new Map<string, number[]>([
      ['healthz', []],
      ...cases.map((c) => [c.label, []] as [string, number[]])
    ]);
    const counts = new Map<string, number>();
    for (let round = 0; round < options.warmupRounds + options.requests; round++) {
      if (round % 50 === 0) log(`  round ${round} of ${options.warmupRounds + options.requests}`);
      const h = await http.get('/healthz');
      if (round >= options.warmupRounds) samples.get('healthz')!.push(h.ms);
      for (const c of cases) {
        const res = await http.get(`/api/segments/count?${c.query}`);
        if (res.status !== 200) throw new Error(`count ${c.query} → ${res.status} ${res.body.slice(0, 200)}`);
        counts.set(c.label, (JSON.parse(res.body) as { count: number }).count);
        if (round >= options.warmupRounds) samples.get(c.label)!.push(res.ms);
      }
    }
    http.close();

    // A 10,000-row import with a contact person each; ~1 % repeat a company of the file (duplicates).
    const header = 'Firma;Straße;PLZ;Ort;Branche;Ansprechpartner;E-Mail;Tags';
    const lines = Array.from({ length: options.importRows }, (_, i) => {
      const n = i % 100 === 99 ? i - 1 : i;
      return `Importfirma ${n} GmbH;Weg ${i};${10000 + (i % 80000)};Köln;Maschinenbau;Person ${i};p${i}@import.example;import`;
    });
    const csv = `${header}\n${lines.join('\n')}\n`;
    let t = performance.now();
    const preview = await fetch(`${url}/api/imports`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/csv' },
      body: csv
    });
    if (preview.status !== 201) throw new Error(`import preview → ${preview.status} ${await preview.text()}`);
    const { id } = (await preview.json()) as { id: string };
    const importPreviewMs = performance.now() - t;
    const stall = monitorEventLoopDelay({ resolution: 1 });
    stall.enable();
    t = performance.now();
    const commit = await fetch(`${url}/api/imports/${id}/commit`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}'
    });
    if (commit.status !== 202) throw new Error(`import commit → ${commit.status} ${await commit.text()}`);
    let status = 'committing';
    let created = 0;
    while (status === 'committing') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      // A long event-loop stall (the commit was once one transaction of seconds) lets the server's keep-alive
      // timer close the pooled socket just as the next poll is sent on it. One retry on a reset; a second is real.
      const poll = () => fetch(`${url}/api/imports/${id}`, { headers: { cookie } });
      const res = (await (
        await poll().catch((err: Error & { cause?: { code?: string } }) => {
          if (err.cause?.code !== 'ECONNRESET') throw err;
          return poll();
        })
      ).json()) as {
        status: string;
        created: number;
      };
      status = res.status;
      created = res.created;
    }
    if (status !== 'committed') throw new Error(`import ended ${status}`);
    const importCommitMs = performance.now() - t;
    stall.disable();
    const importStallMs = stall.max / 1e6;

    const healthz = summarize(samples.get('healthz')!);
    return {
      totalDossiers: await app.store.dossiers.count(),
      interactions: interactions.length,
      healthz,
      cases: cases.map((c) => {
        const http = summarize(samples.get(c.label)!);
        return { ...c, count: counts.get(c.label) ?? 0, http, meetsTarget: http.p95 < options.targetP95Ms };
      }),
      importRows: options.importRows,
      importPreviewMs,
      importCommitMs,
      importStallMs,
      importCreated: created,
      targetP95Ms: options.targetP95Ms
    };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function printSegmentsBench(r: SegmentsBenchResult, log: (line: string) => void): void {
  log(
    `Benchmark 7 — saved-list count, ${r.totalDossiers.toLocaleString('en-US')} dossiers, ` +
      `${r.interactions.toLocaleString('en-US')} interactions (SQLite); GET /healthz p50 ${r.healthz.p50.toFixed(2)} / p95 ${r.healthz.p95.toFixed(2)} ms`
  );
  for (const c of r.cases) {
    log(
      `  ${c.label.padEnd(38)} matches ${String(c.count).padStart(6)}  p50 ${c.http.p50.toFixed(2)} / p95 ${c.http.p95.toFixed(2)} ms ` +
        `(×${(c.http.p95 / r.healthz.p95).toFixed(1)} healthz)  p95<${r.targetP95Ms}ms ${c.meetsTarget ? 'MET' : 'NOT MET'}`
    );
  }
  log(
    `  import ${r.importRows.toLocaleString('en-US')} rows: upload + preview ${(r.importPreviewMs / 1000).toFixed(2)} s, ` +
      `commit → committed ${(r.importCommitMs / 1000).toFixed(2)} s (longest event-loop stall ${r.importStallMs.toFixed(0)} ms), ` +
      `${r.importCreated.toLocaleString('en-US')} created`
  );
}
