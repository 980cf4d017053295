import type { TaskDue, TicketSeverity } from '../../../src/lib/contract';
import type { WorkingHours } from '../../kernel/team-calendar';

export { DEFAULT_TEAM_TIME_ZONE, DEFAULT_WORKING_HOURS, type WorkingHours } from '../../kernel/team-calendar';

const MINUTE = 60_000;
/** A year of days without a single working minute means the hours are unusable; stop instead of looping. */
const MAX_DAYS_SCANNED = 400;

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
function localDay(at: number, timeZone: string): { year: number; month: number; day: number; weekday: number } {
  const t = localTime(at, timeZone);
  return {
    year: t.year,
    month: t.month,
    day: t.day,
    weekday: new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDay()
  };
}

/** The next calendar day after year-month-day (plain date arithmetic, no zone involved). */
function nextDay(d: { year: number; month: number; day: number }) {
  const next = new Date(Date.UTC(d.year, d.month - 1, d.day + 1));
  return {
    year: next.getUTCFullYear(),
    month: next.getUTCMonth() + 1,
    day: next.getUTCDate(),
    weekday: next.getUTCDay()
  };
}

/**
 * Adds `minutes` of working time to `from`: only minutes inside the team's working hours, in its time zone,
 * count. Windows are turned into instants per local day, so a DST change (always at night in Europe) neither
 * adds nor loses an hour of a working day. Throws when the hours contain no working minute at all.
 */
export function addWorkingMinutes(options: {
  from: number;
  minutes: number;
  workingHours: WorkingHours;
  timeZone: string;
}): number {
  const { workingHours: wh, timeZone } = options;
  let remaining = options.minutes * MINUTE;
  let cursor = options.from;
  let day = localDay(cursor, timeZone);
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned++, day = nextDay(day)) {
    if (!wh.days.includes(day.weekday) || wh.endMinute <= wh.startMinute) continue;
    const open = zonedTime({ ...day, minuteOfDay: wh.startMinute, timeZone });
    const close = zonedTime({ ...day, minuteOfDay: wh.endMinute, timeZone });
    const start = Math.max(open, cursor);
    if (start >= close) continue;
    if (remaining <= close - start) return start + remaining;
    remaining -= close - start;
    cursor = close;
  }
  throw new Error('working hours contain no working time');
}

/**
 * ES1 when an overdue task is escalated: `delayMinutes` working minutes after it fell due (default 120, i.e.
 * 2 working hours). A callback due Friday 16:00 with Mon–Fri 08:00–17:00 escalates Monday 09:00, not Friday 18:00.
 */
export function escalationDueAt(options: {
  dueAt: number;
  workingHours: WorkingHours;
  timeZone: string;
  delayMinutes: number;
}): number {
  return addWorkingMinutes({
    from: options.dueAt,
    minutes: options.delayMinutes,
    workingHours: options.workingHours,
    timeZone: options.timeZone
  });
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

/**
 * DB1 the due window of a list bucket, as [from, before) in ms: overdue = due before now; today = from now to the
 * end of the local day; upcoming = from tomorrow's local midnight on.
 */
export function dueWindow(options: { due: TaskDue; now: number; timeZone: string }): {
  from?: number;
  before?: number;
} {
  const { end } = localDayBounds({ at: options.now, timeZone: options.timeZone });
  if (options.due === 'overdue') return { before: options.now };
  if (options.due === 'today') return { from: options.now, before: end };
  return { from: end };
}

/**
 * TS1 ticket due times by severity, in working minutes (issue #8: complaints are answered fast, in working time;
 * a working day is 9 hours under the default hours). Keys are the contract's TICKET_SEVERITIES.
 */
export const TICKET_DUE_WORKING_MINUTES = {
  critical: 60,
  high: 4 * 60,
  normal: 2 * 9 * 60,
  low: 5 * 9 * 60
} as const satisfies Record<TicketSeverity, number>;
export type { TicketSeverity };

/** Whether a status change is allowed for this kind: only tickets have the middle state in_progress. */
export function statusAllowed(kind: 'callback' | 'task' | 'ticket', status: 'open' | 'in_progress'): boolean {
  return status === 'open' || kind === 'ticket';
}
