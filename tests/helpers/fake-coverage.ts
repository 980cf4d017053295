import type { CoverageService, CoverageSubject } from '../../server/features/continuity';
import {
  actingOwner,
  isAvailable,
  type Coverage,
  type CoverageAbsence,
  type CoverageHandoff,
  type CoveragePerson
} from '../../server/kernel/coverage';

/**
 * A CoverageService over in-memory facts, deciding every answer with the kernel's `actingOwner` (as the real
 * one does): unit tests of the features that ask coverage, without the absence store. Tests mutate `people`,
 * `absences` and `handoffs` directly; `dossiers` is what coveringFor/gapsIn look through.
 */
export function createFakeCoverage(options: {
  now: () => number;
  people?: CoveragePerson[];
  absences?: CoverageAbsence[];
  handoffs?: CoverageHandoff[];
  teamManagers?: Record<string, string[]>;
  dossiers?: CoverageSubject[];
}): CoverageService & {
  people: Map<string, CoveragePerson>;
  absences: CoverageAbsence[];
  handoffs: CoverageHandoff[];
  dossiers: CoverageSubject[];
  calls: { coverageOf: number; isCovering: number };
} {
  const people = new Map((options.people ?? []).map((p) => [p.id, p]));
  const absences = options.absences ?? [];
  const handoffs = options.handoffs ?? [];
  const dossiers = options.dossiers ?? [];
  const managers = options.teamManagers ?? {};
  const calls = { coverageOf: 0, isCovering: 0 };
  const of = (dossier: CoverageSubject, at: number): Coverage =>
    actingOwner({
      dossier,
      people,
      absences,
      handoffs,
      teamManagerIds: managers[dossier.teamId] ?? [],
      at
    });
  const actingAssignee = (assigneeId: string, dossier: CoverageSubject, at: number) => {
    if (isAvailable({ userId: assigneeId, people, absences, at })) return assigneeId;
    const owned = dossier.ownerId === assigneeId ? dossier : { ...dossier, ownerId: assigneeId, standInIds: [] };
    return of(owned, at).actingOwnerId;
  };
  const covers = (c: Coverage, userId: string) => c.kind !== 'owner' && c.actingOwnerId === userId;

  return {
    people,
    absences,
    handoffs,
    dossiers,
    calls,
    async coverageOf(list, at = options.now()) {
      calls.coverageOf++;
      return new Map(list.map((d) => [d.id, of(d, at)]));
    },
    async coveringFor(userId, at = options.now()) {
      return dossiers.map((d) => ({ dossierId: d.id, coverage: of(d, at) })).filter((e) => covers(e.coverage, userId));
    },
    async isCovering(userId, dossier, at = options.now()) {
      calls.isCovering++;
      return covers(of(dossier, at), userId);
    },
    async isAvailable(userId, at = options.now()) {
      return isAvailable({ userId, people, absences, at });
    },
    async actingAssigneeOf({ assigneeId, dossier }, at = options.now()) {
      return actingAssignee(assigneeId, dossier, at);
    },
    async actingAssigneesOf(items, at = options.now()) {
      return items.map((i) => actingAssignee(i.assigneeId, i.dossier, at));
    },
    async gapsIn(teamIds, at = options.now()) {
      return dossiers
        .filter((d) => teamIds === 'all' || teamIds.includes(d.teamId))
        .map((d) => ({ dossierId: d.id, coverage: of(d, at) }))
        .filter((e) => e.coverage.kind === 'gap');
    }
  };
}
