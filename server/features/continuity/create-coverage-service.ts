import {
  actingOwner,
  isActive,
  isAvailable,
  isHandoffInForce,
  type Coverage,
  type CoverageAbsence,
  type CoverageHandoff,
  type CoverageInput,
  type CoveragePerson
} from '../../kernel/coverage';
import type { User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import type { DossierOwnership } from '../dossiers';
import type { AbsenceStore } from './absence-store';
import type { CoverageService, CoverageSubject } from './coverage.service';

/** C7 joins absences that touch the current one; looking a year ahead is more than any absence lasts. */
const JOIN_HORIZON_MS = 400 * 86_400_000;

/** Everything the rule needs at one instant, loaded once per question (a handful of queries). */
interface Snapshot {
  at: number;
  people: Map<string, CoveragePerson>;
  /** Managers per team, by name (the order C3d asks them in). */
  managersOf: (teamId: string) => string[];
  absences: CoverageAbsence[];
  handoffs: CoverageHandoff[];
  /** People whose dossiers someone else may act for now: absent, deactivated, or handing off. */
  ownersNotActing: string[];
}

/** A change not yet in the stores (or no longer), laid over a snapshot: upserts by id. */
export interface CoverageOverlay {
  absences?: CoverageAbsence[];
  people?: CoveragePerson[];
}

/** The CoverageService plus what writers need to say whom a change affects (the coverage.changed payload). */
export interface CoverageEngine extends CoverageService {
  /**
   * Dossiers whose acting owner differs between two states at `at` (the stores with `before` laid over them,
   * and with `after`), and everyone concerned: `userId`, whoever acted before or acts after (those losing
   * access are re-authorised too), and the team managers of dossiers that enter or leave a gap.
   */
  impact(options: {
    userId: string;
    at: number;
    before?: CoverageOverlay;
    after?: CoverageOverlay;
  }): Promise<{ userIds: string[]; dossierIds: string[] }>;
}

export interface CoverageServiceDeps {
  /** Everyone, deactivated included (C3 acts for deactivated owners). */
  people: { listUsers(options: { includeDeactivated: true }): Promise<User[]> };
  absences: Pick<AbsenceStore, 'inForceAt' | 'listOverlapping'>;
  /** Ownership of the dossiers of the given owners (DossierService.ownedBy). */
  dossiers: { ownedBy(ownerIds: readonly string[]): Promise<DossierOwnership[]> };
  /** Temporary hand-offs in force at `at` (the hand-off store, wired by its feature); default none. */
  handoffsInForce?: (at: number) => Promise<CoverageHandoff[]>;
  clock: Clock;
}

/**
 * The CoverageService on the user, absence and hand-off stores. It never decides who acts itself: it loads a
 * snapshot and asks the kernel's `actingOwner` for each dossier. Only dossiers whose owner is absent, deactivated
 * or has a hand-off in force can be covered, so `coveringFor` and `gapsIn` scan only those owners' dossiers
 * (DossierStore DS13) — with 30 absent colleagues of 400 dossiers each that is 12,000 small rows, not 20,000
 * full ones.
 */
export function createCoverageService(deps: CoverageServiceDeps): CoverageEngine {
  const handoffsInForce = deps.handoffsInForce ?? (async () => []);

  async function snapshot(at: number): Promise<Snapshot> {
    const [users, inForce, handoffs] = await Promise.all([
      deps.people.listUsers({ includeDeactivated: true }),
      deps.absences.inForceAt(at),
      handoffsInForce(at)
    ]);
    const absentIds = [...new Set(inForce.map((a) => a.userId))];
    // C7: the absences of the absent that start later but touch the current one join into one `until`.
    const absences = absentIds.length
      ? await deps.absences.listOverlapping({ userIds: absentIds, from: at, to: at + JOIN_HORIZON_MS })
      : [];
    const people = new Map<string, CoveragePerson>();
    const managers = new Map<string, string[]>();
    for (const u of users) {
      people.set(u.id, { id: u.id, active: u.deactivatedAt === null, deputyId: u.deputyId });
      if (u.role !== 'manager') continue;
      for (const teamId of u.teamIds) managers.set(teamId, [...(managers.get(teamId) ?? []), u.id]);
    }
    return withOwners({ at, people, managersOf: (teamId) => managers.get(teamId) ?? [], absences, handoffs });
  }

  function withOwners(s: Omit<Snapshot, 'ownersNotActing'>): Snapshot {
    const absent = s.absences.filter((a) => isActive(a, s.at)).map((a) => a.userId);
    const deactivated = [...s.people.values()].filter((p) => !p.active).map((p) => p.id);
    const handingOff = s.handoffs.filter((h) => isHandoffInForce(h, s.at)).map((h) => h.fromUserId);
    return { ...s, ownersNotActing: [...new Set([...absent, ...deactivated, ...handingOff])] };
  }

  function overlay(s: Snapshot, o: CoverageOverlay | undefined): Snapshot {
    if (!o) return s;
    const people = new Map(s.people);
    for (const p of o.people ?? []) people.set(p.id, p);
    const replaced = new Set((o.absences ?? []).map((a) => a.id));
    const absences = [...s.absences.filter((a) => !replaced.has(a.id)), ...(o.absences ?? [])];
    return withOwners({ ...s, people, absences });
  }

  const inputFor = (s: Snapshot, dossier: CoverageSubject): CoverageInput => ({
    dossier,
    people: s.people,
    absences: s.absences,
    handoffs: s.handoffs,
    teamManagerIds: s.managersOf(dossier.teamId),
    at: s.at
  });

  /** Coverage of every dossier someone else may act for now. */
  async function coveredDossiers(s: Snapshot): Promise<Array<{ dossier: DossierOwnership; coverage: Coverage }>> {
    const owned = await deps.dossiers.ownedBy(s.ownersNotActing);
    return owned.map((dossier) => ({ dossier, coverage: actingOwner(inputFor(s, dossier)) }));
  }

  const now = (at?: number) => at ?? deps.clock.now();

  return {
    async coverageOf(dossiers, at) {
      const s = await snapshot(now(at));
      return new Map(dossiers.map((d) => [d.id, actingOwner(inputFor(s, d))]));
    },
    async coveringFor(userId, at) {
      const s = await snapshot(now(at));
      if (s.ownersNotActing.length === 0) return [];
      return (await coveredDossiers(s))
        .filter(({ coverage }) => coverage.kind !== 'owner' && coverage.actingOwnerId === userId)
        .map(({ dossier, coverage }) => ({ dossierId: dossier.id, coverage }));
    },
    async isCovering(userId, dossier, at) {
      const s = await snapshot(now(at));
      const coverage = actingOwner(inputFor(s, dossier));
      return coverage.kind !== 'owner' && coverage.actingOwnerId === userId;
    },
    async isAvailable(userId, at) {
      const s = await snapshot(now(at));
      return isAvailable({ userId, people: s.people, absences: s.absences, at: s.at });
    },
    async actingAssigneeOf({ assigneeId, dossier }, at) {
      const s = await snapshot(now(at));
      if (isAvailable({ userId: assigneeId, people: s.people, absences: s.absences, at: s.at })) return assigneeId;
      // For someone else's task the assignee stands where the owner would: the dossier's stand-ins and hand-offs
      // belong to its owner, so only hand-to, deputy chain and managers apply.
      const subject = assigneeId === dossier.ownerId ? dossier : { ...dossier, ownerId: assigneeId, standInIds: [] };
      return actingOwner(inputFor(s, subject)).actingOwnerId;
    },
    async impact({ userId, at, before, after }) {
      const base = await snapshot(at);
      const [b, a] = [overlay(base, before), overlay(base, after)];
      const owners = [...new Set([userId, ...b.ownersNotActing, ...a.ownersNotActing])];
      const userIds = new Set([userId]);
      const dossierIds: string[] = [];
      for (const dossier of await deps.dossiers.ownedBy(owners)) {
        const [was, is] = [actingOwner(inputFor(b, dossier)), actingOwner(inputFor(a, dossier))];
        if (was.actingOwnerId === is.actingOwnerId && was.kind === is.kind) continue;
        dossierIds.push(dossier.id);
        for (const id of [was.actingOwnerId, is.actingOwnerId]) if (id) userIds.add(id);
        if (was.kind === 'gap' || is.kind === 'gap') for (const m of a.managersOf(dossier.teamId)) userIds.add(m);
      }
      return { userIds: [...userIds], dossierIds };
    },
    async gapsIn(teamIds, at) {
      const s = await snapshot(now(at));
      if (s.ownersNotActing.length === 0) return [];
      return (await coveredDossiers(s))
        .filter(
          ({ dossier, coverage }) => coverage.kind === 'gap' && (teamIds === 'all' || teamIds.includes(dossier.teamId))
        )
        .map(({ dossier, coverage }) => ({ dossierId: dossier.id, coverage }));
    }
  };
}
