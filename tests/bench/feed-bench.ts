/**
 * Benchmark 7 (issue #10): the activity feed's live delivery.
 *   1,000 Socket.io subscribers (`feed:subscribe {}`) across 10 teams (100 per team, one signed-in rep per team),
 *   an open-loop stream of team events at `rate` per second (each for one team, round robin) appended to the
 *   activity log and the relay poked, as a service's commit does. Latency = event time (set at append) → receipt
 *   of its `feed:event` on each subscriber of its team (100 samples per event); delivery is checked (each
 *   subscriber gets exactly its team's events, once).
 *   Baseline in the same run and process: a bare Socket.io server on its own port, the same 1,000 clients in
 *   10 rooms, `io.to(team).emit('feed:event', item)` of a prebuilt item of the same size at the same rate.
 *   CPU per 1,000 events = this process's CPU (user + system) over the window / events × 1,000. The clients run
 *   in a child process (feed-clients-host.ts), one per case, so that CPU is the server's alone (app or bare
 *   Socket.io); the clients' CPU is reported beside it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import type { NewEvent } from '../../server/kernel/events';
import { login } from '../helpers/clients';
import { startTestServer } from '../helpers/start-test-server';
import { formatTable, ms, ratio, summarize, type Summary } from './bench-stats';

export interface FeedBenchOptions {
  teams: number;
  perTeam: number;
  rate: number;
  seconds: number;
  /**
   * What each event is. `interaction` (default): interaction.logged, the bulk of a sales team's feed; its only
   * push to the subscribers is feed:event, as in the bare baseline. `dossier`: dossier.created, which the team
   * room also hears as the list row (dossier:changed), so ours writes two packets per socket per event to the
   * bare baseline's one (measured at ~1.8× the bare CPU, nearly all of it in writev).
   */
  event: 'interaction' | 'dossier';
}

export interface FeedRun {
  latency: Summary;
  cpuMsPer1000: number;
  events: number;
  expected: number;
  received: number;
  duplicates: number;
  /** CPU of the clients' process per 1,000 events (decoding the pushes), for reference. */
  clientCpuMsPer1000: number;
}

export interface FeedBenchResult {
  options: FeedBenchOptions;
  feed: FeedRun;
  bare: FeedRun;
  rooms: number;
}

const wait = (msDelay: number) => new Promise((r) => setTimeout(r, msDelay));

/** Drives `count` events at `rate`/s (open loop: each at its scheduled time), calling `send(i)`. */
async function drive(count: number, rate: number, send: (i: number) => void): Promise<void> {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const ahead = due - performance.now();
    if (ahead > 1) await wait(ahead);
    send(i);
  }
}

const HOST = fileURLToPath(new URL('./feed-clients-host.ts', import.meta.url));

/** The clients' process and a request/reply over its IPC channel (rejects when it dies or reports an error). */
function startClients(): { child: ChildProcess; ask<T>(cmd: object, reply: string, timeoutMs?: number): Promise<T> } {
  const child = fork(HOST, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = <T>(type: string, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`feed clients: no '${type}' within ${timeoutMs} ms`)), timeoutMs);
      const onMessage = (m: { type: string; message?: string }) => {
        if (m.type === 'error') done(new Error(`feed clients: ${m.message}`));
        else if (m.type === type) done(null, m as T);
      };
      const onExit = (code: number | null) => done(new Error(`feed clients exited (${code}) awaiting '${type}'`));
      const done = (err: Error | null, value?: T) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (err) reject(err);
        else resolve(value!);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = next('ready', 30_000);
  return {
    child,
    async ask<T>(cmd: object, reply: string, timeoutMs = 120_000) {
      await ready;
      const answer = next<T>(reply, timeoutMs);
      child.send(cmd);
      return answer;
    }
  };
}

async function measure(
  clients: ReturnType<typeof startClients>,
  count: number,
  perEvent: number,
  rate: number,
  send: (i: number) => void
): Promise<FeedRun> {
  await clients.ask({ cmd: 'start' }, 'started');
  const cpu0 = process.cpuUsage();
  await drive(count, rate, send);
  const expected = count * perEvent;
  const got = await clients.ask<{ samples: number[]; received: number; duplicates: number; cpuMs: number }>(
    { cmd: 'collect', expected, timeoutMs: 10_000 },
    'collected'
  );
  const cpu = process.cpuUsage(cpu0);
  return {
    latency: summarize(got.samples),
    cpuMsPer1000: ((cpu.user + cpu.system) / 1000 / count) * 1000,
    clientCpuMsPer1000: (got.cpuMs / count) * 1000,
    events: count,
    expected,
    received: got.received,
    duplicates: got.duplicates
  };
}

