/**
 * Focused measurement for issue #11's CSV import (`npx tsx tests/bench/import-stall.ts`): the app in this
 * process on a fresh SQLite DATA_DIR (demo company, plus BENCH_IMPORT_BULK generated dossiers, default
 * 20,000), then a BENCH_IMPORT_ROWS-row (10,000) import over HTTP: upload + preview, commit → committed.
 * Reported: the longest event-loop stall during commit → committed (perf_hooks.monitorEventLoopDelay, 1 ms
 * resolution; every HTTP, Socket.io and Yjs request waits that long), and the process CPU time (user +
 * system, process.cpuUsage) and wall time of the store's commit call alone and of the whole commit phase.
 * CPU time is the figure to compare on a loaded machine; wall and stall grow with the load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { createApp } from '../../server/app';
import { generateBulkDossiers } from '../../server/seed/demo-company';
import { benchConfig } from './bench-config';
import { loginCookie } from './http-timer';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const bulkCount = num('BENCH_IMPORT_BULK', 20_000);
const rows = num('BENCH_IMPORT_ROWS', 10_000);
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

const dataDir = mkdtempSync(join(tmpdir(), 'staffel-bench-import-'));
const config = benchConfig(dataDir, { IMPORT_MAX_BYTES: String(20 * 1024 * 1024) });
const app = await createApp({ config, logger: pino({ level: 'silent' }), demoDossiers: 200 });
try {
  const { url } = await app.listen();
  const company = app.seed.company!;
  if (bulkCount > 0) {
    const teams = company.teams.map((t) => ({
      teamId: t.id,
      ownerIds: company.users.filter((u) => u.role !== 'admin' && u.teamIds.includes(t.id)).map((u) => u.id)
    }));
    await app.store.dossiers.createMany(generateBulkDossiers({ seed: 1111, count: bulkCount, teams, now: Date.now() }));
  }
  // The store's commit call alone (the one synchronous SQLite transaction before this change).
  const store = app.store.imports;
  const original = store.commit.bind(store);
  const storeCommit = { cpuMs: 0, wallMs: 0 };
  store.commit = async (options) => {
    const cpu = process.cpuUsage();
    const t = performance.now();
    try {
      return await original(options);
    } finally {
      storeCommit.cpuMs += cpuMs(process.cpuUsage(cpu));
      storeCommit.wallMs += performance.now() - t;
    }
  };

  const rep = company.users.find((u) => u.role === 'rep')!;
  const cookie = await loginCookie(url, rep.email, app.seed.password);
  const header = 'Firma;Straße;PLZ;Ort;Branche;Ansprechpartner;E-Mail;Tags';
  const lines = Array.from({ length: rows }, (_, i) => {
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
  if (preview.status !== 201) throw new Error(`preview → ${preview.status} ${await preview.text()}`);
  const { id } = (await preview.json()) as { id: string };
  const previewMs = performance.now() - t;

  // Every stall over 100 ms with its start (ms after the commit request), to tell the phases apart.
  const t0 = performance.now();
  let last = t0;
  const stalls: string[] = [];
  const ticker = setInterval(() => {
    const now = performance.now();
    if (now - last > 100) stalls.push(`${Math.round(now - last)} ms at +${Math.round(last - t0)}`);
    last = now;
  }, 2);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const cpu = process.cpuUsage();
  t = performance.now();
  const commit = await fetch(`${url}/api/imports/${id}/commit`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: '{}'
  });
  if (commit.status !== 202) throw new Error(`commit → ${commit.status} ${await commit.text()}`);
  let status = 'committing';
  let created = 0;
  while (status === 'committing') {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const res = (await (await fetch(`${url}/api/imports/${id}`, { headers: { cookie } })).json()) as {
      status: string;
      created: number;
    };
    status = res.status;
    created = res.created;
  }
  const commitMs = performance.now() - t;
  const commitCpuMs = cpuMs(process.cpuUsage(cpu));
  delay.disable();
  clearInterval(ticker);
  if (status !== 'committed') throw new Error(`import ended ${status}`);

  const search = await fetch(`${url}/api/search?q=${encodeURIComponent(`Importfirma ${rows - 2}`)}`, {
    headers: { cookie }
  });
  const hits = ((await search.json()) as { items?: unknown[] }).items?.length ?? -1;
  console.log(
    `import ${rows.toLocaleString('en-US')} rows into ${(bulkCount + 200).toLocaleString('en-US')} dossiers: ` +
      `preview ${previewMs.toFixed(0)} ms; commit → committed wall ${commitMs.toFixed(0)} ms, CPU ${commitCpuMs.toFixed(0)} ms; ` +
      `store commit wall ${storeCommit.wallMs.toFixed(0)} ms, CPU ${storeCommit.cpuMs.toFixed(0)} ms; ` +
      `longest event-loop stall ${(delay.max / 1e6).toFixed(0)} ms (p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms); ` +
      `${created} created, search hits for the last row: ${hits}`
  );
  console.log(`  stalls over 100 ms: ${stalls.join(', ') || 'none'}`);
} finally {
  await app.close();
  if (process.env.KEEP_DB) console.log('kept', dataDir);
  else rmSync(dataDir, { recursive: true, force: true });
}
