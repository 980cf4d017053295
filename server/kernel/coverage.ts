import type { AbsenceKind } from '../../src/lib/contract/continuity';

/**
 * The coverage rule (issue #9): who acts for a dossier at an instant. ONE pure function, used by the desk,
 * lead and callback routing, permissions, the feed, the digest and KPIs — no second implementation, none in the
 * UI (the UI shows `actingOwnerId` / `coverage` from the DTOs).
 *
 * Rules (ids used by tests/unit/coverage-rule.test.ts):
 * - C1  An active owner who is not absent at `at` acts for their own dossier, unless C2 applies.
 * - C2  A temporary hand-off from the owner (status pending or picked_up, created <= at < until) makes its
 *       receiver act when the receiver is available; when the receiver is away, C1 or C3 decide as without it.
 * - C3  An absent owner (an absence with from <= at < to, not ended before `at`) or a deactivated one is
 *       acted for by the first AVAILABLE of, in this order:
 *       C3a the `handToId` of the owner's current absence (the one that started last, if several overlap);
 *       C3b the dossier's stand-ins, in their order;
 *       C3c the owner's deputy; if the deputy is absent, the deputy's deputy, and so on (a delegation chain);
 *       C3d the managers of the dossier's team, in the given order.
 * - C4  Available = active (not deactivated), not absent at `at`, and not the owner themself.
 * - C5  A delegation chain that returns to someone already visited is a CYCLE; it is cut there.
 * - C6  Nobody available → a coverage GAP: `actingOwnerId` null, cause 'cycle' when C5 cut the chain and
 *       nothing after it helped, else 'exhausted'. A gap is shown to the team's managers at once.
 * - C7  `until` is when the situation is expected to end: the end of the owner's absence (overlapping or
 *       back-to-back absences are joined), the hand-off's `until`, or null (open-ended / deactivated).
 *
 * Absences are instants (epoch ms); whole and partial days are turned into instants in the team's time zone
 * before they reach this function (see `absenceWindow`), so DST needs no handling here.
 */
export function actingOwner(input: CoverageInput): Coverage {
  // Module-level helpers instead of closures: the rule runs for thousands of dossiers per desk and per absence
  // start, and closures created per call (each also named by the build's keepNames) were most of its cost.
  const { dossier, at } = input;
  const owner = personOf(input, dossier.ownerId);
  const ownerAbsences = activeAbsencesOf(input.absences, dossier.ownerId, at);
  const ownerAway = !owner || !owner.active || ownerAbsences.length > 0;

  // C2: a temporary hand-off in force.
  let handoff: CoverageHandoff | undefined;
  for (const h of input.handoffs) {
    if (h.dossierId === dossier.id && h.fromUserId === dossier.ownerId && isHandoffInForce(h, at)) {
      handoff = h;
      break;
    }
  }
  if (handoff && availableIn(input, handoff.toUserId)) {
    return {
      kind: 'handoff',
      actingOwnerId: handoff.toUserId,
      forUserId: dossier.ownerId,
      reason: 'handoff',
      until: handoff.until,
      handoffId: handoff.id,
      via: 'hand_off'
    };
  }
  // C1 (and a hand-off whose receiver is away while the owner is here: the owner acts).
  if (!ownerAway) return { kind: 'owner', actingOwnerId: dossier.ownerId };

  // C3: the chain.
  // The one that started last (a stable pick among equal starts: the first listed, as a stable sort gave).
  let current: CoverageAbsence | undefined;
  for (const a of ownerAbsences) if (!current || a.from > current.from) current = a;
  const reason: CoverageReason = current && owner?.active ? current.kind : 'deactivated';
  const until = current && owner?.active ? joinedEnd(input.absences, dossier.ownerId, current) : null;
  const base = { forUserId: dossier.ownerId, reason, until, absenceId: current?.id ?? null };

  if (current && current.handToId && availableIn(input, current.handToId)) {
    return { kind: 'covered', actingOwnerId: current.handToId, via: 'hand_to', ...base };
  }
  for (const standInId of dossier.standInIds) {
    if (availableIn(input, standInId)) return { kind: 'covered', actingOwnerId: standInId, via: 'stand_in', ...base };
  }
  // C3c + C5: follow deputies while they are away; stop at a repeat.
  const visited = new Set<string>([dossier.ownerId]);
  let cycle = false;
  let next = owner?.deputyId ?? null;
  while (next) {
    if (visited.has(next)) {
      cycle = true;
      break;
    }
    visited.add(next);
    if (availableIn(input, next)) return { kind: 'covered', actingOwnerId: next, via: 'deputy', ...base };
    next = personOf(input, next)?.deputyId ?? null;
  }
  for (const managerId of input.teamManagerIds) {
    if (availableIn(input, managerId)) return { kind: 'covered', actingOwnerId: managerId, via: 'manager', ...base };
  }
  return { kind: 'gap', actingOwnerId: null, cause: cycle ? 'cycle' : 'exhausted', ...base };
}

