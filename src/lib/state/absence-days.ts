import { dayKey, fromLocal, toLocal } from './zoned-time';

/**
 * Absences are entered as calendar days with optional half days and travel as instants (RecordAbsenceInput).
 * The days are read in the TEAM's time zone (Europe/Berlin unless the team says otherwise), not the browser's:
 * a rep in Lisbon booking "Mon–Fri" for a Berlin team is away Monday 00:00 to Saturday 00:00 Berlin time.
 * Half days split at noon: a morning is 00:00–12:00, an afternoon 12:00–24:00. Intl only (zoned-time.ts),
 * DST handled there (the absence over the last Sunday of October is 25 hours longer than 7 × 24, as it is).
 */

/** How the first day starts: the whole day, or only its afternoon. */
export type StartHalf = 'full' | 'afternoon';
/** How the last day ends: the whole day, or only its morning. */
export type EndHalf = 'full' | 'morning';

export interface AbsenceDays {
  /** 'YYYY-MM-DD', first day away. */
  fromDay: string;
  fromHalf: StartHalf;
  /** 'YYYY-MM-DD', last day away (inclusive). */
  toDay: string;
  toHalf: EndHalf;
}

export type AbsenceInstantsResult = { ok: true; from: string; to: string } | { ok: false; error: 'invalid' | 'order' };

const NOON = 12;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(key: string): { year: number; month: number; day: number } | null {
  const m = DAY_RE.exec(key);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** The day key `days` after `key` (calendar arithmetic, no zone involved). */
export function addDays(key: string, days: number): string {
  const p = parseDay(key);
  if (!p) return key;
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day + days));
  return d.toISOString().slice(0, 10);
}

/** The instant `hour`:00 on a calendar day in the zone. */
function at(key: string, hour: number, timeZone: string): number {
  const p = parseDay(key)!;
  return fromLocal({ ...p, hour, minute: 0 }, timeZone);
}

/** Days and half days → the instants the contract takes. The last day is inclusive. */
export function absenceInstants(options: AbsenceDays & { timeZone: string }): AbsenceInstantsResult {
  const { fromDay, fromHalf, toDay, toHalf, timeZone } = options;
  if (!parseDay(fromDay) || !parseDay(toDay)) return { ok: false, error: 'invalid' };
  const from = at(fromDay, fromHalf === 'afternoon' ? NOON : 0, timeZone);
  const to = toHalf === 'morning' ? at(toDay, NOON, timeZone) : at(addDays(toDay, 1), 0, timeZone);
  if (to <= from) return { ok: false, error: 'order' };
  return { ok: true, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** "Ill from now": from stays unset (the server takes now); away until the end of the chosen day. */
export function untilEndOf(options: { day: string; timeZone: string }): string | null {
  if (!parseDay(options.day)) return null;
  return new Date(at(addDays(options.day, 1), 0, options.timeZone)).toISOString();
}

/**
 * The last day an absence covers: one ending at midnight ends the day before; one ending at noon or any
 * other time ends that day. For "until Fri 4 Dec".
 */
export function lastDayOf(options: { to: string; timeZone: string }): string {
  return dayKey(Date.parse(options.to) - 1, options.timeZone);
}

/** Instants back to days for editing a recorded absence (the inverse of absenceInstants for its outputs). */
export function absenceDays(options: { from: string; to: string; timeZone: string }): AbsenceDays {
  const from = Date.parse(options.from);
  const to = Date.parse(options.to);
  const start = toLocal(from, options.timeZone);
  const end = toLocal(to, options.timeZone);
  const endsAtNoon = end.hour === NOON && end.minute === 0;
  return {
    fromDay: dayKey(from, options.timeZone),
    fromHalf: start.hour >= NOON ? 'afternoon' : 'full',
    toDay: endsAtNoon ? dayKey(to, options.timeZone) : lastDayOf(options),
    toHalf: endsAtNoon ? 'morning' : 'full'
  };
}

/** A day key for display with Intl (read in UTC, where the key's midnight lives): "Fri 4 Dec". */
export function formatDay(options: { day: string; locale: string; withYear?: boolean }): string {
  const p = parseDay(options.day);
  if (!p) return options.day;
  return new Intl.DateTimeFormat(options.locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: options.withYear ? 'numeric' : undefined,
    timeZone: 'UTC'
  }).format(new Date(Date.UTC(p.year, p.month - 1, p.day)));
}

/** Day names as the team reads them: English in the British order ("Fri 4 Dec"), German as is. */
export function dayLocale(locale: string): string {
  return locale === 'en' ? 'en-GB' : locale;
}

/** "Fri 4 Dec": the last day an absence or cover ending at `to` includes, in the team's zone. */
export function formatUntil(options: { to: string; timeZone: string; locale: string }): string {
  return formatDay({ day: lastDayOf(options), locale: dayLocale(options.locale) });
}
