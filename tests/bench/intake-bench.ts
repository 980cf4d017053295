/**
 * Benchmark 5 (issue #8): web-lead intake under a steady stream, measured end to end — POST /api/intake/leads
 * (Bearer key, keep-alive HTTP) until the callback's `task:changed` arrives on the assignee's Socket.io client.
 *
 * The app runs in THIS process (as benchmark 4): the load is small (100 leads/s, a handful of sockets), the
 * generator's own cost is a few % of a core, and the latency then includes the event loop the server shares
 * with the clients — the same delay a busy server puts on its pushes. "gen lag p99" in the table shows how
 * late the generator sent against its schedule; if it grows, the generator (or the server) fell behind.
 *
 * Open loop: lead i is due at start + i / rate; each tick sends every lead that is due without waiting for
 * earlier answers, up to `maxInFlight` (then leads wait and their latency still counts from their due time, so
 * a slow server is not hidden by a slower send rate — no coordinated omission). Latencies are from the due
 * time: HTTP = last response byte, push = the `task:changed` for the response's taskId on the assignee socket.
 *
 * Mix: ~10 % duplicates (the e-mail of an earlier, already answered lead, in other case and with a new
 * message — a person who sends the form again); the rest are new people, with umlauts, with or without
 * company and phone, messages from empty to 1,500 characters. GET /healthz runs every 100 ms on its own
 * keep-alive socket during the same window as the baseline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import type { CreatedIntakeKeyDTO, IntakeLeadResultDTO, TaskDTO } from '../../src/lib/contract';
import { createApp } from '../../server/app';
import { socketClient, type TestSocket } from '../helpers/clients';
import { benchConfig } from './bench-config';
import { formatTable, ms, summarize, type Summary } from './bench-stats';
import { createHttpTimer, loginCookie } from './http-timer';

export interface IntakeBenchOptions {
  /** Leads per second (BENCH_INTAKE_RATE, default 100). */
  rate: number;
  /** Length of the stream in seconds (BENCH_INTAKE_SECONDS, default 30). */
  seconds: number;
  duplicateShare: number;
  /** Requests outstanding at most; above it leads queue in the generator (latency still counts). */
  maxInFlight: number;
  /** How long to wait for the last pushes after the last response. */
  drainMs: number;
  targetP99Ms: number;
}

export interface IntakeCorrectness {
  leads: number;
  unique: number;
  duplicates: number;
  /** Leads answered with anything but 201 (new) / 200 (duplicate), or a transport error. */
  badStatus: string[];
  /** Duplicates not answered `duplicate: true` with the earlier lead's dossierId. */
  badDuplicates: string[];
  /** New leads answered `duplicate: true` (they were new people). */
  falseDuplicates: number;
  dossiersCreated: number;
  distinctNewDossierIds: number;
  pushesMissing: number;
  pushesDuplicated: number;
  pushesToWrongUser: number;
  ok: boolean;
}

export interface IntakeBenchResult {
  team: string;
  reps: number;
  rate: number;
  seconds: number;
  http: Summary;
  push: Summary;
  pushNew: Summary;
  pushDuplicate: Summary;
  healthz: Summary;
  generatorLag: Summary;
  /** Event-loop delay of this process (server and clients share it) during the stream, ms; sampled every 5 ms,
   *  and the histogram includes that interval, so an idle loop reads ≈ 5. */
  loopDelay: { p50: number; p99: number; max: number };
  /** CPU of this process during the stream, % of one core. */
  cpuPct: number;
  /** Worst push latency per second of the stream: shows whether the tail is warm-up, steady, or bursts. */
  worstPerSecond: number[];
  maxInFlight: number;
  achievedRate: number;
  correctness: IntakeCorrectness;
  targetP99Ms: number;
  meetsTarget: boolean;
}

interface Lead {
  index: number;
  body: Record<string, string>;
  /** Index of the earlier lead this one repeats (duplicates only). */
  duplicateOf: number | null;
  dueAt: number;
  sentAt?: number;
  answeredAt?: number;
  status?: number;
  result?: IntakeLeadResultDTO;
  error?: string;
}

