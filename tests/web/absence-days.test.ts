import { describe, expect, it } from 'vitest';
import {
  absenceDays,
  absenceInstants,
  addDays,
  formatDay,
  lastDayOf,
  untilEndOf
} from '../../src/lib/state/absence-days';

const BERLIN = 'Europe/Berlin';

describe('absence days → instants in the team time zone', () => {
  it('turns whole days into Berlin midnights, the last day inclusive', () => {
    expect(
      absenceInstants({
        fromDay: '2026-11-30',
        fromHalf: 'full',
        toDay: '2026-12-04',
        toHalf: 'full',
        timeZone: BERLIN
      })
    ).toEqual({ ok: true, from: '2026-11-29T23:00:00.000Z', to: '2026-12-04T23:00:00.000Z' });
  });

  it('splits half days at noon', () => {
    expect(
      absenceInstants({
        fromDay: '2026-12-01',
        fromHalf: 'afternoon',
        toDay: '2026-12-03',
        toHalf: 'morning',
        timeZone: BERLIN
      })
    ).toEqual({ ok: true, from: '2026-12-01T11:00:00.000Z', to: '2026-12-03T11:00:00.000Z' });
    // One morning only.
    expect(
      absenceInstants({
        fromDay: '2026-12-01',
        fromHalf: 'full',
        toDay: '2026-12-01',
        toHalf: 'morning',
        timeZone: BERLIN
      })
    ).toMatchObject({ ok: true, from: '2026-11-30T23:00:00.000Z', to: '2026-12-01T11:00:00.000Z' });
  });

  it('spans DST changes with the wall clock, not 24-hour steps', () => {
    // Autumn: Berlin leaves summer time on Sunday 25 October 2026.
    const autumn = absenceInstants({
      fromDay: '2026-10-23',
      fromHalf: 'full',
      toDay: '2026-10-26',
      toHalf: 'full',
      timeZone: BERLIN
    });
    expect(autumn).toEqual({ ok: true, from: '2026-10-22T22:00:00.000Z', to: '2026-10-26T23:00:00.000Z' });
    // Spring: 29 March 2026, the day is 23 hours long.
    const spring = absenceInstants({
      fromDay: '2026-03-29',
      fromHalf: 'full',
      toDay: '2026-03-29',
      toHalf: 'full',
      timeZone: BERLIN
    });
    expect(spring).toEqual({ ok: true, from: '2026-03-28T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z' });
  });

  it('reads the days in the team zone, not UTC', () => {
    expect(
      absenceInstants({
        fromDay: '2026-12-01',
        fromHalf: 'full',
        toDay: '2026-12-01',
        toHalf: 'full',
        timeZone: 'America/New_York'
      })
    ).toEqual({ ok: true, from: '2026-12-01T05:00:00.000Z', to: '2026-12-02T05:00:00.000Z' });
  });

  it('refuses an end before the start and days that do not exist', () => {
    expect(
      absenceInstants({
        fromDay: '2026-12-02',
        fromHalf: 'full',
        toDay: '2026-12-01',
        toHalf: 'full',
        timeZone: BERLIN
      })
    ).toEqual({ ok: false, error: 'order' });
    expect(
      absenceInstants({
        fromDay: '2026-12-01',
        fromHalf: 'afternoon',
        toDay: '2026-12-01',
        toHalf: 'morning',
        timeZone: BERLIN
      })
    ).toEqual({ ok: false, error: 'order' });
    expect(
      absenceInstants({
        fromDay: '2026-02-30',
        fromHalf: 'full',
        toDay: '2026-03-01',
        toHalf: 'full',
        timeZone: BERLIN
      })
    ).toEqual({ ok: false, error: 'invalid' });
  });

  it('reads recorded instants back into days and half days', () => {
    const days = { fromDay: '2026-10-23', fromHalf: 'afternoon', toDay: '2026-10-26', toHalf: 'morning' } as const;
    const res = absenceInstants({ ...days, timeZone: BERLIN });
    if (!res.ok) throw new Error('expected ok');
    expect(absenceDays({ from: res.from, to: res.to, timeZone: BERLIN })).toEqual(days);
    const full = absenceInstants({ ...days, fromHalf: 'full', toHalf: 'full', timeZone: BERLIN });
    if (!full.ok) throw new Error('expected ok');
    expect(absenceDays({ from: full.from, to: full.to, timeZone: BERLIN })).toMatchObject({
      fromHalf: 'full',
      toDay: '2026-10-26',
      toHalf: 'full'
    });
  });

  it('names the last day: midnight ends the day before', () => {
    expect(lastDayOf({ to: '2026-12-04T23:00:00.000Z', timeZone: BERLIN })).toBe('2026-12-04');
    expect(lastDayOf({ to: '2026-12-04T11:00:00.000Z', timeZone: BERLIN })).toBe('2026-12-04');
    expect(untilEndOf({ day: '2026-11-29', timeZone: BERLIN })).toBe('2026-11-29T23:00:00.000Z');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(formatDay({ day: '2026-12-04', locale: 'en-GB' })).toBe('Fri 4 Dec');
    expect(formatDay({ day: '2026-12-04', locale: 'de' })).toBe('Fr., 4. Dez.');
  });
});
