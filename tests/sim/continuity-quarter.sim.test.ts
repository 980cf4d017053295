/**
 * Issue #9, Tests → "A simulation": a seeded quarter — 50 people in 5 teams with managers and deputies (chains
 * form at random, plus one deliberate two-person cycle), 20,000 dossiers (stand-ins on ~30 %), planned absences
 * (some moved, some ended early), sudden illness recorded "now", 50 hand-offs (10 permanent) and two departures
 * offboarded with the deputy rule and round robin for the rest — stepped minute by minute on a fake clock
 * through the real HTTP API, services and scheduler jobs.
 *
 * Invariant: every dossier has an acting owner who is active and not away, or it is a coverage gap that
 * `gapsIn` for its team lists (and, when new, the team manager's GET /api/desk shows); after each offboarding
 * nothing names the departed user. Which minutes get the full check and which the cheap one, and why that is
 * sound, is in tests/sim/continuity-quarter.ts.
 *
 * Replay: SIM_SEED=<seed> npx vitest run tests/sim  (the seed is printed at the start and in every failure).
 * SIM_DOSSIERS / SIM_WEEKS shrink it for local debugging.
 */
import { describe, expect, it } from 'vitest';
import { runQuarter, SimFailure } from './continuity-quarter';
import { simCoverageOf } from './sim-coverage';
import { createServiceWorld } from './continuity-service-world';

const seed = process.env.SIM_SEED ? Number(process.env.SIM_SEED) : 20260105;

describe('continuity simulation (seeded quarter)', () => {
  it(
    'keeps every dossier acted for or a visible gap, and offboarding orphans nothing',
    { timeout: 600_000 },
    async () => {
      console.log(`[continuity sim] SIM_SEED=${seed}`);
      const report = await runQuarter({
        seed,
        dossiers: process.env.SIM_DOSSIERS ? Number(process.env.SIM_DOSSIERS) : 20_000,
        weeks: process.env.SIM_WEEKS ? Number(process.env.SIM_WEEKS) : 13,
        world: (scenario, time) => createServiceWorld(scenario, time, simCoverageOf),
        log: (line) => console.log(line)
      }).catch((err: unknown) => {
        if (err instanceof SimFailure) throw err;
        throw new Error(`[continuity sim, SIM_SEED=${seed}] ${err instanceof Error ? err.stack : String(err)}`);
      });
      console.log(
        `[continuity sim] SIM_SEED=${seed}: wall ${(report.wallMs / 1000).toFixed(1)} s (cpu ${(report.cpuMs / 1000).toFixed(1)} s), ` +
          `setup ${(report.setupMs / 1000).toFixed(1)} s, ${report.minutes} minutes, ${report.fullChecks} full checks ` +
          `(${(report.fullCheckMs / 1000).toFixed(1)} s), ${report.cheapChecks} cheap; actions ${JSON.stringify(report.actions)}; ` +
          `gap minutes ${report.gapMinutes} (max ${report.maxGaps} at once), desk checks ${report.deskChecks}, ` +
          `covered at most ${report.coveredMax}, departures ${report.departures}`
      );
      // The scenario must have exercised what it claims to: coverage, a gap (the deliberate cycle), two departures.
      expect(report.departures).toBe(2);
      expect(report.coveredMax).toBeGreaterThan(0);
      expect(report.gapMinutes).toBeGreaterThan(0);
      // GET /api/desk comes with the desk service; without it the gaps are checked through gapsIn only (said here).
      if (report.deskMissing) console.warn('[continuity sim] GET /api/desk missing: gaps checked via gapsIn only');
      else expect(report.deskChecks).toBeGreaterThan(0);
      expect(report.actions.ok).toBeGreaterThan(100);
    }
  );
});