const FIRST = ['Jörg', 'Anna', 'Björn', 'Lena', 'Özlem', 'Max', 'Sören', 'Jana', 'Grün', 'Käthe', 'Paul', 'Mia'];
const LAST = ['Müller', 'Schmidt', 'Weiß', 'Bäcker', 'Krüger', 'Hoffmann', 'Öztürk', 'Lange', 'Groß', 'Fuchs'];
const TRADES = ['Bäckerei', 'Autohaus', 'Praxis', 'Gärtnerei', 'Schreinerei', 'Café', 'Hotel', 'Kanzlei'];
const SOURCES = ['website', 'landing-page', 'newsletter', 'trade-fair', 'partner'];
const FILLER = 'Wir interessieren uns für Ihr Angebot und bitten um Rückruf zu Preisen und Lieferzeiten. ';

/** Deterministic pseudo-random numbers (mulberry32) so two runs post the same mix. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mailbox names as people type them: ö → oe, ß → ss (zod's email rule rejects non-ASCII local parts). */
const ascii = (text: string) =>
  text.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');

/** A new person: unique e-mail and (when a company is given) a unique company, so no key meets another lead. */
function newLead(i: number, rnd: () => number): Record<string, string> {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const first = pick(FIRST);
  const last = pick(LAST);
  const body: Record<string, string> = {
    name: `${first} ${last}`,
    email: `${ascii(first)}.${ascii(last)}.${i}@kunde-${i % 37}.example`
  };
  if (rnd() < 0.7) body.company = `${pick(TRADES)} ${last} Nr. ${i}`;
  if (rnd() < 0.6) body.phone = `+49 40 ${String(100000 + i).padStart(7, '0')}`;
  if (rnd() < 0.8) body.interest = pick(['Öfen', 'Kassensystem', 'Wartungsvertrag', 'Leasing', 'Beratung']);
  body.source = pick(SOURCES);
  if (rnd() < 0.5) body.campaign = `spring-2026-${pick(['a', 'b', 'c'])}`;
  const len = Math.floor(rnd() * rnd() * 1500);
  if (len > 0) body.message = FILLER.repeat(Math.ceil(len / FILLER.length)).slice(0, len);
  return body;
}

