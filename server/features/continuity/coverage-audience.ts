import type { CoverageAbsence } from '../../kernel/coverage';
import { coverageFollowers, shadowStarts } from '../../kernel/coverage-audience';
import type { StoredEvent } from '../../kernel/events';
import type { Dossier, User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import type { CoverageService } from './coverage.service';

/** SHADOW_DAYS default: a working week of following the owner's dossiers before a planned absence. */
export const DEFAULT_SHADOW_DAYS = 5;
const DAY_MS = 86_400_000;
/** Upcoming absences are read at most once a minute: the shadow window moves in days, not seconds. */
const UPCOMING_CACHE_MS = 60_000;

/**
 * Who follows which dossier through coverage (kernel/coverage-audience.ts F1–F3), for the feed: live pushes to
 * followers outside the dossier's team, and feed:resume of the dossiers someone covers. One dossier read and one
 * coverage batch per routed dossier event (never per list row); the coverage service short-circuits dossiers
 * whose owner is present.
 */
export interface CoverageAudience {
  /** Users outside the event's team who follow its dossier now (empty for events without a dossier). */
  followersOf(event: StoredEvent): Promise<string[]>;
  /**
   * The dossiers `userId` follows through coverage now (F1) or shadows before a planned absence (F2: those they
   * will act for when it starts), with their teams: feed:resume reads their events, as followersOf pushes them.
   */
  followedBy(userId: string): Promise<Array<{ dossierId: string; teamId: string }>>;
}

export function createCoverageAudience(deps: {
  coverage: Pick<CoverageService, 'coverageOf' | 'coveringFor'>;
  dossiers: { find(id: string): Promise<Dossier | null>; findMany(ids: readonly string[]): Promise<Dossier[]> };
  people: { get(id: string): Promise<User | null> };
  /** Absences overlapping [from, to) (the absence store's listOverlapping); none when not wired. */
  absencesBetween?: (from: number, to: number) => Promise<CoverageAbsence[]>;
  /** SHADOW_DAYS: how long before a planned absence its stand-ins follow the owner's dossiers (F2). */
  shadowDays?: number;
  clock: Clock;
}): CoverageAudience {
  const shadowMs = (deps.shadowDays ?? DEFAULT_SHADOW_DAYS) * DAY_MS;
  let upcoming: { readAt: number; absences: Promise<CoverageAbsence[]> } | null = null;

  const upcomingAbsences = (now: number): Promise<CoverageAbsence[]> => {
    if (!deps.absencesBetween) return Promise.resolve([]);
    if (!upcoming || now - upcoming.readAt >= UPCOMING_CACHE_MS || now < upcoming.readAt) {
      // Read one cache period further so an absence starting just inside the window by the next read is seen.
      upcoming = { readAt: now, absences: deps.absencesBetween(now, now + shadowMs + UPCOMING_CACHE_MS + 1) };
      upcoming.absences.catch(() => (upcoming = null));
    }
    return upcoming.absences;
  };

  return {
    async followersOf(event) {
      if (!event.dossierId) return [];
      const dossier = await deps.dossiers.find(event.dossierId);
      if (!dossier) return [];
      const now = deps.clock.now();
      const starts = shadowStarts({ userId: dossier.ownerId, absences: await upcomingAbsences(now), now, shadowMs });
      const [current, ...atStarts] = await Promise.all([
        deps.coverage.coverageOf([dossier], now),
        ...starts.map((at) => deps.coverage.coverageOf([dossier], at))
      ]);
      const followers = coverageFollowers({
        ownerId: dossier.ownerId,
        now: current.get(dossier.id) ?? { kind: 'owner', actingOwnerId: dossier.ownerId },
        atStarts: atStarts.flatMap((m) => m.get(dossier.id) ?? [])
      });
      // Members of the dossier's team already receive its team events through the team room.
      const outside: string[] = [];
      for (const id of followers) {
        const user = await deps.people.get(id);
        if (user && user.role !== 'admin' && !user.teamIds.includes(dossier.teamId)) outside.push(id);
      }
      return outside;
    },

    async followedBy(userId) {
      const now = deps.clock.now();
      // F2 mirrored from followersOf: the starts of every planned absence in the shadow window (shadowStarts per
      // absent person), and what `userId` will cover at each. A handful of absences start in any week, and
      // resume runs once per reconnect, so one coverage evaluation per distinct start is affordable.
      const absences = await upcomingAbsences(now);
      const starts = [...new Set(absences.map((a) => a.userId))].flatMap((absentId) =>
        shadowStarts({ userId: absentId, absences, now, shadowMs })
      );
      const found = await Promise.all([
        deps.coverage.coveringFor(userId, now),
        ...[...new Set(starts)].map((at) => deps.coverage.coveringFor(userId, at))
      ]);
      const ids = [...new Set(found.flat().map((c) => c.dossierId))];
      if (ids.length === 0) return [];
      const dossiers = await deps.dossiers.findMany(ids);
      return dossiers.map((d) => ({ dossierId: d.id, teamId: d.teamId }));
    }
  };
}
