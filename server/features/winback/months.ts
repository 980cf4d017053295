/**
 * Calendar months in UTC: "24 months before 2026-11-29T10:00Z" is 2024-11-29T10:00Z. A day that does not exist
 * in the target month is clamped to its last day (31 March − 1 month = 28/29 February), so the result never
 * spills into the next month. Dormancy is counted in months over years, where an hour of time zone does not matter.
 */
export function addMonthsUtc(at: number, months: number): number {
  const d = new Date(at);
  const day = d.getUTCDate();
  const target = new Date(at);
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.getTime();
}
