/**
 * One run of benchmark 2 against one server: N clients on one document, each sending `editsPerSecond`
 * edits, warm-up, a measured window, then a drain until every expected receipt arrived (or a timeout).
 *
 * Only edits sent inside the window count, and each (receiver, sender, seq) at most once: a receipt count
 * below `expected` means dropped or stuck messages, a duplicate count above 0 means double delivery.
 * A sender's own edit coming back (the reference server echoes, ours does not) is counted separately.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import type { FieldKey } from '../../src/lib/contract';
import { writeDossierContent } from '../../server/collab/dossier-doc';
import { generateDemoCompany } from '../../server/seed/demo-company';
import { summarize, type Summary } from './bench-stats';
import type { HostCpu, HostReady } from './fanout-server-host';
import { loginCookie } from './http-timer';
import { LoadClient } from './y-load-client';

export type ServerKind = 'ours' | 'reference';

/** A server to measure: which host, and (ours only) extra config, e.g. a different compaction threshold. */
export interface CollabTarget {
  key: string;
  label: string;
  kind: ServerKind;
  appEnv?: Record<string, string>;
}

export interface CollabOptions {
  clients: number;
  editsPerSecond: number;
  warmupS: number;
  measureS: number;
  drainS: number;
  reps: number;
  field: FieldKey;
}

export interface CollabRunResult {
  target: string;
  rep: number;
  latency: Summary;
  received: number;
  expected: number;
  duplicates: number;
  echoes: number;
  /** Edits per second per client actually sent in the window (timers slip on a busy machine). */
  sendRate: number;
  server_cpu_pct: number;
  server_loop_p99_ms: number;
  loadgen_cpu_pct: number;
  loadgen_loop_p99_ms: number;
  store?: Pick<HostCpu, 'appends' | 'compactions'>;
  closes: string[];
  /** How the server host stopped: a graceful close, or killed because close() did not finish in time. */
  shutdown: { ms: number; graceful: boolean };
}

