import { DomainError } from './domain-error';

/**
 * Wall-clock time in IANA zones (pure, Intl only): the instant a local time occurs, local day bounds, and the
 * instants of an absence given as whole or half days. Used by follow-ups (working hours, due buckets) and
 * continuity (absences); moved here from followups.rules.ts so both share one implementation.
 */

const MINUTE = 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localTime(at: number, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return parts as unknown as LocalTime;
}

/** The zone's offset from UTC at an instant, in ms (Europe/Berlin: +1 h in winter, +2 h in summer). */
function offsetAt(at: number, timeZone: string): number {
  const t = localTime(at, timeZone);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The instant a wall-clock time occurs in a zone. Two passes settle the offset across a DST change; a time in
 * the spring-forward gap lands an hour later (working hours never start at 02:30, so this only keeps it total).
 */
export function zonedTime(options: {
  year: number;
  month: number;
  day: number;
  minuteOfDay: number;
  timeZone: string;
}): number {
  const guess = Date.UTC(options.year, options.month - 1, options.day) + options.minuteOfDay * MINUTE;
  const first = guess - offsetAt(guess, options.timeZone);
  const second = guess - offsetAt(first, options.timeZone);
  return second;
}

/** The local calendar day of an instant, as its midnight-based parts and weekday. */
export function localDay(at: number, timeZone: string): { year: number; month: number; day: number; weekday: number } {
  const t = localTime(at, timeZone);
  return {
    year: t.year,
    month: t.month,
    day: t.day,
    weekday: new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDay()
  };
}

/** The next calendar day after year-month-day (plain date arithmetic, no zone involved). */
export function nextDay(d: { year: number; month: number; day: number }) {
  const next = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  return {
    year: next.getUTCFullYear(),
    month: next.getUTCMonth() + 1,
    day: next.getUTCDate(),
    weekday: next.getUTCDay()
  };
}

/** The instants bounding the local calendar day that contains `at`: [start of today, start of tomorrow). */
export function localDayBounds(options: { at: number; timeZone: string }): { start: number; end: number } {
  const today = localDay(options.at, options.timeZone);
  const tomorrow = nextDay(today);
  return {
    start: zonedTime({ ...today, minuteOfDay: 0, timeZone: options.timeZone }),
    end: zonedTime({ ...tomorrow, minuteOfDay: 0, timeZone: options.timeZone })
  };
}

/** Half-day boundary of an absence ("morning" = until 12:00, "afternoon" = from 12:00), minutes after midnight. */
export const NOON_MINUTE = 12 * 60;

export type AbsenceDayPart = 'day' | 'morning' | 'afternoon';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(text: string): { year: number; month: number; day: number } {
  const m = DATE.exec(text);
  const parts = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
  const valid = parts && new Date(Date.UTC(parts.year, parts.month - 1, parts.day)).toISOString().slice(0, 10) === text;
  if (!parts || !valid) throw new DomainError('invalid', `not a calendar date (YYYY-MM-DD): ${text}`);
  return parts;
}

/**
 * The instants [from, to) of an absence given in local days of `timeZone` (the team's).
 * - `date` .. `toDate` (inclusive, default `date`) are whole days: from local midnight of `date` to local
 *   midnight after `toDate`. A DST Sunday therefore lasts 23 or 25 hours, as it does on the wall clock.
 * - `part` on a single day: 'morning' = 00:00–12:00, 'afternoon' = 12:00–24:00.
 * - On a range, `firstDay: 'afternoon'` starts it at 12:00 and `lastDay: 'morning'` ends it at 12:00.
 * Throws DomainError 'invalid' for a malformed date or an empty window.
 */
export function absenceWindow(options: {
  date: string;
  toDate?: string;
  part?: AbsenceDayPart;
  firstDay?: 'day' | 'afternoon';
  lastDay?: 'day' | 'morning';
  timeZone: string;
}): { from: number; to: number } {
  const { timeZone, part = 'day' } = options;
  const first = parseDate(options.date);
  const last = parseDate(options.toDate ?? options.date);
  const single = (options.toDate ?? options.date) === options.date;
  if (part !== 'day' && !single) throw new DomainError('invalid', 'a half day is a single day; use firstDay/lastDay');
  const startsAfternoon = part === 'afternoon' || options.firstDay === 'afternoon';
  const endsMorning = part === 'morning' || options.lastDay === 'morning';
  const from = zonedTime({ ...first, minuteOfDay: startsAfternoon ? NOON_MINUTE : 0, timeZone });
  const to = endsMorning
    ? zonedTime({ ...last, minuteOfDay: NOON_MINUTE, timeZone })
    : zonedTime({ ...nextDay(last), minuteOfDay: 0, timeZone });
  if (!(to > from)) throw new DomainError('invalid', 'the absence must end after it starts');
  return { from, to };
}