export async function runFeedBench(options: FeedBenchOptions, log: (line: string) => void): Promise<FeedBenchResult> {
  const { teams, perTeam, rate, seconds } = options;
  const count = rate * seconds;
  const server = await startTestServer({
    demoDossiers: 10,
    env: {
      SOCKET_USER_EVENTS_PER_SECOND: '100000',
      SOCKET_EVENTS_PER_SECOND: '1000',
      LOGIN_ATTEMPTS_PER_MINUTE: '1000'
    }
  });
  const feedClients = startClients();
  const bareClients = startClients();
  const bareHttp = createServer();
  const bare = new Server(bareHttp, { transports: ['websocket'] });
  try {
    const { store } = server.app;
    const template = (await store.users.findUserByEmail(server.demo.users[0]!.email))!;
    const teamIds = Array.from({ length: teams }, (_, i) => `bench-team-${i}`);
    const cookies: string[] = [];
    for (const [i, id] of teamIds.entries()) {
      await store.users.createTeam({ id, name: `Bench ${i}`, site: 'Bench' });
      const email = `bench-rep-${i}@staffel.bench`;
      await store.users.createUser({
        ...template,
        id: `bench-rep-${i}`,
        email,
        name: `Bench Rep ${i}`,
        role: 'rep',
        teamIds: [id],
        deputyId: null,
        deactivatedAt: null
      });
      cookies.push(await login(server.url, email, server.demo.password));
    }
    log(`  connecting ${teams * perTeam} feed subscribers (in a child process)…`);
    await feedClients.ask({ cmd: 'connect', url: server.url, teams, perTeam, cookies }, 'connected');

    // Our feed: append + poke, as a service's commit does.
    const event = (i: number): NewEvent =>
      (options.event === 'dossier'
        ? {
            id: `bench-${i}`,
            type: 'dossier.created',
            at: Date.now(),
            actorId: `bench-rep-${i % teams}`,
            onBehalfOfId: null,
            teamId: teamIds[i % teams],
            dossierId: `bench-d-${i}`,
            data: { dossier: { id: `bench-d-${i}`, teamId: teamIds[i % teams], company: `Bench Firma ${i}` } }
          }
        : {
            id: `bench-${i}`,
            type: 'interaction.logged',
            at: Date.now(),
            actorId: `bench-rep-${i % teams}`,
            onBehalfOfId: null,
            teamId: teamIds[i % teams],
            // Distinct dossiers: the feed never coalesces interactions, and no timeline is open on them.
            dossierId: `bench-d-${i}`,
            data: {
              item: {
                id: `bench-i-${i}`,
                kind: 'interaction',
                type: 'call',
                pointOfSale: 'call_centre',
                direction: 'outbound',
                summary: `Rückruf zum Angebot ${i}`
              }
            }
          }) as unknown as NewEvent;
    // Warm-up (JIT, name caches), not measured.
    for (let i = 0; i < 50; i++) await store.activity.append([event(-1 - i)]);
    server.app.relay.poke();
    await wait(1000);
    log(`  feed: ${count} events at ${rate}/s…`);
    const feedRun = await measure(feedClients, count, perTeam, rate, (i) => {
      void store.activity.append([event(i)]).then(() => server.app.relay.poke());
    });
    const { item: sample } = await feedClients.ask<{ item: object | null }>({ cmd: 'sample' }, 'sample');
    feedClients.child.send({ cmd: 'close' });

    // Bare Socket.io: the same clients' count in rooms, the same item shape and size.
    await new Promise<void>((r) => bareHttp.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(bareHttp.address() as AddressInfo).port}`;
    bare.on('connection', (socket) => void socket.join(`team:${String(socket.handshake.query.team)}`));
    await bareClients.ask({ cmd: 'connect', url, teams, perTeam }, 'connected');
    await wait(500);
    log(`  bare Socket.io: ${count} broadcasts at ${rate}/s…`);
    const bareRun = await measure(bareClients, count, perTeam, rate, (i) => {
      const item = { ...(sample ?? {}), key: `e:${i}`, seq: i, at: new Date().toISOString() };
      bare.to(`team:${i % teams}`).emit('feed:event', { item });
    });
    return { options, feed: feedRun, bare: bareRun, rooms: teams };
  } finally {
    for (const c of [feedClients, bareClients]) if (c.child.exitCode === null) c.child.kill();
    await bare.close().catch(() => {});
    await server.close();
  }
}

export function printFeedBench(r: FeedBenchResult, log: (line: string) => void): void {
  const row = (name: string, run: FeedRun) => [
    name,
    String(run.events),
    `${((run.received / run.expected) * 100).toFixed(1)}%`,
    String(run.duplicates),
    ms(run.latency.p50),
    ms(run.latency.p99),
    ms(run.latency.max),
    run.cpuMsPer1000.toFixed(0),
    run.clientCpuMsPer1000.toFixed(0)
  ];
  log(
    formatTable(
      `feed: ${r.options.teams * r.options.perTeam} subscribers, ${r.options.teams} teams, ${r.options.rate} events/s (${r.options.event === 'dossier' ? 'dossier.created' : 'interaction.logged'})`,
      ['case', 'events', 'delivered', 'dups', 'p50 ms', 'p99 ms', 'max ms', 'server cpu ms/1000 ev', 'clients cpu'],
      [row('ours (feed:subscribe)', r.feed), row('bare socket.io', r.bare)]
    )
  );
  log(
    `  ratio ours/bare: p50 ${ratio(r.feed.latency.p50 / r.bare.latency.p50)}, p99 ${ratio(r.feed.latency.p99 / r.bare.latency.p99)}, cpu ${ratio(r.feed.cpuMsPer1000 / r.bare.cpuMsPer1000)}`
  );
}
