/*
 * Premium customers (issue #11). Pure.
 *
 * PR1 Revenue of a customer = the sum of its order amounts in the last 12 (and, shown beside it, 36) calendar
 *     months before now. Only customers and key accounts are ranked (a lead with one order is not premium yet).
 * PR2 The premium list is the top `share` (default PREMIUM_SHARE, 0.2: the classic 80/20) of the customers with
 *     12-month revenue above zero, by 12-month revenue, ceil(share × n) of them (at least one when any exists);
 *     ties by 36-month revenue, then company.
 * PR3 Suggestions: the `premium` tag where the dossier lacks it (ignoring case), and the owner as key-account
 *     manager where none is set (the person who knows the account best).
 */

export interface Ranked {
  company: string;
  revenue12: number;
  revenue36: number;
}

/** PR2 */
export function premiumTop<T extends Ranked>(customers: readonly T[], share: number): T[] {
  const withRevenue = customers.filter((c) => c.revenue12 > 0);
  const sorted = [...withRevenue].sort(
    (a, b) => b.revenue12 - a.revenue12 || b.revenue36 - a.revenue36 || a.company.localeCompare(b.company, 'de')
  );
  const count = sorted.length === 0 ? 0 : Math.max(1, Math.ceil(share * sorted.length - 1e-9));
  return sorted.slice(0, count);
}

/** PR3 */
export function hasTag(tags: readonly string[], tag: string): boolean {
  const key = tag.toLocaleLowerCase('de');
  return tags.some((t) => t.toLocaleLowerCase('de') === key);
}
