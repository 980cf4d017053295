import { isActive, type Coverage, type CoverageAbsence } from './coverage';

/**
 * Who follows a dossier's events because of coverage (issue #9), beyond its team. Pure; the feed's socket
 * routing and feed:resume ask it through the continuity feature (coverage-audience.ts), and `mayReceive`
 * (events.ts) takes the answer as its `follows` fact, so EVENT_AUDIENCE stays the one routing declaration:
 * coverage widens who counts as the audience of a team or dossier event, never which events are public.
 *
 * - F1 Whoever acts for the dossier now through coverage (C2/C3: a hand-off's receiver, the absent owner's
 *      stand-in) follows it: they see what happens on what they cover, across teams.
 * - F2 Shadow week: for each planned absence of the owner that starts within `shadowMs` after `now` (not ended
 *      or cancelled), whoever WILL act when it starts (the rule evaluated at its start) follows it from now on,
 *      so nobody starts cold.
 * - F3 The owner is never added (they follow their own dossiers through their team), nor anyone in a gap.
 */
export function coverageFollowers(options: {
  ownerId: string;
  /** The dossier's coverage now. */
  now: Coverage;
  /** The dossier's coverage at the start of each absence in the shadow window (see shadowStarts). */
  atStarts: readonly Coverage[];
}): string[] {
  const out = new Set<string>();
  for (const c of [options.now, ...options.atStarts]) {
    if (c.kind !== 'owner' && c.actingOwnerId && c.actingOwnerId !== options.ownerId) out.add(c.actingOwnerId);
  }
  return [...out];
}

/** F2: the starts of `userId`'s absences that begin in (now, now + shadowMs] and are not cancelled, ascending. */
export function shadowStarts(options: {
  userId: string;
  absences: readonly CoverageAbsence[];
  now: number;
  shadowMs: number;
}): number[] {
  const { now, shadowMs } = options;
  const starts = options.absences
    .filter((a) => a.userId === options.userId && a.from > now && a.from - now <= shadowMs)
    .filter((a) => isActive(a, a.from))
    .map((a) => a.from);
  return [...new Set(starts)].sort((a, b) => a - b);
}