function personOf(input: CoverageInput, id: string | null | undefined): CoveragePerson | undefined {
  return id ? input.people.get(id) : undefined;
}

function activeAbsencesOf(absences: readonly CoverageAbsence[], userId: string, at: number): CoverageAbsence[] {
  const found: CoverageAbsence[] = [];
  for (const a of absences) if (a.userId === userId && isActive(a, at)) found.push(a);
  return found;
}

/** C4: active, not the dossier's owner, and not absent at `at`. */
function availableIn(input: CoverageInput, id: string | null | undefined): boolean {
  const p = personOf(input, id);
  if (!p || !p.active || p.id === input.dossier.ownerId) return false;
  for (const a of input.absences) if (a.userId === p.id && isActive(a, input.at)) return false;
  return true;
}

/** An absence is in force from `from` (inclusive) to `to` (exclusive), cut short by `endedAt` (ended early). */
export function isActive(absence: CoverageAbsence, at: number): boolean {
  const end = absence.endedAt != null ? Math.min(absence.to, absence.endedAt) : absence.to;
  return absence.from <= at && at < end;
}

/** A temporary hand-off is in force while pending or picked up and before its `until`. */
export function isHandoffInForce(handoff: CoverageHandoff, at: number): boolean {
  if (handoff.until === null) return false; // permanent hand-offs change the owner instead
  if (handoff.status !== 'pending' && handoff.status !== 'picked_up') return false;
  return handoff.createdAt <= at && at < handoff.until;
}

/** C7: the end of `current`, extended over absences of the same person that overlap or touch it. */
function joinedEnd(absences: readonly CoverageAbsence[], userId: string, current: CoverageAbsence): number {
  const own: CoverageAbsence[] = [];
  for (const a of absences) if (a.userId === userId) own.push(a);
  own.sort(byFrom);
  let end = endOf(current);
  for (const a of own) if (a.from <= end && endOf(a) > end) end = endOf(a);
  return end;
}

const endOf = (a: CoverageAbsence) => (a.endedAt != null ? Math.min(a.to, a.endedAt) : a.to);
const byFrom = (a: CoverageAbsence, b: CoverageAbsence) => a.from - b.from;

/** True when `userId` is available at `at` (C4 without the owner clause): used by lead round robin. */
export function isAvailable(options: {
  userId: string;
  people: ReadonlyMap<string, CoveragePerson>;
  absences: readonly CoverageAbsence[];
  at: number;
}): boolean {
  const p = options.people.get(options.userId);
  if (!p || !p.active) return false;
  return !options.absences.some((a) => a.userId === options.userId && isActive(a, options.at));
}

export interface CoveragePerson {
  id: string;
  /** False once deactivated (offboarded). */
  active: boolean;
  deputyId: string | null;
}

export interface CoverageAbsence {
  id: string;
  userId: string;
  kind: AbsenceKind;
  from: number;
  to: number;
  /** Who should take this person's cases during this absence (C3a); null: the chain decides. */
  handToId: string | null;
  /** Set when the absence was ended early. */
  endedAt?: number | null;
}

export interface CoverageHandoff {
  id: string;
  dossierId: string;
  fromUserId: string;
  toUserId: string;
  /** Null for a permanent hand-off (it changes the owner; coverage ignores it). */
  until: number | null;
  status: 'pending' | 'picked_up' | 'returned' | 'cancelled' | 'completed';
  createdAt: number;
}

export interface CoverageDossier {
  id: string;
  ownerId: string;
  standInIds: readonly string[];
}

export interface CoverageInput {
  dossier: CoverageDossier;
  /** Everyone the chain may name (owner, stand-ins, deputies, managers), by id. */
  people: ReadonlyMap<string, CoveragePerson>;
  /** Absences that may be in force at `at` (others are ignored by the time check). */
  absences: readonly CoverageAbsence[];
  handoffs: readonly CoverageHandoff[];
  /** The dossier team's managers, in the order they are asked (C3d). */
  teamManagerIds: readonly string[];
  at: number;
}

export type CoverageReason = AbsenceKind | 'handoff' | 'deactivated';
export type CoverageVia = 'hand_off' | 'hand_to' | 'stand_in' | 'deputy' | 'manager';

interface CoverageFacts {
  forUserId: string;
  reason: CoverageReason;
  until: number | null;
}

export type Coverage =
  | { kind: 'owner'; actingOwnerId: string }
  | ({ kind: 'handoff'; actingOwnerId: string; handoffId: string; via: 'hand_off' } & CoverageFacts)
  | ({
      kind: 'covered';
      actingOwnerId: string;
      via: Exclude<CoverageVia, 'hand_off'>;
      absenceId: string | null;
    } & CoverageFacts)
  | ({ kind: 'gap'; actingOwnerId: null; cause: 'cycle' | 'exhausted'; absenceId: string | null } & CoverageFacts);
