import type { AbsenceDTO, HandoffDTO } from '../../src/lib/contract/continuity';

/**
 * What the simulation has been TOLD by the services (from their responses), kept independently of their
 * stores: absences and hand-offs by scenario key, departed people. The invariant check uses it as a second
 * opinion ("the acting owner is not someone the API told us is away or gone") without re-implementing the
 * coverage rule, and the runner uses it to know which instants are coverage boundaries.
 */
export class SimLedger {
  readonly absences = new Map<
    string,
    { id: string; userId: string; from: number; to: number; endedAt: number | null; handToId: string | null }
  >();
  readonly handoffs = new Map<
    string,
    { id: string; dossierId: string; toUserId: string; until: number | null; status: string }
  >();
  readonly departed = new Set<string>();

  putAbsence(key: string, dto: AbsenceDTO): void {
    this.absences.set(key, {
      id: dto.id,
      userId: dto.userId,
      from: Date.parse(dto.from),
      to: Date.parse(dto.to),
      endedAt: dto.endedAt ? Date.parse(dto.endedAt) : null,
      handToId: dto.handToId
    });
  }

  putHandoff(key: string, dto: HandoffDTO): void {
    this.handoffs.set(key, {
      id: dto.id,
      dossierId: dto.dossierId,
      toUserId: dto.toUserId,
      until: dto.until ? Date.parse(dto.until) : null,
      status: dto.status
    });
  }

  /** Absent per what the API told us (from ≤ at < min(to, endedAt)). */
  isAbsent(userId: string, at: number): boolean {
    for (const a of this.absences.values()) {
      if (a.userId !== userId) continue;
      const end = a.endedAt !== null ? Math.min(a.to, a.endedAt) : a.to;
      if (a.from <= at && at < end) return true;
    }
    return false;
  }

  /** Every instant at which coverage may change by time alone (absence edges, hand-off returns), sorted. */
  boundaries(): number[] {
    const out: number[] = [];
    for (const a of this.absences.values()) out.push(a.from, a.endedAt !== null ? Math.min(a.to, a.endedAt) : a.to);
    for (const h of this.handoffs.values()) if (h.until !== null) out.push(h.until);
    return out.sort((x, y) => x - y);
  }
}
