import type { InteractionType, KpiDurationDTO } from '../../../src/lib/contract';
import { INTERACTION_TYPES } from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import { localDay, zonedTime } from '../../kernel/zoned-time';

/*
 * KPI rules (issue #10), pure.
 *
 * P1 A period is whole local days `from`..`to` (inclusive) in the team's time zone: the instants
 *    [local midnight of `from`, local midnight after `to`). So 23:30 local on the last day is inside, and a DST
 *    month is 743 or 745 hours long, as on the wall clock.
 * P2 The previous period has the same number of days and ends the day before `from`.
 * P3 Without dates: the current month so far (1st of the month .. today, local).
 * P4 `from` ≤ `to`, at most MAX_PERIOD_DAYS days.
 * W1 Interaction weeks start on Monday (local); the first starts on the period's first day.
 * Q1 median: the middle value, the mean of the two middle ones for an even count; null for none.
 * Q2 p90: nearest rank, the value at rank ⌈0.9·n⌉ of the sorted values; null for none.
 * R1 rates are part / whole rounded to 4 decimals; null when the whole is 0.
 * R2 per week = count ÷ (days ÷ 7), rounded to 2 decimals.
 * T1 a callback is on time when it was done at or before its due time.
 * T2 a task is overdue in a period when its due time lies in the period, before now, and it was not done by then
 *    (still open, or done after its due time).
 */
export const MAX_PERIOD_DAYS = 366;
const DAY_MS = 86_400_000;

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface Period {
  from: string;
  to: string;
  start: number;
  end: number;
  days: number;
}

export function parseDate(text: string): LocalDate {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

export function formatDate(d: LocalDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Plain calendar arithmetic (no zone): `date` moved by `days`. */
export function addDays(date: string, days: number): string {
  const d = parseDate(date);
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return formatDate({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() });
}

/** Calendar days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  const [x, y] = [parseDate(a), parseDate(b)];
  return Math.round((Date.UTC(y.year, y.month - 1, y.day) - Date.UTC(x.year, x.month - 1, x.day)) / DAY_MS);
}

/** The local date of an instant in a zone. */
export function localDate(at: number, timeZone: string): string {
  return formatDate(localDay(at, timeZone));
}

/** P1: the instants of local days from..to. */
export function periodOf(options: { from: string; to: string; timeZone: string }): Period {
  const { from, to, timeZone } = options;
  const days = daysBetween(from, to) + 1;
  if (days < 1) throw new DomainError('invalid', '`from` must not be after `to`'); // P4
  if (days > MAX_PERIOD_DAYS) throw new DomainError('invalid', `a period is at most ${MAX_PERIOD_DAYS} days`);
  const start = zonedTime({ ...parseDate(from), minuteOfDay: 0, timeZone });
  const end = zonedTime({ ...parseDate(addDays(to, 1)), minuteOfDay: 0, timeZone });
  return { from, to, start, end, days };
}

/** P2 */
export function previousPeriod(period: Period, timeZone: string): Period {
  return periodOf({ from: addDays(period.from, -period.days), to: addDays(period.from, -1), timeZone });
}

/** P3 with P1: the requested period, defaulting to this month so far. */
export function requestedPeriod(options: { from?: string; to?: string; now: number; timeZone: string }): Period {
  const to = options.to ?? localDate(options.now, options.timeZone);
  const from = options.from ?? `${to.slice(0, 8)}01`;
  return periodOf({ from, to, timeZone: options.timeZone });
}

/** W1: the first local date of each week bucket of the period. */
export function weekStarts(period: Pick<Period, 'from' | 'to'>): string[] {
  const starts = [period.from];
  const d = parseDate(period.from);
  const weekday = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay(); // 0 = Sunday
  let next = addDays(period.from, (8 - weekday) % 7 || 7);
  while (next <= period.to) {
    starts.push(next);
    next = addDays(next, 7);
  }
  return starts;
}

/** Q1 */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Q2 */
export function p90(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.ceil(0.9 * s.length) - 1]!;
}

/** Q1 Q2 over durations in ms, reported in minutes (1 decimal). */
export function durationStats(durationsMs: readonly number[]): KpiDurationDTO {
  const minutes = (v: number | null) => (v === null ? null : Math.round(v / 6_000) / 10);
  return {
    count: durationsMs.length,
    medianMinutes: minutes(median(durationsMs)),
    p90Minutes: minutes(p90(durationsMs))
  };
}

/** R1 */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
}

/** R2 */
export function perWeek(count: number, days: number): number {
  return Math.round((count / (days / 7)) * 100) / 100;
}

/** T1 */
export function doneOnTime(task: { dueAt: number; doneAt: number | null }): boolean {
  return task.doneAt !== null && task.doneAt <= task.dueAt;
}

/** T2 */
export function overdueIn(
  task: { dueAt: number; doneAt: number | null },
  period: Pick<Period, 'start' | 'end'>,
  now: number
): boolean {
  if (task.dueAt < period.start || task.dueAt >= Math.min(period.end, now)) return false;
  return task.doneAt === null || task.doneAt > task.dueAt;
}

export function emptyByType(): Record<InteractionType, number> {
  return Object.fromEntries(INTERACTION_TYPES.map((t) => [t, 0])) as Record<InteractionType, number>;
}
