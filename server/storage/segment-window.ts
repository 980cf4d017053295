import { REVENUE_WINDOW_MONTHS } from '../../src/lib/contract';

/**
 * The day and window arithmetic of SegmentStore SG5, shared by the SQLite and MongoDB adapters so both draw
 * the same lines (a list must not change its members when the store changes).
 */
const DAY_MS = 86_400_000;

/** The revenue window starts this long before "now": calendar months are approximated by 30.44 days. */
export const revenueWindowStart = (now: number): number => now - Math.round(REVENUE_WINDOW_MONTHS * 30.44 * DAY_MS);

/** A filter's day (YYYY-MM-DD) as the epoch ms of its start in UTC. */
export const dayStart = (date: string): number => Date.parse(`${date}T00:00:00Z`);
