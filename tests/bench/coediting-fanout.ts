/**
 * Benchmark 3a: N editors on one dossier (N = 2, 10, 50), cursor (awareness) updates on.
 *
 * Per server and repetition, one host process serves all N (each N on its own fresh document, so the
 * server start is paid once). For each N the total edit rate steps up from 1,000/s by ×1.5: the first step
 * (1,000/s, longer window) gives "p99 at 1,000 updates/s"; the ramp stops at the first step whose p99 > 50 ms,
 * delivery < 100 %, or whose send rate the generator could not hold (then the result is generator-bound
 * and flagged). "Sustained" = the last step that passed.
 *
 * Load shape: one 1 ms scheduler for all clients (round-robin), so N × (R/N)/s is an even R/s, not bursts;
 * edits are pre-generated before each step (C3Client.prepare) so the window only sends and scans.
 * Awareness: one cursor update after every AWARENESS_EVERY-th edit of a client (an editor's caret moves
 * with typing; y-prosemirror sends those unthrottled, a quarter keeps the generator light). Awareness
 * messages are not counted as "updates" and not timed.
 */
import * as Y from 'yjs';
import type { FieldKey } from '../../src/lib/contract';
import { writeDossierContent } from '../../server/collab/dossier-doc';
import { generateDemoCompany } from '../../server/seed/demo-company';
import { summarize } from './bench-stats';
import { C3Client, type Protocol } from './coediting-client';
import { sleep, startC3Host, type C3Host } from './coediting-host-control';
import type { C3Kind } from './coediting-servers';
import { loginCookie } from './http-timer';

export const AWARENESS_EVERY = 4;
export const P99_LIMIT_MS = 50;

export interface FanoutOptions {
  editors: number[];
  startRate: number;
  maxRate: number;
  firstStepS: number;
  stepS: number;
  warmupS: number;
  field: FieldKey;
}

export interface FanoutStep {
  rate: number;
  achieved: number;
  p50: number;
  p99: number;
  delivered: number;
  expected: number;
  passed: boolean;
}

export interface FanoutResult {
  target: string;
  rep: number;
  editors: number;
  at1000: FanoutStep;
  sustained: number;
  /** Why the ramp stopped: p99, delivery, generator (could not send fast enough) or max rate reached. */
  stoppedBy: string;
  serverCpuPct: number;
  genCpuPct: number;
  steps: FanoutStep[];
}

export const protocolOf = (kind: C3Kind): Protocol => (kind === 'hocuspocus' ? 'hp' : kind === 'relay' ? 'raw' : 'y');

/** Targets that start with an empty document get the demo dossier's content from every client's seed. */
function demoSeed(): Uint8Array {
  const demo = generateDemoCompany({ now: Date.now(), dossierCount: 1 }).dossiers[0];
  const doc = new Y.Doc();
  writeDossierContent(doc, { fields: demo.fields, contacts: demo.contacts });
  return Y.encodeStateAsUpdate(doc);
}

/** Logs every account in once and reuses the cookies (a session may hold many sockets). */
export async function cookieJar(host: C3Host): Promise<(email: string) => Promise<string>> {
  const base = `http://127.0.0.1:${host.ready.port}`;
  const jar = new Map<string, Promise<string>>();
  return (email) => {
    let c = jar.get(email);
    if (!c) jar.set(email, (c = loginCookie(base, email, host.ready.password)));
    return c;
  };
}

