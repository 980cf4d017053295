/**
 * Child process hosting one collab server for benchmark 2: `app` (the real Staffel app on a fresh SQLite
 * DATA_DIR, demo seed, default collab settings) or `ref` (y-websocket@2.1.0's setupWSConnection on a plain
 * http + ws server).
 *
 * Why a separate process: on 2 cores, a server sharing the load generator's event loop would add the
 * generator's 1,800 receipts/s to every latency and vice versa. Each server gets its own process (and
 * core); both get the identical harness, so the ours/reference ratio compares servers only.
 *
 * IPC: sends {type:'ready', ...}; answers {cmd:'cpu-start'} / {cmd:'cpu-stop'} (CPU time and event-loop
 * delay over the measured window) and {cmd:'stop'} (closes, then exits).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WebSocketServer } from 'ws';

export interface HostReady {
  type: 'ready';
  port: number;
  /** Path to open, e.g. /yjs/d-0001 or /bench-doc. */
  docPath: string;
  /** Accounts that may edit the dossier (app only). */
  logins: string[];
  password: string;
  /** Scratch directory of the app (the parent removes it if it has to kill a hung host). */
  dataDir?: string;
}

export interface HostCpu {
  type: 'cpu';
  cpuMs: number;
  wallMs: number;
  loopDelayP99Ms: number;
  /** Our store's document writes during the window (app only): SQLite appends and compactions. */
  appends?: { count: number; updates: number; totalMs: number; maxMs: number };
  compactions?: { count: number; totalMs: number; maxMs: number };
}

const send = (message: unknown) => process.send!(message);
const mode = process.argv[2];
/** Extra environment for the app's loadConfig (e.g. YJS_COMPACT_AFTER_UPDATES), as JSON in argv[3]. */
const appEnv = JSON.parse(process.argv[3] ?? '{}') as Record<string, string>;
const dossierId = 'd-0001';

async function startApp(): Promise<{
  ready: Omit<HostReady, 'type'>;
  close: () => Promise<void>;
  stats: () => Partial<HostCpu>;
  resetStats: () => void;
}> {
  const { pino } = await import('pino');
  const { createApp } = await import('../../server/app');
  const { benchConfig } = await import('./bench-config');
  const { createSqliteStore } = await import('../../server/storage/sqlite/create-sqlite-store');
  const dataDir = mkdtempSync(join(tmpdir(), 'staffel-bench-collab-'));
  const config = benchConfig(dataDir, appEnv);
  // The real SQLite store, with its document writes timed from outside (AppOptions.store exists for
  // exactly this kind of inspection). The wrapper adds two performance.now() calls per write.
  const store = createSqliteStore({ file: join(dataDir, 'staffel.db') });
  const appendTimes = { count: 0, updates: 0, totalMs: 0, maxMs: 0 };
  const compactTimes = { count: 0, totalMs: 0, maxMs: 0 };
  const documents = store.documents;
  const timed: typeof store = {
    ...store,
    documents: {
      ...documents,
      async append(docId: string, updates: Uint8Array[]) {
        const t = performance.now();
        const seq = await documents.append(docId, updates);
        const elapsed = performance.now() - t;
        appendTimes.count++;
        appendTimes.updates += updates.length;
        appendTimes.totalMs += elapsed;
        appendTimes.maxMs = Math.max(appendTimes.maxMs, elapsed);
        return seq;
      },
      async compact(docId: string, snapshot: Uint8Array, uptoSeq: number) {
        const t = performance.now();
        await documents.compact(docId, snapshot, uptoSeq);
        const elapsed = performance.now() - t;
        compactTimes.count++;
        compactTimes.totalMs += elapsed;
        compactTimes.maxMs = Math.max(compactTimes.maxMs, elapsed);
      }
    }
  };
  // No `collab` override: projection runs with the production delay (300 ms), compaction at the default.
  const app = await createApp({ config, logger: pino({ level: 'silent' }), demoDossiers: 200, store: timed });
  const { port } = await app.listen();
  const company = app.seed.company!;
  const dossier = company.dossiers.find((d) => d.dossier.id === dossierId)!.dossier;
  // Asks the app's own rule, so new roles (e.g. read-only viewers) never end up typing into the document.
  const { dossierAccess } = await import('../../server/kernel/permissions');
  const editors = company.users.filter((u) => dossierAccess(u, dossier) === 'edit');
  if (editors.length === 0) throw new Error(`no demo user may edit ${dossierId}`);
  return {
    ready: {
      port,
      docPath: `/yjs/${dossierId}`,
      logins: editors.map((u) => u.email),
      password: app.seed.password,
      dataDir
    },
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    stats: () => ({ appends: { ...appendTimes }, compactions: { ...compactTimes } }),
    resetStats: () => {
      Object.assign(appendTimes, { count: 0, updates: 0, totalMs: 0, maxMs: 0 });
      Object.assign(compactTimes, { count: 0, totalMs: 0, maxMs: 0 });
    }
  };
}

async function startReference(): Promise<{
  ready: Omit<HostReady, 'type'>;
  close: () => Promise<void>;
  stats: () => Partial<HostCpu>;
  resetStats: () => void;
}> {
  // The parent strips these too; checked here because the module reads them once at load.
  for (const key of ['YPERSISTENCE', 'CALLBACK_URL']) {
    if (process.env[key] !== undefined) throw new Error(`${key} must be unset for the reference server`);
  }
  const require = createRequire(import.meta.url);
  const utils = require('y-websocket-ref/bin/utils') as {
    setupWSConnection: (conn: unknown, req: unknown, opts?: { docName?: string }) => void;
    getPersistence: () => unknown;
  };
  if (utils.getPersistence() !== null) throw new Error('reference server has persistence configured');
  const server = createServer((_req, res) => res.writeHead(200).end('ok'));
  const wss = new WebSocketServer({ server });
  wss.on('connection', (conn, req) => utils.setupWSConnection(conn, req));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    ready: { port, docPath: '/bench-doc', logins: [], password: '' },
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
    stats: () => ({}),
    resetStats: () => {}
  };
}

const host = mode === 'app' ? await startApp() : mode === 'ref' ? await startReference() : null;
if (!host) throw new Error(`usage: fanout-server-host.ts app|ref (got ${mode})`);

const LOOP_RESOLUTION_MS = 2;
const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
let cpuStart = process.cpuUsage();
let wallStart = performance.now();
process.on('message', async (message: { cmd: string }) => {
  if (message.cmd === 'cpu-start') {
    host.resetStats();
    loop.reset();
    loop.enable();
    cpuStart = process.cpuUsage();
    wallStart = performance.now();
    send({ type: 'cpu-started' });
  } else if (message.cmd === 'cpu-stop') {
    const cpu = process.cpuUsage(cpuStart);
    loop.disable();
    const result: HostCpu = {
      type: 'cpu',
      cpuMs: (cpu.user + cpu.system) / 1000,
      wallMs: performance.now() - wallStart,
      // The histogram holds whole timer intervals; minus the resolution it is the lag.
      loopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
      ...host.stats()
    };
    send(result);
  } else if (message.cmd === 'stop') {
    await host.close();
    process.disconnect();
    process.exit(0);
  }
});
send({ type: 'ready', ...host.ready } satisfies HostReady);
