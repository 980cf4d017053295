import type { TaskDue } from '../../../src/lib/contract';
import type { WorkingHours } from '../../kernel/team-calendar';

export { DEFAULT_TEAM_TIME_ZONE, DEFAULT_WORKING_HOURS, type WorkingHours } from '../../kernel/team-calendar';
// Wall-clock maths moved to the kernel (issue #9: absences need it too); re-exported for existing callers.
export { localDayBounds, zonedTime } from '../../kernel/zoned-time';
import { localDay, localDayBounds, nextDay, zonedTime } from '../../kernel/zoned-time';

const MINUTE = 60_000;
/** A year of days without a single working minute means the hours are unusable; stop instead of looping. */
const MAX_DAYS_SCANNED = 400;

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

/** Ticket due times by severity (issue #8: complaints are answered fast, in working time). */
export const TICKET_DUE_WORKING_MINUTES = { high: 4 * 60, normal: 2 * 9 * 60 } as const;
export type TicketSeverity = keyof typeof TICKET_DUE_WORKING_MINUTES;

/** Whether a status change is allowed for this kind: only tickets have the middle state in_progress. */
export function statusAllowed(kind: 'callback' | 'task' | 'ticket', status: 'open' | 'in_progress'): boolean {
  return status === 'open' || kind === 'ticket';
}