function postLead(agent: Agent, url: URL, key: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: '/api/intake/leads',
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body)
        }
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      }
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function runIntakeBench(
  options: IntakeBenchOptions,
  log: (line: string) => void
): Promise<IntakeBenchResult> {
  const total = Math.round(options.rate * options.seconds);
  const dataDir = mkdtempSync(join(tmpdir(), 'staffel-bench-intake-'));
  // The per-key budget (default 60/min) would answer 429 after the first minute's 60 leads: raise it past the
  // whole stream. Login throttling is off in benchConfig (every rep logs in once).
  const app = await createApp({
    config: benchConfig(dataDir, { INTAKE_LEADS_PER_MINUTE: String(Math.max(60, 2 * total)) }),
    logger: pino({ level: 'silent' }),
    demoDossiers: 200,
    demoHistory: false
  }).catch((err) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  const sockets: TestSocket[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxInFlight });
  try {
    const { url } = await app.listen();
    const company = app.seed.company;
    if (!company) throw new Error('demo seed did not run (SEED_DEMO on an empty DATA_DIR should seed)');
    // The team with the most reps, and its manager.
    const repsOf = (teamId: string) => company.users.filter((u) => u.role === 'rep' && u.teamIds.includes(teamId));
    const team = [...company.teams].sort((a, b) => repsOf(b.id).length - repsOf(a.id).length)[0];
    const reps = repsOf(team.id);
    const manager = company.users.find((u) => u.role === 'manager' && u.teamIds.includes(team.id));
    if (!manager || reps.length === 0) throw new Error(`team ${team.id} needs a manager and reps`);

    const managerCookie = await loginCookie(url, manager.email, app.seed.password);
    const keyRes = await fetch(`${url}/api/teams/${team.id}/intake-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: managerCookie },
      body: JSON.stringify({ label: 'Benchmark form' })
    });
    if (keyRes.status !== 201) throw new Error(`creating the intake key: ${keyRes.status} ${await keyRes.text()}`);
    const { key } = (await keyRes.json()) as CreatedIntakeKeyDTO;

    // taskId → arrivals (time, socket's user, task's assignee). Pushes may beat the HTTP response.
    const pushes = new Map<string, { at: number; userId: string; assigneeId: string }[]>();
    let pushWaiter: (() => void) | null = null;
    for (const rep of reps) {
      const socket = await socketClient(url, await loginCookie(url, rep.email, app.seed.password));
      sockets.push(socket);
      socket.on('task:changed', (p: { task: TaskDTO }) => {
        const at = performance.now();
        const list = pushes.get(p.task.id) ?? [];
        list.push({ at, userId: rep.id, assigneeId: p.task.assigneeId });
        pushes.set(p.task.id, list);
        pushWaiter?.();
      });
    }
    const dossiersBefore = await app.store.dossiers.count();
    log(
      `  team ${team.name} (${team.id}): ${reps.length} reps connected, key by ${manager.email}; ` +
        `${total} leads at ${options.rate}/s over ${options.seconds} s, ≤ ${options.maxInFlight} in flight`
    );

    // ---- the stream ----
    const rnd = random(8008);
    const leads: Lead[] = [];
    const answered: number[] = []; // indexes of new leads already answered 201: duplicates repeat one of them
    const base = new URL(url);
    let inFlight = 0;
    let maxInFlightSeen = 0;
    const queue: Lead[] = [];
    let done = 0;
    let allDone: () => void = () => {};
    const finished = new Promise<void>((resolve) => (allDone = resolve));

    const pump = () => {
      while (inFlight < options.maxInFlight && queue.length > 0) {
        const lead = queue.shift()!;
        inFlight++;
        maxInFlightSeen = Math.max(maxInFlightSeen, inFlight);
        lead.sentAt = performance.now();
        postLead(agent, base, key, JSON.stringify(lead.body))
          .then(({ status, text }) => {
            lead.answeredAt = performance.now();
            lead.status = status;
            if (status === 200 || status === 201) lead.result = JSON.parse(text) as IntakeLeadResultDTO;
            else lead.error = text.slice(0, 300);
            if (status === 201 && lead.duplicateOf === null) answered.push(lead.index);
          })
          .catch((err: Error) => {
            lead.answeredAt = performance.now();
            lead.error = err.message;
          })
          .finally(() => {
            inFlight--;
            if (++done === total) allDone();
            pump();
          });
      }
    };

    const healthzSamples: number[] = [];
    const healthz = createHttpTimer(url);
    let streaming = true;
    const healthzLoop = (async () => {
      while (streaming) {
        const started = performance.now();
        const res = await healthz.get('/healthz');
        if (res.status !== 200) throw new Error(`GET /healthz -> ${res.status}`);
        healthzSamples.push(res.ms);
        // Pacing of the baseline probe (10/s), not synchronisation.
        await new Promise((r) => setTimeout(r, Math.max(0, 100 - (performance.now() - started))));
      }
    })();

    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const cpuBefore = process.cpuUsage();
    const start = performance.now() + 20;
    let next = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        while (next < total && start + (next * 1000) / options.rate <= now) {
          const dueAt = start + (next * 1000) / options.rate;
          const dup = answered.length > 0 && rnd() < options.duplicateShare;
          let body: Record<string, string>;
          let duplicateOf: number | null = null;
          if (dup) {
            duplicateOf = answered[Math.floor(rnd() * answered.length)];
            const earlier = leads[duplicateOf].body;
            // Same person, same address in other case (the contract lower-cases it), a new message.
            body = {
              name: earlier.name,
              email: earlier.email.toUpperCase(),
              source: earlier.source,
              message: 'Ich hatte schon geschrieben — bitte dringend zurückrufen.'
            };
          } else {
            body = newLead(next, rnd);
          }
          const lead: Lead = { index: next, body, duplicateOf, dueAt };
          leads.push(lead);
          queue.push(lead);
          next++;
        }
        pump();
        if (next < total) setTimeout(tick, Math.max(0, start + (next * 1000) / options.rate - performance.now()));
        else resolve();
      };
      setTimeout(tick, 20);
    });
    await finished;
    streaming = false;
    await healthzLoop;
    healthz.close();
    const streamEnd = performance.now();
    loop.disable();
    const cpu = process.cpuUsage(cpuBefore);

    // Wait for the last pushes (each push wakes the check; the deadline ends a lost one).
    const expected = leads.filter((l) => l.result?.taskId).map((l) => l.result!.taskId);
    await new Promise<void>((resolve) => {
      const deadline = setTimeout(resolve, options.drainMs);
      const check = () => {
        if (!expected.every((id) => pushes.has(id))) return;
        clearTimeout(deadline);
        resolve();
      };
      pushWaiter = check;
      check();
    });
    pushWaiter = null;

    // ---- correctness ----
    const c: IntakeCorrectness = {
      leads: total,
      unique: leads.filter((l) => l.duplicateOf === null).length,
      duplicates: leads.filter((l) => l.duplicateOf !== null).length,
      badStatus: [],
      badDuplicates: [],
      falseDuplicates: 0,
      dossiersCreated: (await app.store.dossiers.count()) - dossiersBefore,
      distinctNewDossierIds: 0,
      pushesMissing: 0,
      pushesDuplicated: 0,
      pushesToWrongUser: 0,
      ok: false
    };
    const newIds = new Set<string>();
    const httpMs: number[] = [];
    const pushMs: number[] = [];
    const pushNewMs: number[] = [];
    const pushDupMs: number[] = [];
    const lag: number[] = [];
    const worstPerSecond = new Array<number>(Math.ceil(options.seconds)).fill(0);
    for (const l of leads) {
      lag.push(l.sentAt! - l.dueAt);
      const wanted = l.duplicateOf === null ? 201 : 200;
      if (l.status !== wanted || !l.result) {
        c.badStatus.push(`lead ${l.index}: ${l.status ?? 'no answer'} (wanted ${wanted}) ${l.error ?? ''}`.trim());
        continue;
      }
      httpMs.push(l.answeredAt! - l.dueAt);
      if (l.duplicateOf === null) {
        if (l.result.duplicate) c.falseDuplicates++;
        newIds.add(l.result.dossierId);
      } else {
        const earlier = leads[l.duplicateOf].result;
        if (!l.result.duplicate || l.result.dossierId !== earlier?.dossierId) {
          c.badDuplicates.push(
            `lead ${l.index}: duplicate=${l.result.duplicate} dossier ${l.result.dossierId}, earlier ${earlier?.dossierId}`
          );
        }
      }
      const got = pushes.get(l.result.taskId) ?? [];
      const mine = got.filter((p) => p.userId === p.assigneeId);
      if (mine.length === 0) c.pushesMissing++;
      if (mine.length > 1) c.pushesDuplicated++;
      c.pushesToWrongUser += got.length - mine.length;
      if (mine.length > 0) {
        const latency = mine[0].at - l.dueAt;
        pushMs.push(latency);
        const second = Math.min(worstPerSecond.length - 1, Math.floor((l.dueAt - start) / 1000));
        worstPerSecond[second] = Math.max(worstPerSecond[second], latency);
        (l.duplicateOf === null ? pushNewMs : pushDupMs).push(latency);
      }
    }
    c.distinctNewDossierIds = newIds.size;
    c.ok =
      c.badStatus.length === 0 &&
      c.badDuplicates.length === 0 &&
      c.falseDuplicates === 0 &&
      c.dossiersCreated === c.unique &&
      c.distinctNewDossierIds === c.unique &&
      c.pushesMissing === 0 &&
      c.pushesDuplicated === 0 &&
      c.pushesToWrongUser === 0;

    const push = summarize(pushMs);
    return {
      team: `${team.name} (${team.id})`,
      reps: reps.length,
      rate: options.rate,
      seconds: options.seconds,
      http: summarize(httpMs),
      push,
      pushNew: summarize(pushNewMs),
      pushDuplicate: summarize(pushDupMs),
      healthz: summarize(healthzSamples),
      generatorLag: summarize(lag),
      loopDelay: {
        p50: loop.percentile(50) / 1e6,
        p99: loop.percentile(99) / 1e6,
        max: loop.max / 1e6
      },
      cpuPct: ((cpu.user + cpu.system) / 1000 / (streamEnd - start)) * 100,
      worstPerSecond,
      maxInFlight: maxInFlightSeen,
      achievedRate: total / ((streamEnd - start) / 1000),
      correctness: c,
      targetP99Ms: options.targetP99Ms,
      meetsTarget: c.ok && push.n === total && push.p99 < options.targetP99Ms
    };
  } finally {
    for (const s of sockets) s.close();
    agent.destroy();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Correctness failures as one line each (empty when everything held). */
export function intakeFlags(r: IntakeBenchResult): string[] {
  const c = r.correctness;
  const out: string[] = [];
  if (c.badStatus.length) out.push(`intake: ${c.badStatus.length} leads not answered 201/200, e.g. ${c.badStatus[0]}`);
  if (c.badDuplicates.length)
    out.push(`intake: ${c.badDuplicates.length} duplicates answered wrongly, e.g. ${c.badDuplicates[0]}`);
  if (c.falseDuplicates) out.push(`intake: ${c.falseDuplicates} new leads answered as duplicates`);
  if (c.dossiersCreated !== c.unique)
    out.push(`intake: ${c.dossiersCreated} dossiers created for ${c.unique} new leads`);
  if (c.distinctNewDossierIds !== c.unique)
    out.push(`intake: ${c.distinctNewDossierIds} distinct dossier ids for ${c.unique} new leads`);
  if (c.pushesMissing) out.push(`intake: ${c.pushesMissing} callback pushes never arrived on the assignee's socket`);
  if (c.pushesDuplicated) out.push(`intake: ${c.pushesDuplicated} callbacks pushed more than once to the assignee`);
  if (c.pushesToWrongUser) out.push(`intake: ${c.pushesToWrongUser} callback pushes reached a rep who is not assignee`);
  if (!r.meetsTarget && c.ok) out.push(`intake: push p99 ${ms(r.push.p99)} ms ≥ ${r.targetP99Ms} ms`);
  return out;
}

export function printIntakeBench(r: IntakeBenchResult, log: (line: string) => void): void {
  const row = (label: string, x: Summary, target = '') => [
    label,
    String(x.n),
    ms(x.p50),
    ms(x.p95),
    ms(x.p99),
    ms(x.max),
    target
  ];
  log(
    formatTable(
      `Benchmark 5 — lead intake (issue #8): ${r.rate} leads/s for ${r.seconds} s, open loop, keep-alive HTTP; ` +
        `${r.reps} reps of ${r.team} on Socket.io; latencies from each lead's scheduled send time`,
      ['measure', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', `p99<${r.targetP99Ms}ms`],
      [
        row('baseline GET /healthz (10/s, same window)', r.healthz),
        row('POST /api/intake/leads → response', r.http),
        row('POST → task:changed on assignee (all)', r.push, r.meetsTarget ? 'MET' : 'NOT MET'),
        row('  … new leads (201)', r.pushNew),
        row('  … duplicates (200)', r.pushDuplicate),
        row('generator lag (sent − scheduled)', r.generatorLag)
      ]
    )
  );
  const c = r.correctness;
  const mark = (ok: boolean) => (ok ? 'ok' : 'FAILED');
  log(
    `  achieved ${r.achievedRate.toFixed(1)} leads/s, max ${r.maxInFlight} in flight; process CPU ${r.cpuPct.toFixed(0)}% of a core, ` +
      `event-loop delay (5 ms sampling, included) p50 ${ms(r.loopDelay.p50)} / p99 ${ms(r.loopDelay.p99)} / max ${ms(r.loopDelay.max)} ms`
  );
  log(`  worst push latency per second (ms): ${r.worstPerSecond.map((v) => v.toFixed(0)).join(' ')}`);
  log(`  correctness ${c.ok ? 'OK' : 'FAILED'}:`);
  log(
    `    answers 201/200: ${c.leads - c.badStatus.length}/${c.leads} ${mark(c.badStatus.length === 0)}; ` +
      `duplicates answered duplicate:true with the earlier dossierId: ${c.duplicates - c.badDuplicates.length}/${c.duplicates} ` +
      `${mark(c.badDuplicates.length === 0)}; new leads flagged duplicate: ${c.falseDuplicates} ${mark(c.falseDuplicates === 0)}`
  );
  log(
    `    dossiers created ${c.dossiersCreated} = unique leads ${c.unique} (distinct ids ${c.distinctNewDossierIds}) ` +
      `${mark(c.dossiersCreated === c.unique && c.distinctNewDossierIds === c.unique)}; callback pushes exactly once on ` +
      `the assignee: missing ${c.pushesMissing}, doubled ${c.pushesDuplicated}, to others ${c.pushesToWrongUser} ` +
      `${mark(c.pushesMissing + c.pushesDuplicated + c.pushesToWrongUser === 0)}`
  );
}
