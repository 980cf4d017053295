import { actingOwner, isActive, isAvailable, type Coverage } from '../../kernel/coverage';
import type { Clock } from '../../ports/clock';
import type { DossierOwnership } from '../dossiers';
import type { CoverageEpoch } from './coverage-epoch';
import {
  inputFor,
  loadCoverageSnapshot,
  viewAt,
  type CoverageOverlay,
  type CoverageSnapshot,
  type CoverageSnapshotSources,
  type CoverageView
} from './coverage-snapshot';
import type { CoverageService, CoverageSubject } from './coverage.service';

export type { CoverageOverlay } from './coverage-snapshot';

/** What a change does: whom it concerns, which dossiers move, and the gaps after it among the dossiers scanned. */
export interface CoverageImpact {
  userIds: string[];
  dossierIds: string[];
  /** Dossiers in a gap after the change, among `scanned` (the only dossiers the change can move). */
  gaps: Array<{ dossierId: string; ownerId: string }>;
  scanned: string[];
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
  }): Promise<CoverageImpact>;
  /** The next instant after `at` at which an absence or hand-off begins or ends (the snapshot's time edge). */
  validUntil(at: number): Promise<number>;
}

export interface CoverageServiceDeps extends CoverageSnapshotSources {
  /** Ownership of the dossiers of the given owners (DossierService.ownedBy). */
  dossiers: {
    ownedBy(ownerIds: readonly string[], options?: { standInId?: string }): Promise<DossierOwnership[]>;
  };
  /** The coverage epoch (coverage-epoch.ts): one snapshot reused until coverage changes; none = load per question. */
  epoch?: CoverageEpoch;
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
  /** The snapshot valid at `at` (the epoch's when one is valid then, else freshly loaded) and the view at `at`. */
  async function loaded(
    at: number,
    mentioned: readonly string[] = []
  ): Promise<{ base: CoverageSnapshot; view: CoverageView }> {
    const load = (t: number) => loadCoverageSnapshot(deps, t);
    const seen = (base: CoverageSnapshot) => ({ base, view: viewAt(base, at) });
    if (!deps.epoch) return seen(await load(at));
    const cached = await deps.epoch.snapshotAt(at, load);
    // Someone the snapshot does not know was created after it (users are created without an event): reload.
    if (mentioned.every((id) => cached.people.has(id))) return seen(cached);
    deps.epoch.invalidate();
    return seen(await deps.epoch.snapshotAt(at, load));
  }
  const snapshot = async (at: number, mentioned: readonly string[] = []) => (await loaded(at, mentioned)).view;
  /**
   * An answer computed from the view and the dossiers of the owners not acting in it, kept by the epoch with its
   * snapshot until coverage or those dossiers change (coverage-epoch.ts R1–R4); computed every time without one.
   * Within a snapshot's validity every instant gives the same answer (no absence or hand-off edge lies between).
   */
  const remembered = <T>(
    { base, view }: { base: CoverageSnapshot; view: CoverageView },
    key: string,
    compute: () => Promise<T>
  ): Promise<T> => (deps.epoch ? deps.epoch.remember(base, key, view.ownersNotActing, compute) : compute());
  const idsOf = (dossiers: readonly CoverageSubject[]) => dossiers.flatMap((d) => [d.ownerId, ...d.standInIds]);

  /** Coverage of every dossier someone else may act for now. */
  async function coveredDossiers(s: CoverageView): Promise<Array<{ dossier: DossierOwnership; coverage: Coverage }>> {
    const owned = await deps.dossiers.ownedBy(s.ownersNotActing);
    return owned.map((dossier) => ({ dossier, coverage: actingOwner(inputFor(s, dossier)) }));
  }

  /**
   * The dossiers `userId` might act for: all dossiers of not-acting owners whose chain can reach them (the
   * hand-to of the owner's absence, a hand-off to them, the owner's deputy chain, or a manager of any team), and
   * of the other not-acting owners only those naming them as stand-in. 3 colleagues' 1,200 dossiers instead of
   * 30 colleagues' 12,000 rows: the rule then decides for each.
   */
  async function candidatesFor(s: CoverageView, userId: string): Promise<DossierOwnership[]> {
    return chainCandidates([s], userId, s.ownersNotActing, []);
  }

  /**
   * The dossiers of `owners` whose chain can reach `userId` in any of `views`, plus all dossiers of `always`:
   * owners reached (hand-to, hand-off, deputy chain, any owner for a manager) give all their dossiers, the
   * others only those naming `userId` as stand-in (DossierStore DS13).
   */
  async function chainCandidates(
    views: readonly CoverageView[],
    userId: string,
    owners: readonly string[],
    always: readonly string[]
  ): Promise<DossierOwnership[]> {
    const reaches = (s: CoverageView, ownerId: string) => {
      if (s.managerIds.has(userId)) return true;
      if (s.absences.some((a) => a.userId === ownerId && a.handToId === userId && isActive(a, s.at))) return true;
      if (s.handoffs.some((h) => h.fromUserId === ownerId && h.toUserId === userId)) return true;
      const seen = new Set<string>();
      for (let next = s.people.get(ownerId)?.deputyId; next && !seen.has(next); next = s.people.get(next)?.deputyId) {
        if (next === userId) return true;
        seen.add(next);
      }
      return false;
    };
    const pool = owners.filter((id) => !always.includes(id));
    const full = [...always, ...pool.filter((id) => views.some((v) => reaches(v, id)))];
    const rest = pool.filter((id) => !full.includes(id));
    const [a, b] = await Promise.all([
      full.length ? deps.dossiers.ownedBy(full) : Promise.resolve([]),
      rest.length ? deps.dossiers.ownedBy(rest, { standInId: userId }) : Promise.resolve([])
    ]);
    return [...a, ...b];
  }

