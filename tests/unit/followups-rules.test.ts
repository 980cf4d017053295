import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WORKING_HOURS,
  dueWindow,
  escalationDueAt,
  localDayBounds
} from '../../server/features/followups/followups.rules';

const at = (iso: string) => Date.parse(iso);
const berlin = { workingHours: DEFAULT_WORKING_HOURS, timeZone: 'Europe/Berlin', delayMinutes: 120 };

describe('ES1 escalationDueAt counts only working minutes in the team’s zone', () => {
  // Times in UTC; Berlin is +01:00 in winter (CET) and +02:00 in summer (CEST).
  it.each([
    ['within the day (Mon 10:00 CET → 12:00 CET)', '2026-11-23T09:00:00Z', '2026-11-23T11:00:00Z'],
    ['before opening (Mon 06:00 CET → 10:00 CET)', '2026-11-23T05:00:00Z', '2026-11-23T09:00:00Z'],
    ['late afternoon (Mon 16:00 CET → Tue 09:00 CET)', '2026-11-23T15:00:00Z', '2026-11-24T08:00:00Z'],
    ['evening (Mon 20:00 CET → Tue 10:00 CET)', '2026-11-23T19:00:00Z', '2026-11-24T09:00:00Z'],
    ['Friday 16:00 over the weekend (→ Mon 09:00 CET)', '2026-11-27T15:00:00Z', '2026-11-30T08:00:00Z'],
    ['Saturday (→ Mon 10:00 CET)', '2026-11-28T10:00:00Z', '2026-11-30T09:00:00Z'],
    ['exactly at closing (Mon 17:00 CET → Tue 10:00 CET)', '2026-11-23T16:00:00Z', '2026-11-24T09:00:00Z'],
    // Spring forward Sunday 29 March 2026: Friday is CET, Monday CEST; one working hour on each side.
    ['over the spring DST change (Fri 16:00 CET → Mon 09:00 CEST)', '2026-03-27T15:00:00Z', '2026-03-30T07:00:00Z'],
    // Fall back Sunday 25 October 2026: Friday is CEST, Monday CET.
    ['over the autumn DST change (Fri 16:30 CEST → Mon 09:30 CET)', '2026-10-23T14:30:00Z', '2026-10-26T08:30:00Z'],
    ['on the spring DST Sunday itself (→ Mon 10:00 CEST)', '2026-03-29T01:30:00Z', '2026-03-30T08:00:00Z'],
    ['on the autumn DST Sunday itself (→ Mon 10:00 CET)', '2026-10-25T01:30:00Z', '2026-10-26T09:00:00Z']
  ])('%s', (_name, dueAt, expected) => {
    expect(new Date(escalationDueAt({ ...berlin, dueAt: at(dueAt) })).toISOString()).toBe(
      new Date(at(expected)).toISOString()
    );
  });

  it('follows the team’s own hours and zone (New York, Mon–Sat 09:00–12:00, 4 h delay → next day)', () => {
    const dueAt = at('2026-11-23T15:00:00Z'); // 10:00 EST Monday
    const due = escalationDueAt({
      dueAt,
      workingHours: { days: [1, 2, 3, 4, 5, 6], startMinute: 9 * 60, endMinute: 12 * 60 },
      timeZone: 'America/New_York',
      delayMinutes: 240
    });
    // 2 h on Monday (10–12), 2 h on Tuesday (09–11 EST = 14–16 UTC).
    expect(new Date(due).toISOString()).toBe('2026-11-24T16:00:00.000Z');
  });

  it('refuses working hours without any working time instead of looping', () => {
    expect(() =>
      escalationDueAt({ ...berlin, workingHours: { days: [], startMinute: 480, endMinute: 1020 }, dueAt: 0 })
    ).toThrow(/no working time/);
  });
});

describe('DB1 due buckets follow the local day', () => {
  it('a local day is 23 h on the spring DST Sunday and 25 h on the autumn one', () => {
    const spring = localDayBounds({ at: at('2026-03-29T12:00:00Z'), timeZone: 'Europe/Berlin' });
    const autumn = localDayBounds({ at: at('2026-10-25T12:00:00Z'), timeZone: 'Europe/Berlin' });
    expect((spring.end - spring.start) / 3_600_000).toBe(23);
    expect((autumn.end - autumn.start) / 3_600_000).toBe(25);
    expect(new Date(spring.start).toISOString()).toBe('2026-03-28T23:00:00.000Z');
  });

  it('overdue / today / upcoming split at now and at local midnight (23:30 UTC is already tomorrow in Berlin)', () => {
    const now = at('2026-11-23T22:30:00Z'); // 23:30 Berlin, Monday
    expect(dueWindow({ due: 'overdue', now, timeZone: 'Europe/Berlin' })).toEqual({ before: now });
    expect(dueWindow({ due: 'today', now, timeZone: 'Europe/Berlin' })).toEqual({
      from: now,
      before: at('2026-11-23T23:00:00Z')
    });
    expect(dueWindow({ due: 'upcoming', now, timeZone: 'Europe/Berlin' })).toEqual({
      from: at('2026-11-23T23:00:00Z')
    });
  });
});
