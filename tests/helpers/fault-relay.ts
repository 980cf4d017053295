import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer, type RawData } from 'ws';
import type { SeededRandom } from '../../server/seed/seeded-random';

export interface Faults {
  /** Each message is held for a random 0..maxDelayMs, independently, so messages overtake each other. */
  maxDelayMs: number;
  /** Chance per message that it is dropped (and its connection killed soon after, see below). */
  dropRate: number;
  /** Chance per message that its connection is killed soon after, without a drop. */
  disconnectRate: number;
  /** Upper bound of "soon after": the kill lands 0..maxKillDelayMs later, so some traffic slips through first. */
  maxKillDelayMs: number;
}

export interface FaultRelayStats {
  connections: number;
  forwarded: number;
  dropped: number;
  kills: number;
  /** Close codes the server sent through the relay (anything but 1000/1005/1006 is worth a look). */
  serverCloseCodes: number[];
}

export interface FaultRelay {
  /** http://127.0.0.1:<port>; clients connect to <url>/yjs/<dossierId> exactly as to the server. */
  url: string;
  stats: FaultRelayStats;
  /** null stops new faults; kills already scheduled still happen, because they repair earlier drops. */
  setFaults(faults: Faults | null): void;
  /** True when no delayed message and no scheduled kill is outstanding. */
  idle(): boolean;
  close(): Promise<void>;
}

/** Close codes a peer may send (1005/1006 are reserved for "none"/"abnormal" and cannot be sent). */
const sendable = (code: number) => code === 1000 || (code >= 3000 && code <= 4999);

/**
 * A WebSocket man-in-the-middle for y-websocket traffic: one upstream socket to the real server per client
 * socket (the cookie is copied, so authentication is the server's own), binary messages forwarded both ways
 * with seeded faults. The seed fixes the sequence of fault decisions; which message each decision hits still
 * depends on OS scheduling, so a failing seed reproduces often rather than always.
 */
export async function startFaultRelay(options: {
  target: string;
  random: SeededRandom;
  faults: Faults;
}): Promise<FaultRelay> {
  const { random } = options;
  let faults: Faults | null = options.faults;
  let outstanding = 0;
  const stats: FaultRelayStats = { connections: 0, forwarded: 0, dropped: 0, kills: 0, serverCloseCodes: [] };
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const upstreams = new Set<WebSocket>();

  wss.on('connection', (client: WebSocket, req: IncomingMessage) => {
    stats.connections++;
    const upstream = new WebSocket(options.target.replace(/^http/, 'ws') + (req.url ?? '/'), {
      headers: req.headers.cookie ? { cookie: req.headers.cookie } : {},
      perMessageDeflate: false
    });
    upstreams.add(upstream);
    const early: Array<[RawData, boolean]> = [];
    let dead = false;
    let killScheduled = false;

    const kill = () => {
      if (dead) return;
      dead = true;
      client.terminate();
      upstream.terminate();
    };
    const scheduleKill = () => {
      if (killScheduled || !faults) return;
      killScheduled = true;
      stats.kills++;
      outstanding++;
      setTimeout(
        () => {
          outstanding--;
          kill();
        },
        random.int(0, faults.maxKillDelayMs)
      );
    };
    const deliver = (to: WebSocket, data: RawData, isBinary: boolean) => {
      if (dead) return;
      if (to === upstream && upstream.readyState === WebSocket.CONNECTING) return void early.push([data, isBinary]);
      if (to.readyState !== WebSocket.OPEN) return;
      stats.forwarded++;
      to.send(data, { binary: isBinary });
    };
    const forward = (to: WebSocket) => (data: RawData, isBinary: boolean) => {
      if (dead) return;
      const f = faults;
      if (!f) return deliver(to, data, isBinary);
      // y-websocket assumes an ordered, lossless stream: a lost update would stay lost (nothing resends it)
      // and the peers would silently diverge. A real network loses data only together with the connection,
      // so every drop is followed by a kill of that connection; the sync handshake on reconnect repairs it.
      if (random.chance(f.dropRate)) {
        stats.dropped++;
        return scheduleKill();
      }
      if (random.chance(f.disconnectRate)) scheduleKill();
      outstanding++;
      setTimeout(
        () => {
          outstanding--;
          deliver(to, data, isBinary);
        },
        random.int(0, f.maxDelayMs)
      );
    };

    client.on('message', forward(upstream));
    upstream.on('message', forward(client));
    upstream.on('open', () => {
      for (const [data, isBinary] of early.splice(0)) deliver(upstream, data, isBinary);
    });
    upstream.on('close', (code, reason) => {
      upstreams.delete(upstream);
      if (![1000, 1005, 1006].includes(code)) stats.serverCloseCodes.push(code);
      if (dead) return;
      dead = true;
      // Pass the server's verdict (4401, 4429, …) on so the provider reacts as it would without the relay.
      if (sendable(code)) client.close(code, reason.toString());
      else client.terminate();
    });
    client.on('close', () => {
      if (dead) return;
      dead = true;
      upstream.terminate();
    });
    upstream.on('error', () => kill());
    client.on('error', () => kill());
  });

  return {
    url: `http://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    stats,
    setFaults: (next) => void (faults = next),
    idle: () => outstanding === 0,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      for (const ws of upstreams) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
  };
}
