/**
 * The quarter runner of the continuity simulation (issue #9), shared by the test
 * (tests/sim/continuity-quarter.sim.test.ts) and the benchmark (tests/bench/continuity-bench.ts). No vitest in
 * here: a broken invariant throws a SimFailure naming the seed, the minute and the dossier.
 *
 * STEPPING. The fake clock moves one minute at a time from the quarter's first Monday 00:00 (Berlin) to its
 * end (13 weeks ≈ 131,000 minutes); each advance fires whatever the app's scheduler has due (absence start/end,
 * hand-off return and escalation, and every other registered job) with the clock at the job's slot. Then the
 * scenario's actions due at that minute run through the world (the real HTTP API).
 *
 * WHICH MINUTES GET THE FULL CHECK, honestly: the full invariant check (every one of the 20,000 dossiers has an
 * acting owner who is active and not away, or it is a coverage gap that `gapsIn` for its team — what the
 * managers' desk shows — lists) costs ~0.1–0.3 s, so it cannot run 131,000 times in CI. Coverage is a function
 * of the stored state and the instant, and the instant matters only at absence and hand-off edges. So the full
 * check runs at every minute where (a) an action ran, (b) the activity log grew (every service and job writes
 * its events in the same transaction as its change — the outbox — so "a job fired and did something" shows up
 * here), or (c) an absence or hand-off edge the API told us about fell in the minute (so a job that failed to
 * fire at an edge is still caught). Every other minute gets the cheap check: the activity log's last seq is
 * unchanged and no edge passed — i.e. the precondition for "coverage is what it was" is verified, not assumed.
 */
import type { Coverage } from '../../server/kernel/coverage';
import type { Dossier } from '../../server/kernel/types';
import { createFakeTime, type FakeTime } from '../helpers/fake-time';
import { generateScenario, type SimAction, type SimScenario } from './continuity-scenario';
import { SimLedger } from './continuity-ledger';

const MINUTE = 60_000;

export class SimFailure extends Error {
  constructor(seed: number, at: number, message: string) {
    super(`[continuity sim, SIM_SEED=${seed}] at ${new Date(at).toISOString()}: ${message}`);
  }
}

/** What the runner needs from the system under test. */
export interface SimWorld {
  readonly ledger: SimLedger;
  /** Runs one scenario action; 'skipped' when the scenario no longer applies (e.g. a departed actor). */
  apply(action: SimAction): Promise<'ok' | 'skipped' | { rejected: string }>;
  /** Every dossier as the store holds it now. */
  dossiers(): Promise<Dossier[]>;
  coverageOf(dossiers: readonly Dossier[], at: number): Promise<Map<string, Coverage>>;
  gapsIn(teamIds: readonly string[], at: number): Promise<Set<string>>;
  /** Where the managers see gaps (GET /api/desk → gaps), when the world has a desk; null otherwise. */
  deskGaps(managerId: string): Promise<Set<string> | null>;
  /** The activity log's last seq (the cheap check). */
  lastSeq(): Promise<number>;
  /** Everything that still names `userId` after their offboarding (empty = nothing orphaned). */
  referencesTo(userId: string): Promise<string[]>;
  close(): Promise<void>;
}

export interface QuarterReport {
  seed: number;
  dossiers: number;
  people: number;
  minutes: number;
  fullChecks: number;
  cheapChecks: number;
  actions: { ok: number; skipped: number; rejected: Record<string, number> };
  /** Minutes (among fully checked ones) with at least one gap, and the most gaps at once. */
  gapMinutes: number;
  maxGaps: number;
  coveredMax: number;
  deskChecks: number;
  /** True when the world had no desk to ask (GET /api/desk not there): gaps were then checked via gapsIn only. */
  deskMissing: boolean;
  departures: number;
  setupMs: number;
  fullCheckMs: number;
  wallMs: number;
  /** CPU time of this process (user + system): the wall time on a shared, loaded machine overstates the cost. */
  cpuMs: number;
}

export interface QuarterOptions {
  seed: number;
  dossiers?: number;
  weeks?: number;
  batch?: number;
  log?: (line: string) => void;
  /** Builds the world on the scenario and the fake time (the service world, or the kernel one). */
  world(scenario: SimScenario, time: FakeTime): Promise<SimWorld>;
}

