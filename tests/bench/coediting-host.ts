/**
 * Child process hosting one server of benchmark 3 (see coediting-servers.ts), started with --expose-gc.
 *
 * Why a child: same reason as fanout-server-host.ts (on 2 cores, the server must not share an event loop
 * with the load generator), plus memory: part (b) reads heapUsed after a full gc, which is only meaningful
 * when nothing but the server lives in the heap.
 *
 * argv[2] = JSON HostArgs. IPC: sends {type:'ready', …}; answers
 *   {cmd:'mem'}        → {type:'mem', heapUsed, rss, external, arrayBuffers, loaded} after two gc() passes
 *   {cmd:'stats'}      → {type:'stats', loaded, store}   (cheap: no gc; store = our DocumentStore bytes)
 *   {cmd:'cpu-start'} / {cmd:'cpu-stop'} → CPU share and event-loop lag over a window
 *   {cmd:'stop'}       → closes, removes its scratch directory, exits.
 * This is the "tiny stats hook" of the brief: it lives in the bench host, the server code is unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  startHocuspocus,
  startOurs,
  startReference,
  startRelay,
  type C3Doc,
  type C3Kind,
  type C3Server,
  type SeedSpec,
  type StoreBytes
} from './coediting-servers';

export interface HostArgs {
  kind: C3Kind;
  /** Extra config for ours (YJS_* knobs). */
  appEnv?: Record<string, string>;
  /** Reference only: persist with y-leveldb (YPERSISTENCE) in the scratch directory. */
  persist?: boolean;
  seed?: SeedSpec;
}

export interface C3Ready {
  type: 'ready';
  port: number;
  pathPrefix: string;
  docs: C3Doc[];
  fanoutDocs: C3Doc[];
  password: string;
  dataDir: string;
  /** Time the host spent seeding + starting (ms), to show where the run's wall time goes. */
  startMs: number;
}

export interface C3Mem {
  type: 'mem';
  heapUsed: number;
  rss: number;
  external: number;
  arrayBuffers: number;
  loaded: number;
}

export interface C3Stats {
  type: 'stats';
  loaded: number;
  store: StoreBytes | null;
}

export interface C3Cpu {
  type: 'cpu';
  cpuMs: number;
  wallMs: number;
  loopDelayP99Ms: number;
}

const args = JSON.parse(process.argv[2]) as HostArgs;
const send = (m: unknown) => process.send!(m);
const t0 = performance.now();
const dataDir = mkdtempSync(join(tmpdir(), `staffel-c3-${args.kind}-`));

let server: C3Server;
try {
  if (args.kind === 'ours') server = await startOurs(dataDir, args.appEnv ?? {}, args.seed);
  else if (args.kind === 'reference')
    server = await startReference(args.persist ? join(dataDir, 'leveldb') : null, args.seed);
  else if (args.kind === 'hocuspocus') server = await startHocuspocus(dataDir, args.seed);
  else server = await startRelay();
} catch (err) {
  rmSync(dataDir, { recursive: true, force: true });
  throw err;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('coediting-host needs --expose-gc');
const LOOP_RESOLUTION_MS = 2;
const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
let cpuStart = process.cpuUsage();
let wallStart = performance.now();

process.on('message', async (m: { cmd: string }) => {
  if (m.cmd === 'mem') {
    // Two passes: the first may only schedule finalizers (e.g. ws/Y.Doc teardown) that the second collects.
    gc();
    await new Promise((r) => setImmediate(r));
    gc();
    const u = process.memoryUsage();
    send({
      type: 'mem',
      heapUsed: u.heapUsed,
      rss: u.rss,
      external: u.external,
      arrayBuffers: u.arrayBuffers,
      loaded: server.loadedDocs()
    } satisfies C3Mem);
  } else if (m.cmd === 'stats') {
    send({ type: 'stats', loaded: server.loadedDocs(), store: server.storeBytes() } satisfies C3Stats);
  } else if (m.cmd === 'cpu-start') {
    loop.reset();
    loop.enable();
    cpuStart = process.cpuUsage();
    wallStart = performance.now();
    send({ type: 'cpu-started' });
  } else if (m.cmd === 'cpu-stop') {
    const cpu = process.cpuUsage(cpuStart);
    loop.disable();
    send({
      type: 'cpu',
      cpuMs: (cpu.user + cpu.system) / 1000,
      wallMs: performance.now() - wallStart,
      loopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS)
    } satisfies C3Cpu);
  } else if (m.cmd === 'stop') {
    await Promise.race([server.close(), new Promise((r) => setTimeout(r, 5000))]);
    rmSync(dataDir, { recursive: true, force: true });
    process.disconnect();
    process.exit(0);
  }
});

send({
  type: 'ready',
  port: server.port,
  pathPrefix: server.path(''),
  docs: server.docs,
  fanoutDocs: server.fanoutDocs,
  password: server.password,
  dataDir,
  startMs: performance.now() - t0
} satisfies C3Ready);