export async function runFanoutRep(
  kind: C3Kind,
  target: string,
  rep: number,
  o: FanoutOptions,
  appEnv: Record<string, string>
): Promise<FanoutResult[]> {
  const host = await startC3Host({ kind, appEnv });
  const results: FanoutResult[] = [];
  try {
    const cookie = await cookieJar(host);
    const seed = kind === 'ours' ? undefined : demoSeed();
    for (let k = 0; k < o.editors.length; k++) {
      const n = o.editors[k];
      const doc = host.ready.fanoutDocs[k];
      const clients: C3Client[] = [];
      const samples: number[] = [];
      const seen = new Map<number, Uint8Array>();
      let win = { start: new Array<number>(n).fill(Infinity), end: new Array<number>(n).fill(Infinity) };
      let delivered = 0;
      const onMarker = (receiver: number, sender: number, seq: number, at: number) => {
        if (receiver === sender || seq < win.start[sender] || seq > win.end[sender]) return;
        const key = sender * 1e7 + seq;
        let flags = seen.get(key);
        if (!flags) seen.set(key, (flags = new Uint8Array(n)));
        if (flags[receiver]) return;
        flags[receiver] = 1;
        delivered++;
        samples.push(at - clients[sender].sentAt[seq]);
      };
      try {
        for (let i = 0; i < n; i++) {
          const headers = kind === 'ours' ? { cookie: await cookie(doc.logins[i % doc.logins.length]) } : undefined;
          const c = new C3Client({
            url: `ws://127.0.0.1:${host.ready.port}${host.ready.pathPrefix}${doc.id}`,
            protocol: protocolOf(kind),
            docName: doc.id,
            index: i,
            headers,
            field: o.field,
            seed,
            onMarker,
            awarenessEvery: AWARENESS_EVERY
          });
          clients.push(c);
          await c.connect(); // sequential: the first one seeds an empty server before the others join
        }
        await sleep(300);
        const steps: FanoutStep[] = [];
        let stoppedBy = 'max rate';
        let cpu = { server: NaN, gen: NaN };
        for (let rate = o.startRate, first = true; rate <= o.maxRate; rate = Math.round(rate * 1.5), first = false) {
          const measureS = first ? o.firstStepS : o.stepS;
          const perClient = Math.ceil((rate / n) * (o.warmupS + measureS) * 1.02) + 4;
          for (const c of clients) c.prepare(perClient);
          samples.length = 0;
          delivered = 0;
          seen.clear();
          win = { start: new Array<number>(n).fill(Infinity), end: new Array<number>(n).fill(Infinity) };
          const total = perClient * n;
          let issued = 0;
          const t0 = performance.now();
          const warmEnd = t0 + o.warmupS * 1000;
          const end = warmEnd + measureS * 1000;
          let inWindow = false;
          let genCpu = process.cpuUsage();
          let windowIssued = 0;
          // The scheduler: every ~1 ms, send what is due by now, round-robin over the clients.
          while (true) {
            const now = performance.now();
            if (!inWindow && now >= warmEnd) {
              inWindow = true;
              clients.forEach((c, i) => (win.start[i] = c.sent + 1));
              windowIssued = issued;
              if (first) await host.cpuStart();
              genCpu = process.cpuUsage();
            }
            if (now >= end) break;
            const due = Math.min(total, Math.floor(((now - t0) * rate) / 1000));
            while (issued < due) clients[issued++ % n].sendNext();
            await sleep(1);
          }
          clients.forEach((c, i) => (win.end[i] = c.sent));
          const g = process.cpuUsage(genCpu);
          if (first) {
            const s = await host.cpuStop();
            cpu = { server: (s.cpuMs / s.wallMs) * 100, gen: ((g.user + g.system) / 1000 / (measureS * 1000)) * 100 };
          }
          const sentInWindow = clients.reduce((sum, _c, i) => sum + (win.end[i] - win.start[i] + 1), 0);
          const expected = sentInWindow * (n - 1);
          const drainUntil = performance.now() + 1500;
          while (delivered < expected && performance.now() < drainUntil) await sleep(10);
          const achieved = (issued - windowIssued) / measureS;
          const s = summarize(samples);
          const step: FanoutStep = { rate, achieved, p50: s.p50, p99: s.p99, delivered, expected, passed: false };
          step.passed = s.p99 <= P99_LIMIT_MS && delivered >= expected && achieved >= 0.9 * rate;
          steps.push(step);
          for (const c of clients) while (c.pending > 0) c.sendNext(); // unsent leftovers: flush outside any window
          await sleep(300);
          if (!step.passed) {
            stoppedBy = achieved < 0.9 * rate ? 'generator' : delivered < expected ? 'delivery' : 'p99';
            break;
          }
        }
        const passed = steps.filter((s) => s.passed);
        results.push({
          target,
          rep,
          editors: n,
          at1000: steps[0],
          sustained: passed.length ? passed[passed.length - 1].rate : 0,
          stoppedBy,
          serverCpuPct: cpu.server,
          genCpuPct: cpu.gen,
          steps
        });
      } finally {
        await Promise.all(clients.map((c) => c.close()));
      }
    }
  } finally {
    await host.stop();
  }
  return results;
}
