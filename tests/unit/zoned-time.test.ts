import { describe, expect, it } from 'vitest';
import {
  dayKey,
  fromLocal,
  nextMidnight,
  nextWorkingDayAt,
  parseAmount,
  parseWhen,
  validTimeZone
} from '../../src/lib/state/zoned-time';

const BERLIN = 'Europe/Berlin';
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const when = (text: string, now: string) => {
  const r = parseWhen(text, { now: Date.parse(now), timeZone: BERLIN });
  return r.ok ? iso(r.at) : r.error;
};

describe('zoned time (team calendar in the browser)', () => {
  it('maps wall-clock times to instants across both DST switches in Berlin', () => {
    expect(iso(fromLocal({ year: 2026, month: 3, day: 29, hour: 1, minute: 30 }, BERLIN))).toBe(
      '2026-03-29T00:30:00.000Z'
    );
    // 02:30 does not exist that night: a clock reads 03:30 CEST.
    expect(iso(fromLocal({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, BERLIN))).toBe(
      '2026-03-29T01:30:00.000Z'
    );
    expect(iso(fromLocal({ year: 2026, month: 3, day: 29, hour: 9, minute: 0 }, BERLIN))).toBe(
      '2026-03-29T07:00:00.000Z'
    );
    expect(iso(fromLocal({ year: 2026, month: 10, day: 25, hour: 9, minute: 0 }, BERLIN))).toBe(
      '2026-10-25T08:00:00.000Z'
    );
    // The spring-forward day has 23 hours: the next midnight is 23 h after the last.
    const sunday = Date.parse('2026-03-28T23:00:00Z');
    expect(nextMidnight({ now: sunday, timeZone: BERLIN }) - sunday).toBe(23 * 3_600_000);
  });

  it('a day key follows the zone, not UTC', () => {
    expect(dayKey(Date.parse('2026-11-29T23:30:00Z'), BERLIN)).toBe('2026-11-30');
    expect(dayKey(Date.parse('2026-11-29T23:30:00Z'), 'UTC')).toBe('2026-11-29');
    expect(validTimeZone('Mars/Olympus')).toBe(BERLIN);
    expect(validTimeZone(undefined)).toBe(BERLIN);
    expect(validTimeZone('Europe/London')).toBe('Europe/London');
  });

  it('the next working day skips the weekend', () => {
    const friday = Date.parse('2026-11-27T14:00:00Z');
    expect(iso(nextWorkingDayAt({ now: friday, timeZone: BERLIN, hour: 10 }))).toBe('2026-11-30T09:00:00.000Z');
    const tuesday = Date.parse('2026-12-01T14:00:00Z');
    expect(iso(nextWorkingDayAt({ now: tuesday, timeZone: BERLIN, hour: 10 }))).toBe('2026-12-02T09:00:00.000Z');
  });

  it('reads "when" in English and German and never into the future', () => {
    const now = '2026-11-27T14:00:00.000Z'; // Friday 15:00 Berlin
    expect(when('', now)).toBeNull();
    expect(when('jetzt', now)).toBeNull();
    expect(when('14:30', now)).toBe('2026-11-27T13:30:00.000Z');
    expect(when('14.30 Uhr', now)).toBe('2026-11-27T13:30:00.000Z');
    expect(when('yesterday 9:00', now)).toBe('2026-11-26T08:00:00.000Z');
    expect(when('vorgestern', now)).toBe('2026-11-25T11:00:00.000Z');
    expect(when('30m', now)).toBe('2026-11-27T13:30:00.000Z');
    expect(when('-1d', now)).toBe('2026-11-26T14:00:00.000Z');
    expect(when('20.11. 10:15', now)).toBe('2026-11-20T09:15:00.000Z');
    expect(when('2026-11-20T10:15', now)).toBe('2026-11-20T09:15:00.000Z');
    // "20.12." typed in November means last December.
    expect(when('20.12.', now)).toBe('2025-12-20T11:00:00.000Z');
    expect(when('15:01', now)).toBe('2026-11-27T14:01:00.000Z'); // within a minute's slack
    expect(when('16:00', now)).toBe('future');
    expect(when('2027-01-01', now)).toBe('future');
    expect(when('25:00', now)).toBe('invalid');
    expect(when('yesterday at noonish', now)).toBe('invalid');
    expect(when('32.1.', now)).toBe('invalid');
  });

  it('reads amounts in either notation', () => {
    expect(parseAmount('12.500,50')).toBe(12500.5);
    expect(parseAmount('12,500.50')).toBe(12500.5);
    expect(parseAmount('12.500')).toBe(12500);
    expect(parseAmount('12,5')).toBe(12.5);
    expect(parseAmount('€ 1 200')).toBe(1200);
    expect(parseAmount('1.234.567,89 EUR')).toBe(1234567.89);
    expect(parseAmount('abc')).toBeNull();
    expect(parseAmount('1,2,3')).toBeNull();
    expect(parseAmount('-5')).toBeNull();
  });
});
