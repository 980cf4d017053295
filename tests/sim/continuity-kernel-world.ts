/**
 * A stand-in world for the simulation that needs no continuity services: the real app's store and scheduler,
 * absences and temporary hand-offs kept only in the ledger, coverage straight from the kernel's `actingOwner`.
 * It exists to develop and time the generator and the runner before the services are merged, and as a
 * reference for what the runner costs by itself; the test uses the service world (continuity-service-world.ts).
 */
import {
  actingOwner,
  type CoverageAbsence,
  type CoverageHandoff,
  type CoveragePerson
} from '../../server/kernel/coverage';
import type { Dossier } from '../../server/kernel/types';
import type { FakeTime } from '../helpers/fake-time';
import { startSimApp } from './continuity-harness';
import { SimLedger } from './continuity-ledger';
import type { SimWorld } from './continuity-quarter';
import type { SimScenario } from './continuity-scenario';

export async function createKernelWorld(scenario: SimScenario, time: FakeTime): Promise<SimWorld> {
  const sim = await startSimApp({ scenario, time, memory: true });
  const ledger = new SimLedger();
  const ids = scenario.dossiers.map((d) => d.id);
  const people = new Map<string, CoveragePerson>(
    scenario.people.map((p) => [p.id, { id: p.id, active: true, deputyId: p.deputyId }])
  );
  const managers = new Map(scenario.teams.map((t) => [t.id, t.managerIds]));
  let n = 0;

  const absences = (): CoverageAbsence[] =>
    [...ledger.absences.values()].map((a) => ({ ...a, kind: 'vacation' as const }));
  const handoffs = (): CoverageHandoff[] =>
    [...ledger.handoffs.values()].map((h) => ({
      id: h.id,
      dossierId: h.dossierId,
      fromUserId: scenario.dossiers.find((d) => d.id === h.dossierId)!.ownerId,
      toUserId: h.toUserId,
      until: h.until,
      status: 'picked_up' as const,
      createdAt: 0
    }));
  const coverageOf: SimWorld['coverageOf'] = async (dossiers, at) => {
    const abs = absences();
    const hos = handoffs();
    return new Map(
      dossiers.map((d) => [
        d.id,
        actingOwner({
          dossier: d,
          people,
          absences: abs,
          handoffs: hos,
          teamManagerIds: managers.get(d.teamId) ?? [],
          at
        })
      ])
    );
  };

  return {
    ledger,
    async apply(action) {
      const at = time.now();
      if (action.type === 'record_absence') {
        ledger.absences.set(action.key, {
          id: `k${++n}`,
          userId: action.userId,
          from: action.from ?? at,
          to: action.to,
          endedAt: null,
          handToId: action.handToId
        });
        return 'ok';
      }
      const absence = ledger.absences.get(
        action.type === 'patch_absence' || action.type === 'end_absence' ? action.key : ''
      );
      if (action.type === 'patch_absence' && absence) return (void (absence.to = action.to), 'ok');
      if (action.type === 'end_absence' && absence) return (void (absence.endedAt = at), 'ok');
      if (action.type === 'handoff' && action.until !== null) {
        ledger.handoffs.set(action.key, {
          id: `kh${++n}`,
          dossierId: action.dossierId,
          toUserId: action.toUserId,
          until: action.until,
          status: 'pending'
        });
        return 'ok';
      }
      return 'skipped';
    },
    dossiers: (): Promise<Dossier[]> => sim.app.store.dossiers.getMany(ids),
    coverageOf,
    async gapsIn(teamIds, at) {
      const team = (await sim.app.store.dossiers.getMany(ids)).filter((d) => teamIds.includes(d.teamId));
      const coverage = await coverageOf(team, at);
      return new Set([...coverage].filter(([, c]) => c.actingOwnerId === null).map(([id]) => id));
    },
    deskGaps: async () => null,
    lastSeq: async () => (await sim.app.store.activity.bounds()).lastSeq,
    referencesTo: async () => [],
    close: () => sim.close()
  };
}
