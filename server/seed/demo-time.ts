import type { SeededRandom } from './seeded-random';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * A moment in office hours (Mon–Fri, 07:00–17:59 UTC) within [lower, upper]: activity feeds, "last updated"
 * columns and timelines look wrong when things happened at 3 a.m. on a Sunday. Shared by the demo company and
 * its history so both place moments alike.
 */
export function officeMoment(rng: SeededRandom, lower: number, upper: number): number {
  const from = Math.ceil(lower);
  const to = Math.max(from, Math.floor(upper));
  const t = from + rng.next() * (to - from);
  let day = Math.floor(t / DAY) * DAY;
  const weekday = new Date(day).getUTCDay();
  if (weekday === 6) day -= DAY;
  if (weekday === 0) day -= 2 * DAY;
  const moment = day + rng.int(7, 17) * HOUR + rng.int(0, 59) * MINUTE;
  return Math.min(to, Math.max(from, moment));
}
