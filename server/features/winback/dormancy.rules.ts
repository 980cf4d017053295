import type { Stage } from '../../../src/lib/contract';
import { addMonthsUtc } from './months';

/*
 * Sleeping customers (issue #11). Pure; the clock is a parameter.
 *
 * D1 A dossier is SLEEPING when its stage is `customer` or `key_account` and its last activity is more than
 *    `dormantAfterMonths` calendar months before `now` (strictly: exactly 24 months quiet is not yet sleeping).
 *    Its last activity is its newest interaction, or its creation when none was ever logged (a customer
 *    entered yesterday without history is not sleeping; one imported with back-dated history is judged by it).
 * D2 The sweep moves every sleeping dossier to `dormant` once, with the reason on the timeline (the lifecycle's
 *    L4 `went_dormant` move); a dossier already dormant (or anywhere else) is never moved by it.
 * D3 The sleeping list shows sleeping dossiers (not yet swept) and dormant ones (swept, or moved by hand).
 *
 * Ranking (GET /api/sleeping):
 * W1 pastValue = the sum of all order amounts ever logged on the dossier.
 * W2 warmth = activity × recency, rounded to one decimal, where
 *    activity = the number of interactions in the WARMTH_WINDOW_MONTHS (36) before the last one (the customer's
 *               last active years: how much was going on while the relationship was alive), and
 *    recency  = 0.5 ^ (months quiet beyond the dormancy period / 12): the trail halves every further year
 *               (contacts change, a customer quiet for 5 years is colder than one quiet for 25 months).
 *    A customer with 40 contacts in its last three active years, quiet for 26 months (24 + 2): 40 × 0.5^(2/12)
 *    ≈ 35.6; the same customer quiet for 48 months: 40 × 0.5^2 = 10.
 * W3 Sort `value`: pastValue desc, then warmth desc, then company; sort `warmth`: warmth desc, then pastValue
 *    desc, then company.
 */

export const SLEEPING_STAGES: readonly Stage[] = ['customer', 'key_account'];
export const WARMTH_WINDOW_MONTHS = 36;
export const MONTH_MS = (365.25 / 12) * 86_400_000;

/** D1: the moment before which the last activity must lie for a dossier to be sleeping at `now`. */
export function quietCutoff(options: { now: number; dormantAfterMonths: number }): number {
  return addMonthsUtc(options.now, -options.dormantAfterMonths);
}

/** D1 */
export function isSleeping(options: {
  stage: Stage;
  lastInteractionAt: number | null;
  createdAt: number;
  now: number;
  dormantAfterMonths: number;
}): boolean {
  if (!SLEEPING_STAGES.includes(options.stage)) return false;
  const lastActivity = options.lastInteractionAt ?? options.createdAt;
  return lastActivity < quietCutoff(options);
}

/** W2 */
export function warmth(options: {
  recentInteractions: number;
  lastActivityAt: number;
  now: number;
  dormantAfterMonths: number;
}): number {
  const quietMonths = Math.max(0, (options.now - options.lastActivityAt) / MONTH_MS);
  const beyond = Math.max(0, quietMonths - options.dormantAfterMonths);
  const value = options.recentInteractions * Math.pow(0.5, beyond / 12);
  return Math.round(value * 10) / 10;
}

/** Whole months between the last activity and now (for the list). */
export function quietMonths(options: { lastActivityAt: number; now: number }): number {
  return Math.max(0, Math.floor((options.now - options.lastActivityAt) / MONTH_MS));
}

export interface RankedSleeper {
  company: string;
  pastValue: number;
  warmth: number;
}

/** W3 */
export function compareSleepers(sort: 'value' | 'warmth') {
  return (a: RankedSleeper, b: RankedSleeper): number => {
    const primary = sort === 'value' ? b.pastValue - a.pastValue : b.warmth - a.warmth;
    if (primary !== 0) return primary;
    const secondary = sort === 'value' ? b.warmth - a.warmth : b.pastValue - a.pastValue;
    if (secondary !== 0) return secondary;
    return a.company.localeCompare(b.company, 'de');
  };
}

/** D2: the reason the sweep writes on the timeline. */
export function dormancyReason(dormantAfterMonths: number): string {
  return `No interaction for more than ${dormantAfterMonths} months (dormancy sweep)`;
}