export async function runQuarter(options: QuarterOptions): Promise<QuarterReport> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const log = options.log ?? (() => {});
  const scenario = generateScenario({ seed: options.seed, dossiers: options.dossiers, weeks: options.weeks });
  const time = createFakeTime(scenario.start);
  const world = await options.world(scenario, time);
  const setupMs = performance.now() - started;
  log(
    `  setup: ${scenario.people.length} people, ${scenario.dossiers.length} dossiers, ${scenario.actions.length} actions in ${(setupMs / 1000).toFixed(1)} s`
  );
  const fail = (at: number, message: string): never => {
    throw new SimFailure(options.seed, at, message);
  };
  const report: QuarterReport = {
    seed: options.seed,
    dossiers: scenario.dossiers.length,
    people: scenario.people.length,
    minutes: 0,
    fullChecks: 0,
    cheapChecks: 0,
    actions: { ok: 0, skipped: 0, rejected: {} },
    gapMinutes: 0,
    maxGaps: 0,
    coveredMax: 0,
    deskChecks: 0,
    deskMissing: false,
    departures: 0,
    setupMs,
    fullCheckMs: 0,
    wallMs: 0,
    cpuMs: 0
  };
  const batch = options.batch ?? 5_000;
  const teamOf = new Map(scenario.teams.map((t) => [t.id, t]));
  let knownGaps = new Set<string>();

  const fullCheck = async (at: number) => {
    const t0 = performance.now();
    report.fullChecks++;
    const dossiers = await world.dossiers();
    if (dossiers.length !== scenario.dossiers.length)
      fail(at, `${dossiers.length} dossiers in the store, expected ${scenario.dossiers.length}`);
    const gapsByTeam = new Map<string, string[]>();
    let covered = 0;
    for (let i = 0; i < dossiers.length; i += batch) {
      const slice = dossiers.slice(i, i + batch);
      const coverage = await world.coverageOf(slice, at);
      for (const d of slice) {
        const c = coverage.get(d.id) ?? fail(at, `no coverage answer for ${d.id}`);
        if (c.actingOwnerId !== null) {
          if (world.ledger.departed.has(c.actingOwnerId))
            fail(at, `${d.id} is acted for by ${c.actingOwnerId}, who left`);
          if (world.ledger.isAbsent(c.actingOwnerId, at))
            fail(at, `${d.id} is acted for by ${c.actingOwnerId}, who is away (${c.kind})`);
          if (c.kind !== 'owner') covered++;
        } else {
          const list = gapsByTeam.get(d.teamId) ?? [];
          list.push(d.id);
          gapsByTeam.set(d.teamId, list);
        }
      }
    }
    let gaps = 0;
    const nowGaps = new Set<string>();
    for (const [teamId, ids] of gapsByTeam) {
      gaps += ids.length;
      const listed = await world.gapsIn([teamId], at);
      for (const id of ids) {
        if (!listed.has(id)) fail(at, `gap on ${id} (team ${teamId}) is not listed by gapsIn for its managers`);
        nowGaps.add(id);
      }
      // New gaps must also reach a manager's desk (GET /api/desk): checked when the set of gaps changes.
      if (ids.some((id) => !knownGaps.has(id))) {
        const manager = teamOf.get(teamId)!.managerIds.find((m) => !world.ledger.departed.has(m));
        const desk = manager ? await world.deskGaps(manager) : null;
        if (!desk) report.deskMissing = true;
        else {
          report.deskChecks++;
          for (const id of ids) if (!desk.has(id)) fail(at, `gap on ${id} is missing from manager ${manager}'s desk`);
        }
      }
    }
    knownGaps = nowGaps;
    if (gaps > 0) report.gapMinutes++;
    report.maxGaps = Math.max(report.maxGaps, gaps);
    report.coveredMax = Math.max(report.coveredMax, covered);
    report.fullCheckMs += performance.now() - t0;
  };

  try {
    await fullCheck(time.now());
    let seq = await world.lastSeq();
    let next = 0;
    const actions = scenario.actions;
    let boundaries = world.ledger.boundaries();
    let b = 0;
    for (let at = scenario.start + MINUTE; at <= scenario.end; at += MINUTE) {
      await time.advanceTo(at);
      report.minutes++;
      let acted = false;
      while (next < actions.length && actions[next].at <= at) {
        const action = actions[next++];
        const result = await world.apply(action);
        if (result === 'ok') report.actions.ok++;
        else if (result === 'skipped') report.actions.skipped++;
        else report.actions.rejected[result.rejected] = (report.actions.rejected[result.rejected] ?? 0) + 1;
        if (action.type === 'offboard' && result === 'ok') {
          report.departures++;
          const refs = await world.referencesTo(action.userId);
          if (refs.length > 0)
            fail(at, `after offboarding ${action.userId} still referenced by: ${refs.slice(0, 10).join('; ')}`);
        }
        acted = true;
      }
      if (acted) {
        boundaries = world.ledger.boundaries();
        b = boundaries.findIndex((x) => x > at - MINUTE);
        if (b < 0) b = boundaries.length;
      }
      let edge = false;
      while (b < boundaries.length && boundaries[b] <= at) {
        if (boundaries[b] > at - MINUTE) edge = true;
        b++;
      }
      const nowSeq = await world.lastSeq();
      if (acted || edge || nowSeq !== seq) await fullCheck(at);
      else report.cheapChecks++;
      seq = nowSeq;
      if (report.minutes % (7 * 24 * 60) === 0) {
        log(
          `  week ${report.minutes / (7 * 24 * 60)}: ${report.fullChecks} full checks, ${report.actions.ok} actions ok, ${((performance.now() - started) / 1000).toFixed(1)} s`
        );
      }
    }
  } finally {
    await world.close();
  }
  report.wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  report.cpuMs = (cpu.user + cpu.system) / 1000;
  return report;
}
