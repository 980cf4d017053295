/**
 * The continuity benchmark's world (benchmark 6, issue #9): one team of 50 with `dossiers` dossiers, deputies
 * set over HTTP, and 30 overlapping absences in force — 3 colleagues hand to the measured rep, 27 more are away
 * (never the rep or a manager). Shared by the benchmark and the desk profile (desk-profile.ts), so a profile
 * looks at exactly the desk the benchmark times.
 */
import { systemClock } from '../../server/adapters/system-clock';
import { systemTimer } from '../../server/adapters/system-timer';
import type { AbsenceDTO } from '../../src/lib/contract/continuity';
import { startSimApp, type SimApp } from '../sim/continuity-harness';
import { generateScenario, type SimScenario } from '../sim/continuity-scenario';

export interface ContinuityWorld {
  sim: SimApp;
  scenario: SimScenario;
  manager: string;
  managers: string[];
  rep: SimScenario['people'][number];
  /** Everyone not away, not the rep and not a manager (the push trials' candidates come from here). */
  others: SimScenario['people'];
  record(userId: string, handToId: string | null): Promise<AbsenceDTO>;
}

export async function setUpContinuityWorld(dossiers: number): Promise<ContinuityWorld> {
  const scenario = generateScenario({ seed: 6060, teams: 1, dossiers });
  const sim = await startSimApp({ scenario, time: { now: () => systemClock.now(), ...systemTimer } });
  try {
    const { call } = sim;
    const managers = scenario.teams[0].managerIds;
    const manager = managers[0];
    for (const p of scenario.people) {
      if (p.deputyId) await call(p.id, 'PUT', `/api/users/${p.id}/deputy`, { deputyId: p.deputyId });
    }
    const reps = scenario.people.filter(
      (p) => p.role === 'rep' && p.id !== scenario.cycle.a && p.id !== scenario.cycle.b
    );
    const rep = reps[0];
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const record = async (userId: string, handToId: string | null) => {
      const res = await call(manager, 'POST', '/api/absences', {
        userId,
        kind: 'illness',
        to: until,
        ...(handToId ? { handToId } : {})
      });
      if (res.status !== 201) throw new Error(`absence for ${userId}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as AbsenceDTO;
    };
    // 3 colleagues hand to the rep; 27 more are away (30 overlapping absences), never the rep or a manager.
    const covered = reps.slice(1, 4);
    for (const c of covered) await record(c.id, rep.id);
    const others = scenario.people.filter((p) => p.id !== rep.id && !managers.includes(p.id) && !covered.includes(p));
    for (const p of others.slice(0, 27)) await record(p.id, null);
    return { sim, scenario, manager, managers, rep, others, record };
  } catch (err) {
    await sim.close();
    throw err;
  }
}
