/**
 * Calendar maths in a team's time zone (Europe/Berlin unless the team says otherwise) with Intl only: which
 * day a due time falls on, "tomorrow 09:00" as an instant, and the quick-log's free-form "when". The server
 * decides escalation and working hours; these only place and word things for the person looking at them.
 */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const partsFormat = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormat.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit'
    });
    partsFormat.set(timeZone, format);
  }
  return format;
}

/** Whether Intl knows the zone; a team with a typo'd zone falls back to the default rather than throwing. */
export function validTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return DEFAULT_TIME_ZONE;
  try {
    formatter(timeZone);
    return timeZone;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/** The wall-clock reading of an instant in a zone. */
export function toLocal(ms: number, timeZone: string): LocalDateTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second
  };
}

/** Zone offset (local − UTC) at an instant, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const l = toLocal(ms, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant a wall-clock time denotes in a zone. Two passes settle the offset across a DST switch; a time in
 * the spring-forward gap (02:30 on the last Sunday of March in Berlin) lands an hour later, like a clock would.
 */
export function fromLocal(local: LocalDateTime, timeZone: string): number {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const first = guess - offsetAt(guess, timeZone);
  return guess - offsetAt(first, timeZone);
}

/** 'YYYY-MM-DD' of the day an instant falls on in the zone: equal keys, same calendar day. */
export function dayKey(ms: number, timeZone: string): string {
  const l = toLocal(ms, timeZone);
  return `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
}

/** The calendar day `days` after the one `ms` falls on (in the zone), with weekday 0 = Sunday. */
function dayAfter(ms: number, timeZone: string, days: number) {
  const l = toLocal(ms, timeZone);
  const date = new Date(Date.UTC(l.year, l.month - 1, l.day + days));
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    weekday: date.getUTCDay()
  };
}

/** `hour:minute` on the day `days` after `now`'s day, in the zone. */
export function atDayOffset(options: {
  now: number;
  timeZone: string;
  days: number;
  hour: number;
  minute?: number;
}): number {
  const d = dayAfter(options.now, options.timeZone, options.days);
  return fromLocal({ ...d, hour: options.hour, minute: options.minute ?? 0 }, options.timeZone);
}

/** Start of the day after `now`'s day in the zone (when "today" tasks become "yesterday"'s). */
export function nextMidnight(options: { now: number; timeZone: string }): number {
  return atDayOffset({ ...options, days: 1, hour: 0 });
}

/** `hour:00` on the next working day (Mon–Fri) after today. */
export function nextWorkingDayAt(options: { now: number; timeZone: string; hour: number }): number {
  for (let days = 1; days <= 7; days++) {
    const d = dayAfter(options.now, options.timeZone, days);
    if (d.weekday !== 0 && d.weekday !== 6) return fromLocal({ ...d, hour: options.hour, minute: 0 }, options.timeZone);
  }
  return atDayOffset({ ...options, days: 1 });
}

/** `hour:00` next Monday (a week from today when today is Monday). */
export function nextMondayAt(options: { now: number; timeZone: string; hour: number }): number {
  for (let days = 1; days <= 7; days++) {
    const d = dayAfter(options.now, options.timeZone, days);
    if (d.weekday === 1) return fromLocal({ ...d, hour: options.hour, minute: 0 }, options.timeZone);
  }
  return atDayOffset({ ...options, days: 7 });
}

export type WhenResult = { ok: true; at: number | null } | { ok: false; error: 'invalid' | 'future' };

/** A minute of slack: "14:30" typed at 14:29:40 is not the future in anyone's eyes. */
const FUTURE_SLACK_MS = 60_000;
/** A date without a time is read as noon: in the middle of the day it happened, whatever the zone. */
const DATE_ONLY_HOUR = 12;

const UNIT_MS: Record<string, number> = {
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  std: 3_600_000,
  d: 86_400_000,
  t: 86_400_000
};

function parseClock(text: string | undefined): { hour: number; minute: number } | null | undefined {
  if (text === undefined || text === '') return undefined;
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?(?:\s*uhr)?$/.exec(text);
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  return hour <= 23 && minute <= 59 ? { hour, minute } : null;
}

function validDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * Reads the quick-log's "when" (English or German): '' or now/jetzt → now (null); "-2h", "30m", "1d" → that
 * long ago; "14:30" → today; "yesterday 9:00"/"gestern 9"; "20.11." or "20.11.2026 10:15"; "2026-11-20 10:15"
 * (also the datetime-local form "2026-11-20T10:15"). Back-dating only: a time in the future is an error.
 */
export function parseWhen(text: string, options: { now: number; timeZone: string }): WhenResult {
  const { now, timeZone } = options;
  const input = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const done = (at: number): WhenResult =>
    at > now + FUTURE_SLACK_MS ? { ok: false, error: 'future' } : { ok: true, at };
  if (input === '' || input === 'now' || input === 'jetzt') return { ok: true, at: null };

  const ago = /^-?\s*(\d{1,4})\s*(min|m|h|std|d|t)$/.exec(input);
  if (ago) return { ok: true, at: now - Number(ago[1]) * UNIT_MS[ago[2]] };

  const relDay = /^(today|heute|yesterday|gestern|vorgestern)(?: (?:at |um )?(.+))?$/.exec(input);
  if (relDay) {
    const days = { today: 0, heute: 0, yesterday: -1, gestern: -1, vorgestern: -2 }[relDay[1]] ?? 0;
    const clock = parseClock(relDay[2]);
    if (clock === null) return { ok: false, error: 'invalid' };
    const d = dayAfter(now, timeZone, days);
    return done(fromLocal({ ...d, ...(clock ?? { hour: DATE_ONLY_HOUR, minute: 0 }) }, timeZone));
  }

  const clockOnly = parseClock(input);
  if (clockOnly) return done(fromLocal({ ...dayAfter(now, timeZone, 0), ...clockOnly }, timeZone));

  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[t ](.+))?$/.exec(input);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})?(?: (.+))?$/.exec(input);
  let date: { year: number; month: number; day: number } | null = null;
  let clockText: string | undefined;
  if (iso) {
    date = { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
    clockText = iso[4];
  } else if (german) {
    const today = toLocal(now, timeZone);
    const year = german[3] ? Number(german[3].length === 2 ? `20${german[3]}` : german[3]) : today.year;
    date = { year, month: Number(german[2]), day: Number(german[1]) };
    clockText = german[4];
    // "20.12." typed in January means last December: back-dating never reaches into the future.
    if (!german[3] && (date.month > today.month || (date.month === today.month && date.day > today.day))) {
      date.year -= 1;
    }
  }
  if (!date || !validDate(date.year, date.month, date.day)) return { ok: false, error: 'invalid' };
  const clock = parseClock(clockText);
  if (clock === null) return { ok: false, error: 'invalid' };
  return done(fromLocal({ ...date, ...(clock ?? { hour: DATE_ONLY_HOUR, minute: 0 }) }, timeZone));
}

/**
 * An amount as typed in either language: "12.500,50" and "12,500.50" are both 12500.5; a lone separator
 * followed by exactly three digits ("12.500", "12,500") groups thousands. Currency signs and spaces are ignored.
 */
export function parseAmount(text: string): number | null {
  const cleaned = text.replace(/[\s€$£]|eur/gi, '');
  if (!/^\d[\d.,]*$/.test(cleaned)) return null;
  const lastDot = cleaned.lastIndexOf('.');
  const lastComma = cleaned.lastIndexOf(',');
  let normal: string;
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    normal = cleaned.split(group).join('').replace(decimal, '.');
  } else {
    const sep = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : '';
    const pieces = sep ? cleaned.split(sep) : [cleaned];
    const grouped = pieces.length > 1 && pieces.slice(1).every((p) => p.length === 3);
    normal = grouped
      ? pieces.join('')
      : pieces.length === 2
        ? `${pieces[0]}.${pieces[1]}`
        : pieces.length === 1
          ? cleaned
          : '';
  }
  if (!/^\d+(\.\d{1,2})?$/.test(normal)) return null;
  return Number(normal);
}
