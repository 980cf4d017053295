import type { AbsenceDTO, AbsenceStatus } from '../../../src/lib/contract';
import type { CoverageAbsence } from '../../kernel/coverage';
import type { User } from '../../kernel/types';
import { absenceEnd, type Absence } from './absence-store';

/**
 * Absence rules (issue #9), pure:
 * - AR1 anyone records, edits and ends their own absences; a manager those of the members of their teams
 *   (illness called in, any kind); an admin everyone's. Viewers only their own.
 * - AR2 the same people set a person's deputy.
 * - AR3 status: 'ended' once ended early or past `to`; 'active' from `from`; 'planned' before.
 */
export function mayManageAbsencesOf(actor: User, person: Pick<User, 'id' | 'teamIds'>): boolean {
  if (actor.id === person.id || actor.role === 'admin') return true;
  return actor.role === 'manager' && person.teamIds.some((t) => actor.teamIds.includes(t));
}

/** AR3 */
export function absenceStatus(a: Absence, now: number): AbsenceStatus {
  if (a.endedAt !== null || now >= absenceEnd(a)) return 'ended';
  return now >= a.from ? 'active' : 'planned';
}

export function absenceDTO(a: Absence, names: ReadonlyMap<string, string>, now: number): AbsenceDTO {
  return {
    id: a.id,
    userId: a.userId,
    userName: names.get(a.userId) ?? '',
    kind: a.kind,
    from: new Date(a.from).toISOString(),
    to: new Date(a.to).toISOString(),
    handToId: a.handToId,
    handToName: a.handToId ? (names.get(a.handToId) ?? '') : null,
    note: a.note,
    status: absenceStatus(a, now),
    endedAt: a.endedAt === null ? null : new Date(a.endedAt).toISOString(),
    createdById: a.createdById,
    createdAt: new Date(a.createdAt).toISOString()
  };
}

/** The kernel's view of an absence (coverage rule input). */
export const coverageAbsence = (a: Absence): CoverageAbsence => ({
  id: a.id,
  userId: a.userId,
  kind: a.kind,
  from: a.from,
  to: a.to,
  handToId: a.handToId,
  endedAt: a.endedAt
});

/** An overlay entry that makes an absence count for nothing (before it was recorded, or before it began). */
export const notInForce = (a: Absence): CoverageAbsence => ({ ...coverageAbsence(a), from: 0, to: 0 });
