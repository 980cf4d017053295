/**
 * Child process of the feed benchmark (feed-bench.ts): holds the 1,000 Socket.io subscribers, so the parent's
 * CPU is the server's alone (with the clients in the server's process, decoding 200,000 pushes per second was
 * half of what the benchmark measured). Commands over IPC:
 *   { cmd: 'connect', url, teams, perTeam, cookies? } → connects perTeam clients per team: with `cookies` (one
 *     per team) they are our app's clients and send `feed:subscribe {}`; without, bare Socket.io clients that
 *     name their team in the query (the bare server joins them to its room). Replies { type: 'connected' }.
 *   { cmd: 'sample' } → { type: 'sample', item } one real feed item (feed:subscribe's backlog) to size the bare
 *     broadcast's payload like ours.
 *   { cmd: 'start' } → forgets what was received; { type: 'started' }.
 *   { cmd: 'collect', expected, timeoutMs } → waits until `expected` pushes arrived (or the timeout), replies
 *     { type: 'collected', samples, received, duplicates, cpuMs } (latency = receipt − item.at, ms).
 *   { cmd: 'close' } → closes every client and exits.
 */
import { io, type Socket } from 'socket.io-client';

interface FeedItem {
  key: string;
  at: string;
}

const send = (message: unknown) => process.send!(message);
let clients: Socket[] = [];
let samples: number[] = [];
let received = 0;
let duplicates = 0;
let cpu0 = process.cpuUsage();
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function connectOne(url: string, options: { cookie?: string; team: number }): Promise<Socket> {
  const socket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    extraHeaders: options.cookie ? { cookie: options.cookie } : {},
    query: { team: String(options.team) },
    reconnection: false,
    forceNew: true
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

function listen(socket: Socket): void {
  const seen = new Set<string>();
  socket.on('feed:event', ({ item }: { item: FeedItem }) => {
    const now = Date.now();
    if (seen.has(item.key)) duplicates++;
    seen.add(item.key);
    received++;
    samples.push(now - Date.parse(item.at));
  });
}

process.on(
  'message',
  async (m: {
    cmd: string;
    url?: string;
    teams?: number;
    perTeam?: number;
    cookies?: string[];
    expected?: number;
    timeoutMs?: number;
  }) => {
    try {
      if (m.cmd === 'connect') {
        for (let t = 0; t < m.teams!; t++) {
          const cookie = m.cookies?.[t];
          const batch = await Promise.all(
            Array.from({ length: m.perTeam! }, () => connectOne(m.url!, { cookie, team: t }))
          );
          if (cookie) {
            await Promise.all(batch.map((s) => s.timeout(10_000).emitWithAck('feed:subscribe', {})));
          }
          batch.forEach(listen);
          clients.push(...batch);
        }
        send({ type: 'connected' });
      } else if (m.cmd === 'sample') {
        const ack = (await clients[0]!.timeout(5_000).emitWithAck('feed:subscribe', {})) as {
          ok: boolean;
          data?: { items: unknown[] };
        };
        send({ type: 'sample', item: ack.ok ? (ack.data?.items[0] ?? null) : null });
      } else if (m.cmd === 'start') {
        samples = [];
        received = 0;
        duplicates = 0;
        cpu0 = process.cpuUsage();
        send({ type: 'started' });
      } else if (m.cmd === 'collect') {
        const deadline = Date.now() + m.timeoutMs!;
        while (received < m.expected! && Date.now() < deadline) await wait(20);
        const cpu = process.cpuUsage(cpu0);
        send({ type: 'collected', samples, received, duplicates, cpuMs: (cpu.user + cpu.system) / 1000 });
      } else if (m.cmd === 'close') {
        for (const s of clients) s.close();
        clients = [];
        process.exit(0);
      }
    } catch (err) {
      send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }
);
send({ type: 'ready' });
