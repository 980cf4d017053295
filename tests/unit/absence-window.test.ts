import { describe, expect, it } from 'vitest';
import { absenceWindow, localDayBounds } from '../../server/kernel/zoned-time';
import { localDayBounds as followupsLocalDayBounds } from '../../server/features/followups/followups.rules';

const BERLIN = 'Europe/Berlin';
const iso = (w: { from: number; to: number }) => [new Date(w.from).toISOString(), new Date(w.to).toISOString()];
const HOUR = 3_600_000;

describe('absenceWindow: local days and half days in the team time zone → [from, to) instants', () => {
  it.each([
    [
      'a whole winter day (CET, +01:00)',
      { date: '2026-11-23' },
      ['2026-11-22T23:00:00.000Z', '2026-11-23T23:00:00.000Z']
    ],
    [
      'a whole summer day (CEST, +02:00)',
      { date: '2026-07-01' },
      ['2026-06-30T22:00:00.000Z', '2026-07-01T22:00:00.000Z']
    ],
    [
      'a morning: until 12:00',
      { date: '2026-11-23', part: 'morning' },
      ['2026-11-22T23:00:00.000Z', '2026-11-23T11:00:00.000Z']
    ],
    [
      'an afternoon: from 12:00',
      { date: '2026-11-23', part: 'afternoon' },
      ['2026-11-23T11:00:00.000Z', '2026-11-23T23:00:00.000Z']
    ],
    [
      'a week Mon–Fri',
      { date: '2026-11-23', toDate: '2026-11-27' },
      ['2026-11-22T23:00:00.000Z', '2026-11-27T23:00:00.000Z']
    ],
    [
      'a range from an afternoon to a morning',
      { date: '2026-11-23', toDate: '2026-11-25', firstDay: 'afternoon', lastDay: 'morning' },
      ['2026-11-23T11:00:00.000Z', '2026-11-25T11:00:00.000Z']
    ],
    // Spring forward on Sun 29 March 2026 (02:00 → 03:00): that Sunday has 23 hours.
    ['the spring DST Sunday', { date: '2026-03-29' }, ['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']],
    [
      'a week over the spring change',
      { date: '2026-03-27', toDate: '2026-04-02' },
      ['2026-03-26T23:00:00.000Z', '2026-04-02T22:00:00.000Z']
    ],
    [
      'the afternoon of the spring DST Sunday',
      { date: '2026-03-29', part: 'afternoon' },
      ['2026-03-29T10:00:00.000Z', '2026-03-29T22:00:00.000Z']
    ],
    // Fall back on Sun 25 October 2026 (03:00 → 02:00): that Sunday has 25 hours.
    ['the autumn DST Sunday', { date: '2026-10-25' }, ['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']],
    [
      'the morning of the autumn DST Sunday (13 hours)',
      { date: '2026-10-25', part: 'morning' },
      ['2026-10-24T22:00:00.000Z', '2026-10-25T11:00:00.000Z']
    ],
    [
      'another zone (New York)',
      { date: '2026-11-23', timeZone: 'America/New_York' },
      ['2026-11-23T05:00:00.000Z', '2026-11-24T05:00:00.000Z']
    ]
  ] as const)('%s', (_name, options, expected) => {
    expect(iso(absenceWindow({ timeZone: BERLIN, ...options }))).toEqual(expected);
  });

  it('DST days last 23 and 25 hours on the wall clock', () => {
    const spring = absenceWindow({ date: '2026-03-29', timeZone: BERLIN });
    const autumn = absenceWindow({ date: '2026-10-25', timeZone: BERLIN });
    expect((spring.to - spring.from) / HOUR).toBe(23);
    expect((autumn.to - autumn.from) / HOUR).toBe(25);
  });

  it.each([
    ['a malformed date', { date: '2026-13-01' }],
    ['an impossible date', { date: '2026-02-30' }],
    ['a range ending before it starts', { date: '2026-11-23', toDate: '2026-11-22' }],
    ['a half day on a range', { date: '2026-11-23', toDate: '2026-11-24', part: 'morning' }]
  ] as const)('rejects %s with invalid', (_name, options) => {
    expect(() => absenceWindow({ timeZone: BERLIN, ...options })).toThrow(expect.objectContaining({ code: 'invalid' }));
  });

  it('follow-ups re-export the kernel implementation (one home for wall-clock maths)', () => {
    expect(followupsLocalDayBounds).toBe(localDayBounds);
  });
});