  const now = (at?: number) => at ?? deps.clock.now();

  /** coveringFor's rows: a stand-in's desk, search and feed audience ask on every request, so kept (R1–R4). */
  function keptCovering(
    state: { base: CoverageSnapshot; view: CoverageView },
    userId: string
  ): Promise<Array<{ dossierId: string; coverage: Coverage }>> {
    const s = state.view;
    return remembered(state, `coveringFor:${userId}`, async () => {
      const rows: Array<{ dossierId: string; coverage: Coverage }> = [];
      for (const dossier of await candidatesFor(s, userId)) {
        const coverage = actingOwner(inputFor(s, dossier));
        if (coverage.kind !== 'owner' && coverage.actingOwnerId === userId)
          rows.push({ dossierId: dossier.id, coverage });
      }
      return rows;
    });
  }

  function actingAssignee(s: CoverageView, assigneeId: string, dossier: CoverageSubject): string | null {
    if (isAvailable({ userId: assigneeId, people: s.people, absences: s.absences, at: s.at })) return assigneeId;
    // For someone else's task the assignee stands where the owner would: the dossier's stand-ins and hand-offs
    // belong to its owner, so only hand-to, deputy chain and managers apply.
    const subject = assigneeId === dossier.ownerId ? dossier : { ...dossier, ownerId: assigneeId, standInIds: [] };
    return actingOwner(inputFor(s, subject)).actingOwnerId;
  }

  return {
    async coverageOf(dossiers, at) {
      const s = await snapshot(now(at), idsOf(dossiers));
      return new Map(dossiers.map((d) => [d.id, actingOwner(inputFor(s, d))]));
    },
    async coveringFor(userId, at) {
      const state = await loaded(now(at), [userId]);
      if (state.view.ownersNotActing.length === 0) return [];
      return [...(await keptCovering(state, userId))];
    },
    async fromCovering(userId, key, derive, at) {
      const state = await loaded(now(at), [userId]);
      if (state.view.ownersNotActing.length === 0) return derive([]);
      return remembered(state, `fromCovering:${userId}:${key}`, async () =>
        derive([...(await keptCovering(state, userId))])
      );
    },
    async isCovering(userId, dossier, at) {
      const s = await snapshot(now(at), [userId, ...idsOf([dossier])]);
      const coverage = actingOwner(inputFor(s, dossier));
      return coverage.kind !== 'owner' && coverage.actingOwnerId === userId;
    },
    async isAvailable(userId, at) {
      const s = await snapshot(now(at), [userId]);
      return isAvailable({ userId, people: s.people, absences: s.absences, at: s.at });
    },
    async actingAssigneeOf({ assigneeId, dossier }, at) {
      const s = await snapshot(now(at), [assigneeId, ...idsOf([dossier])]);
      return actingAssignee(s, assigneeId, dossier);
    },
    async actingAssigneesOf(items, at) {
      const s = await snapshot(now(at), [...items.map((i) => i.assigneeId), ...idsOf(items.map((i) => i.dossier))]);
      return items.map(({ assigneeId, dossier }) => actingAssignee(s, assigneeId, dossier));
    },
    async impact({ userId, at, before, after }) {
      const base = await snapshot(at, [userId]);
      const [b, a] = [viewAt(base, at, before), viewAt(base, at, after)];
      const owners = [...new Set([...b.ownersNotActing, ...a.ownersNotActing])];
      const userIds = new Set([userId]);
      const dossierIds: string[] = [];
      // Only `userId`'s own dossiers and those whose chain can pass through them (before or after) can change:
      // a change to one person's availability or deputy moves nothing else. A rep's absence so scans their
      // own 400 dossiers and the few chains they are in, not the 12,000 of everyone away (benchmark 6b).
      const scanned = await chainCandidates([b, a], userId, owners, [userId]);
      const gaps: Array<{ dossierId: string; ownerId: string }> = [];
      for (const dossier of scanned) {
        const [was, is] = [actingOwner(inputFor(b, dossier)), actingOwner(inputFor(a, dossier))];
        if (is.kind === 'gap') gaps.push({ dossierId: dossier.id, ownerId: dossier.ownerId });
        if (was.actingOwnerId === is.actingOwnerId && was.kind === is.kind) continue;
        dossierIds.push(dossier.id);
        for (const id of [was.actingOwnerId, is.actingOwnerId]) if (id) userIds.add(id);
        if (was.kind === 'gap' || is.kind === 'gap') for (const m of a.managersOf(dossier.teamId)) userIds.add(m);
      }
      return { userIds: [...userIds], dossierIds, gaps, scanned: scanned.map((d) => d.id) };
    },
    async validUntil(at) {
      return (await snapshot(at)).validUntil;
    },
    async gapsIn(teamIds, at) {
      const state = await loaded(now(at));
      if (state.view.ownersNotActing.length === 0) return [];
      // Every manager's desk asks this: the covered dossiers are kept per epoch (R1–R4), the filter is per team.
      return (await remembered(state, 'covered', () => coveredDossiers(state.view)))
        .filter(
          ({ dossier, coverage }) => coverage.kind === 'gap' && (teamIds === 'all' || teamIds.includes(dossier.teamId))
        )
        .map(({ dossier, coverage }) => ({ dossierId: dossier.id, coverage }));
    }
  };
}
