/**
 * Period presets of the KPI page (pure): local dates in the team's time zone, `to` included. "This …" periods
 * run to today (the figures so far); "last …" are the whole previous week, month, quarter or year.
 * Weeks start on Monday.
 */
export const KPI_PRESETS = [
  'thisWeek',
  'lastWeek',
  'thisMonth',
  'lastMonth',
  'thisQuarter',
  'lastQuarter',
  'thisYear',
  'lastYear',
  'custom'
] as const;
export type KpiPreset = (typeof KPI_PRESETS)[number];

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, day: number) => new Date(Date.UTC(y, m, day));

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now: number = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The dates of a preset around `today`; null for custom. */
export function presetRange(preset: KpiPreset, today: string): { from: string; to: string } | null {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const month = m - 1;
  const weekday = (utc(y, month, d).getUTCDay() + 6) % 7; // Monday 0
  const quarter = Math.floor(month / 3) * 3;
  switch (preset) {
    case 'thisWeek':
      return { from: iso(utc(y, month, d - weekday)), to: today };
    case 'lastWeek':
      return { from: iso(utc(y, month, d - weekday - 7)), to: iso(utc(y, month, d - weekday - 1)) };
    case 'thisMonth':
      return { from: iso(utc(y, month, 1)), to: today };
    case 'lastMonth':
      return { from: iso(utc(y, month - 1, 1)), to: iso(utc(y, month, 0)) };
    case 'thisQuarter':
      return { from: iso(utc(y, quarter, 1)), to: today };
    case 'lastQuarter':
      return { from: iso(utc(y, quarter - 3, 1)), to: iso(utc(y, quarter, 0)) };
    case 'thisYear':
      return { from: iso(utc(y, 0, 1)), to: today };
    case 'lastYear':
      return { from: iso(utc(y - 1, 0, 1)), to: iso(utc(y - 1, 11, 31)) };
    case 'custom':
      return null;
  }
}

/** Relative change from `previous` to `current`: null when either is missing or the previous was 0. */
export function relativeChange(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / previous;
}
