/**
 * Benchmark 7 (issue #10): the activity feed's live delivery.
 *   1,000 Socket.io subscribers (`feed:subscribe {}`) across 10 teams (100 per team, one signed-in rep per team),
 *   an open-loop stream of team events at `rate` per second (each for one team, round robin) appended to the
 *   activity log and the relay poked, as a service's commit does. Latency = event time (set at append) → receipt
 *   of its `feed:event` on each subscriber of its team (100 samples per event); delivery is checked (each
 *   subscriber gets exactly its team's events, once).
 *   Baseline in the same run and process: a bare Socket.io server on its own port, the same 1,000 clients in
 *   10 rooms, `io.to(team).emit('feed:event', item)` of a prebuilt item of the same size at the same rate.
 *   CPU per 1,000 events = process CPU (user + system) over the window / events × 1,000. Clients run in this
 *   process too (both cases pay the same client-side decoding), so compare the ratio, not the absolute values.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as ioClient, type Socket } from 'socket.io-client';
import type { ActivityItemDTO } from '../../src/lib/contract';
import type { NewEvent } from '../../server/kernel/events';
import { login, socketClient, type TestSocket } from '../helpers/clients';
import { startTestServer } from '../helpers/start-test-server';
import { formatTable, ms, ratio, summarize, type Summary } from './bench-stats';

export interface FeedBenchOptions {
  teams: number;
  perTeam: number;
  rate: number;
  seconds: number;
}

export interface FeedRun {
  latency: Summary;
  cpuMsPer1000: number;
  events: number;
  expected: number;
  received: number;
  duplicates: number;
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

/** Collects latency samples per (subscriber, seq or marker); counts duplicates. */
function collector(clients: Array<{ socket: { on(e: string, h: (p: { item: ActivityItemDTO }) => void): void } }>) {
  const samples: number[] = [];
  let received = 0;
  let duplicates = 0;
  clients.forEach(({ socket }) => {
    const seen = new Set<string>();
    socket.on('feed:event', ({ item }) => {
      const now = Date.now();
      if (seen.has(item.key)) duplicates++;
      seen.add(item.key);
      received++;
      samples.push(now - Date.parse(item.at));
    });
  });
  return { samples, received: () => received, duplicates: () => duplicates };
}

async function measure(
  count: number,
  perEvent: number,
  rate: number,
  c: ReturnType<typeof collector>,
  send: (i: number) => void
): Promise<FeedRun> {
  const cpu0 = process.cpuUsage();
  await drive(count, rate, send);
  const expected = count * perEvent;
  const deadline = Date.now() + 10_000;
  while (c.received() < expected && Date.now() < deadline) await wait(20);
  const cpu = process.cpuUsage(cpu0);
  return {
    latency: summarize(c.samples),
    cpuMsPer1000: ((cpu.user + cpu.system) / 1000 / count) * 1000,
    events: count,
    expected,
    received: c.received(),
    duplicates: c.duplicates()
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
  const sockets: TestSocket[] = [];
  const bareClients: Socket[] = [];
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
    log(`  connecting ${teams * perTeam} feed subscribers…`);
    const feedClients: Array<{ socket: TestSocket; team: number }> = [];
    for (let t = 0; t < teams; t++) {
      const batch = await Promise.all(Array.from({ length: perTeam }, () => socketClient(server.url, cookies[t]!)));
      for (const socket of batch) {
        sockets.push(socket);
        feedClients.push({ socket, team: t });
      }
      await Promise.all(
        batch.map((s) => (s.timeout(10_000) as unknown as TestSocket).emitWithAck('feed:subscribe', {}))
      );
    }

    // Our feed: append + poke, as a service's commit does.
    const feedCollector = collector(feedClients);
    const event = (i: number): NewEvent =>
      ({
        id: `bench-${i}`,
        type: 'dossier.created',
        at: Date.now(),
        actorId: `bench-rep-${i % teams}`,
        onBehalfOfId: null,
        teamId: teamIds[i % teams],
        dossierId: `bench-d-${i}`,
        data: { dossier: { id: `bench-d-${i}`, teamId: teamIds[i % teams], company: `Bench Firma ${i}` } }
      }) as unknown as NewEvent;
    // Warm-up (JIT, name caches), not measured.
    for (let i = 0; i < 50; i++) await store.activity.append([event(-1 - i)]);
    server.app.relay.poke();
    await wait(1000);
    const feedRoomsBefore = feedCollector.received();
    feedCollector.samples.length = 0;
    const base = feedRoomsBefore;
    log(`  feed: ${count} events at ${rate}/s…`);
    const feedRun = await measure(
      count,
      perTeam,
      rate,
      {
        ...feedCollector,
        received: () => feedCollector.received() - base
      },
      (i) => {
        void store.activity.append([event(i)]).then(() => server.app.relay.poke());
      }
    );

    // Bare Socket.io: the same clients' count in rooms, the same item shape and size.
    await new Promise<void>((r) => bareHttp.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(bareHttp.address() as AddressInfo).port}`;
    bare.on('connection', (socket) => void socket.join(`team:${String(socket.handshake.query.team)}`));
    const bareList: Array<{ socket: Socket }> = [];
    for (let t = 0; t < teams; t++) {
      const batch = await Promise.all(
        Array.from(
          { length: perTeam },
          () =>
            new Promise<Socket>((resolve, reject) => {
              const s = ioClient(url, { transports: ['websocket'], query: { team: String(t) }, reconnection: false });
              s.once('connect', () => resolve(s));
              s.once('connect_error', reject);
            })
        )
      );
      for (const s of batch) {
        bareClients.push(s);
        bareList.push({ socket: s });
      }
    }
    await wait(500);
    const sample = feedClients.length ? await sampleItem(feedClients[0]!.socket) : null;
    const bareCollector = collector(bareList as never);
    log(`  bare Socket.io: ${count} broadcasts at ${rate}/s…`);
    const bareRun = await measure(count, perTeam, rate, bareCollector, (i) => {
      const item = { ...(sample ?? {}), key: `e:${i}`, seq: i, at: new Date().toISOString() };
      bare.to(`team:${i % teams}`).emit('feed:event', { item });
    });
    return { options, feed: feedRun, bare: bareRun, rooms: teams };
  } finally {
    for (const s of sockets) s.close();
    for (const s of bareClients) s.close();
    await bare.close().catch(() => {});
    await server.close();
  }
}

/** One real feed item (to size the bare broadcast's payload like ours). */
async function sampleItem(socket: TestSocket): Promise<ActivityItemDTO | null> {
  const ack = (await (socket.timeout(5000) as unknown as TestSocket).emitWithAck('feed:subscribe', {})) as unknown as {
    ok: boolean;
    data: { items: ActivityItemDTO[] };
  };
  return ack.ok ? (ack.data.items[0] ?? null) : null;
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
    run.cpuMsPer1000.toFixed(0)
  ];
  log(
    formatTable(
      `feed: ${r.options.teams * r.options.perTeam} subscribers, ${r.options.teams} teams, ${r.options.rate} events/s`,
      ['case', 'events', 'delivered', 'dups', 'p50 ms', 'p99 ms', 'max ms', 'cpu ms/1000 ev'],
      [row('ours (feed:subscribe)', r.feed), row('bare socket.io', r.bare)]
    )
  );
  log(
    `  ratio ours/bare: p50 ${ratio(r.feed.latency.p50 / r.bare.latency.p50)}, p99 ${ratio(r.feed.latency.p99 / r.bare.latency.p99)}, cpu ${ratio(r.feed.cpuMsPer1000 / r.bare.cpuMsPer1000)}`
  );
}
