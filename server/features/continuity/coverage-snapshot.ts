import {
  isActive,
  isHandoffInForce,
  type CoverageAbsence,
  type CoverageHandoff,
  type CoverageInput,
  type CoveragePerson
} from '../../kernel/coverage';
import type { User } from '../../kernel/types';
import type { AbsenceStore } from './absence-store';
import type { CoverageSubject } from './coverage.service';

/** C7 joins absences that touch the current one; looking a year ahead is more than any absence lasts. */
const JOIN_HORIZON_MS = 400 * 86_400_000;
/**
 * How far ahead a snapshot looks for the next absence start or end (its time edge). A day keeps the query to
 * the absences of one day (tens, not the whole calendar); a snapshot without an edge inside it simply expires
 * after a day and is rebuilt.
 */
export const EDGE_HORIZON_MS = 86_400_000;

/** Everything the rule needs, loaded once (a handful of queries) and valid from `at` until `validUntil`. */
export interface CoverageSnapshot {
  at: number;
  /**
   * The next instant at which some absence or temporary hand-off begins or ends (or `at` + EDGE_HORIZON_MS):
   * the rule's answers for any instant in [at, validUntil) come from the same data, later ones may not.
   */
  validUntil: number;
  people: Map<string, CoveragePerson>;
  /** Managers per team, by name (the order C3d asks them in). */
  managersOf: (teamId: string) => string[];
  /** Everyone who manages some team (C3d may name them for any absent colleague of that team). */
  managerIds: ReadonlySet<string>;
  absences: CoverageAbsence[];
  handoffs: CoverageHandoff[];
}

/** The snapshot seen at one instant: who is absent, deactivated or handing off then. */
export interface CoverageView extends CoverageSnapshot {
  /** People whose dossiers someone else may act for at `at`: absent, deactivated, or handing off. */
  ownersNotActing: string[];
}

/** A change not yet in the stores (or no longer), laid over a snapshot: upserts by id. */
export interface CoverageOverlay {
  absences?: CoverageAbsence[];
  people?: CoveragePerson[];
}

export interface CoverageSnapshotSources {
  /** Everyone, deactivated included (C3 acts for deactivated owners). */
  people: { listUsers(options: { includeDeactivated: true }): Promise<User[]> };
  absences: Pick<AbsenceStore, 'inForceAt' | 'listOverlapping'>;
  /** Temporary hand-offs in force at `at` (the hand-off store, wired by its feature); default none. */
  handoffsInForce?: (at: number) => Promise<CoverageHandoff[]>;
}

/** Loads a snapshot at `at` from the stores (4 queries). */
export async function loadCoverageSnapshot(src: CoverageSnapshotSources, at: number): Promise<CoverageSnapshot> {
  const [users, inForce, handoffs, upcoming] = await Promise.all([
    src.people.listUsers({ includeDeactivated: true }),
    src.absences.inForceAt(at),
    src.handoffsInForce ? src.handoffsInForce(at) : Promise.resolve([]),
    src.absences.listOverlapping({ userIds: 'all', from: at, to: at + EDGE_HORIZON_MS })
  ]);
  const absentIds = [...new Set(inForce.map((a) => a.userId))];
  // C7: the absences of the absent that start later but touch the current one join into one `until`.
  const absences = absentIds.length
    ? await src.absences.listOverlapping({ userIds: absentIds, from: at, to: at + JOIN_HORIZON_MS })
    : [];
  const people = new Map<string, CoveragePerson>();
  const managers = new Map<string, string[]>();
  for (const u of users) {
    people.set(u.id, { id: u.id, active: u.deactivatedAt === null, deputyId: u.deputyId });
    if (u.role !== 'manager') continue;
    for (const teamId of u.teamIds) managers.set(teamId, [...(managers.get(teamId) ?? []), u.id]);
  }
  return {
    at,
    validUntil: nextEdge(at, [...absences, ...upcoming], handoffs),
    people,
    managersOf: (teamId) => managers.get(teamId) ?? [],
    managerIds: new Set([...managers.values()].flat()),
    absences,
    handoffs
  };
}

/** The first instant after `at` (within the horizon) at which an absence or hand-off begins or ends. */
function nextEdge(at: number, absences: readonly CoverageAbsence[], handoffs: readonly CoverageHandoff[]): number {
  let edge = at + EDGE_HORIZON_MS;
  const consider = (t: number | null | undefined) => {
    if (t != null && t > at && t < edge) edge = t;
  };
  for (const a of absences) {
    consider(a.from);
    consider(a.endedAt != null ? Math.min(a.to, a.endedAt) : a.to);
  }
  for (const h of handoffs) consider(h.until);
  return edge;
}

/** The snapshot as seen at `at` (within its validity), with an overlay of a change not in the stores. */
export function viewAt(s: CoverageSnapshot, at: number, overlay?: CoverageOverlay): CoverageView {
  let { people, absences } = s;
  if (overlay) {
    people = new Map(s.people);
    for (const p of overlay.people ?? []) people.set(p.id, p);
    const replaced = new Set((overlay.absences ?? []).map((a) => a.id));
    absences = [...s.absences.filter((a) => !replaced.has(a.id)), ...(overlay.absences ?? [])];
  }
  const absent = absences.filter((a) => isActive(a, at)).map((a) => a.userId);
  const deactivated = [...people.values()].filter((p) => !p.active).map((p) => p.id);
  const handingOff = s.handoffs.filter((h) => isHandoffInForce(h, at)).map((h) => h.fromUserId);
  return { ...s, at, people, absences, ownersNotActing: [...new Set([...absent, ...deactivated, ...handingOff])] };
}

/** The kernel rule's input for one dossier in a view. */
export const inputFor = (v: CoverageView, dossier: CoverageSubject): CoverageInput => ({
  dossier,
  people: v.people,
  absences: v.absences,
  handoffs: v.handoffs,
  teamManagerIds: v.managersOf(dossier.teamId),
  at: v.at
});