const LOOP_RESOLUTION_MS = 2;
const HOST = fileURLToPath(new URL('./fanout-server-host.ts', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves with the next IPC message of the given type (or rejects when the child dies first). */
function nextMessage<T extends { type: string }>(child: ChildProcess, type: string, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server host: no '${type}' within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m: T) => {
      if (m.type !== type) return;
      cleanup();
      resolve(m);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`server host exited (${code}) while waiting for '${type}'`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function startHost(kind: ServerKind, appEnv: Record<string, string>): ChildProcess {
  const env = { ...process.env };
  // The reference server would persist to LevelDB or call a webhook if these were set.
  delete env.YPERSISTENCE;
  delete env.CALLBACK_URL;
  return fork(HOST, kind === 'ours' ? ['app', JSON.stringify(appEnv)] : ['ref'], {
    execArgv: ['--import', 'tsx'],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  });
}

/** The reference server starts empty: give its document the same layout and content as our d-0001. */
async function seedReference(url: string): Promise<void> {
  const demo = generateDemoCompany({ now: Date.now(), dossierCount: 1 }).dossiers[0];
  const doc = new Y.Doc();
  writeDossierContent(doc, { fields: demo.fields, contacts: demo.contacts });
  const seeder = new LoadClient({
    url,
    index: 999,
    field: 'company',
    seedDoc: doc,
    onMarker: () => {},
    onSend: () => {}
  });
  await seeder.connect();
  // The reference relays every applied update to all connections, the sender included: the echo of our
  // step-2 reply proves the content is in the server's document.
  await Promise.race([
    seeder.firstUpdate,
    sleep(5000).then(() => Promise.reject(new Error('reference seed not echoed')))
  ]);
  await seeder.close();
}

export async function runCollabOnce(target: CollabTarget, rep: number, o: CollabOptions): Promise<CollabRunResult> {
  const { kind } = target;
  const child = startHost(kind, target.appEnv ?? {});
  const ready = nextMessage<HostReady>(child, 'ready');
  const clients: LoadClient[] = [];
  let result!: Omit<CollabRunResult, 'shutdown'>;
  let shutdown = { ms: 0, graceful: false };
  let dataDir: string | undefined;
  try {
    const info = await ready;
    dataDir = info.dataDir;
    const base = `http://127.0.0.1:${info.port}`;
    const url = `ws://127.0.0.1:${info.port}${info.docPath}`;
    if (kind === 'reference') await seedReference(url);

    const maxSeq = Math.ceil(o.editsPerSecond * (o.warmupS + o.measureS + 5) * 2) + 16;
    const sentAt = Array.from({ length: o.clients }, () => new Float64Array(maxSeq));
    const seen = Array.from({ length: o.clients }, () =>
      Array.from({ length: o.clients }, () => new Uint8Array(maxSeq))
    );
    const windowStart = new Array<number>(o.clients).fill(Infinity);
    const windowEnd = new Array<number>(o.clients).fill(Infinity);
    const latencies: number[] = [];
    let duplicates = 0;
    let echoes = 0;

    for (let i = 0; i < o.clients; i++) {
      // Every client of ours logs in over HTTP like a browser; the reference has no auth.
      const headers =
        kind === 'ours'
          ? { cookie: await loginCookie(base, info.logins[i % info.logins.length], info.password) }
          : undefined;
      clients.push(
        new LoadClient({
          url,
          index: i,
          headers,
          field: o.field,
          onSend: (sender, seq, t) => void (sentAt[sender][seq] = t),
          onMarker: (receiver, sender, seq, t) => {
            if (sender === receiver) return void echoes++;
            if (sender >= o.clients || seq < windowStart[sender] || seq > windowEnd[sender]) return;
            const flags = seen[receiver][sender];
            if (flags[seq]) return void duplicates++;
            flags[seq] = 1;
            latencies.push(t - sentAt[sender][seq]);
          }
        })
      );
    }
    await Promise.all(clients.map((c) => c.connect()));

    // Staggered timers: 10 clients × 20/s become an even 200 edits/s rather than 10 bursts per 50 ms.
    const interval = 1000 / o.editsPerSecond;
    const timers: NodeJS.Timeout[] = [];
    clients.forEach((c, i) => {
      timers.push(setTimeout(() => timers.push(setInterval(() => c.edit(), interval)), (i * interval) / o.clients));
    });
    await sleep(o.warmupS * 1000);

    const cpuStarted = nextMessage(child, 'cpu-started');
    child.send({ cmd: 'cpu-start' });
    await cpuStarted;
    const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    loop.enable();
    const genCpu = process.cpuUsage();
    const t0 = performance.now();
    clients.forEach((c, i) => (windowStart[i] = c.sent + 1));
    await sleep(o.measureS * 1000);
    for (const t of timers) clearInterval(t); // clears the staggering timeouts too
    clients.forEach((c, i) => (windowEnd[i] = c.sent));
    const wall = performance.now() - t0;
    const genUsage = process.cpuUsage(genCpu);
    loop.disable();
    const serverCpu = nextMessage<HostCpu>(child, 'cpu');
    child.send({ cmd: 'cpu-stop' });
    const cpu = await serverCpu;

    const sentInWindow = clients.reduce((n, _c, i) => n + (windowEnd[i] - windowStart[i] + 1), 0);
    const expected = sentInWindow * (o.clients - 1);
    const drainUntil = performance.now() + o.drainS * 1000;
    while (latencies.length < expected && performance.now() < drainUntil) await sleep(20);

    result = {
      target: target.key,
      rep,
      latency: summarize(latencies),
      received: latencies.length,
      expected,
      duplicates,
      echoes,
      sendRate: sentInWindow / o.clients / (wall / 1000),
      server_cpu_pct: (cpu.cpuMs / cpu.wallMs) * 100,
      server_loop_p99_ms: cpu.loopDelayP99Ms,
      loadgen_cpu_pct: ((genUsage.user + genUsage.system) / 1000 / wall) * 100,
      // The histogram holds whole timer intervals; minus the resolution it is the lag.
      loadgen_loop_p99_ms: Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
      store: kind === 'ours' ? { appends: cpu.appends, compactions: cpu.compactions } : undefined,
      closes: clients.map((c) => c.unexpectedClose).filter((x): x is string => x !== null)
    };
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    shutdown = await stopHost(child);
    // A graceful host removes its own directory; a killed one cannot.
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  return { ...result, shutdown };
}

const STOP_TIMEOUT_MS = 5000;

/** Asks the host to close gracefully; kills it if close() hangs (it then reports graceful: false). */
async function stopHost(child: ChildProcess): Promise<{ ms: number; graceful: boolean }> {
  const t = performance.now();
  let graceful = false;
  if (child.connected && child.exitCode === null) {
    const exited = new Promise<boolean>((r) => child.once('exit', () => r(true)));
    child.send({ cmd: 'stop' });
    graceful = await Promise.race([exited, sleep(STOP_TIMEOUT_MS).then(() => false)]);
  }
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
  return { ms: performance.now() - t, graceful };
}
