import { describe, expect, it } from 'vitest';
import { formulaSafe, kpiCsv } from '../../server/features/kpis/kpi-csv';
import { pairGaps } from '../../server/features/kpis/kpi-store';
import {
  doneOnTime,
  durationStats,
  median,
  overdueIn,
  p90,
  perWeek,
  periodOf,
  previousPeriod,
  rate,
  requestedPeriod,
  weekStarts
} from '../../server/features/kpis/kpis.rules';
import type { KpiReportDTO } from '../../src/lib/contract';

const BERLIN = 'Europe/Berlin';
const MIN = 60_000;

describe('KPI rules', () => {
  it('P1 a period is whole local days: [local midnight of from, local midnight after to)', () => {
    const p = periodOf({ from: '2026-03-01', to: '2026-03-31', timeZone: BERLIN });
    expect(new Date(p.start).toISOString()).toBe('2026-02-28T23:00:00.000Z');
    // DST starts on 29 March: the month ends at 22:00 UTC and is 743 hours long.
    expect(new Date(p.end).toISOString()).toBe('2026-03-31T22:00:00.000Z');
    expect((p.end - p.start) / 3_600_000).toBe(743);
    expect(p.days).toBe(31);
    const ny = periodOf({ from: '2026-01-05', to: '2026-01-05', timeZone: 'America/New_York' });
    expect(new Date(ny.start).toISOString()).toBe('2026-01-05T05:00:00.000Z');
  });

  it('P2 the previous period has as many days and ends the day before', () => {
    const p = periodOf({ from: '2026-03-01', to: '2026-03-31', timeZone: BERLIN });
    const prev = previousPeriod(p, BERLIN);
    expect([prev.from, prev.to, prev.days]).toEqual(['2026-01-29', '2026-02-28', 31]);
    expect(prev.end).toBe(p.start);
  });

  it('P3 P4 defaults to the month so far; refuses reversed and over-long periods', () => {
    const now = Date.UTC(2026, 10, 30, 23, 30); // 1 December 00:30 in Berlin
    const p = requestedPeriod({ now, timeZone: BERLIN });
    expect([p.from, p.to]).toEqual(['2026-12-01', '2026-12-01']);
    expect(() => periodOf({ from: '2026-02-02', to: '2026-02-01', timeZone: BERLIN })).toThrow(/after/);
    expect(() => periodOf({ from: '2025-01-01', to: '2026-01-02', timeZone: BERLIN })).toThrow(/366/);
    expect(periodOf({ from: '2024-01-01', to: '2024-12-31', timeZone: BERLIN }).days).toBe(366);
  });

  it('W1 weeks start on Mondays; the first on the first day', () => {
    expect(weekStarts({ from: '2026-11-04', to: '2026-11-23' })).toEqual([
      '2026-11-04',
      '2026-11-09',
      '2026-11-16',
      '2026-11-23'
    ]);
    expect(weekStarts({ from: '2026-11-02', to: '2026-11-08' })).toEqual(['2026-11-02']);
  });

  it('Q1 Q2 median and nearest-rank p90', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(p90([])).toBeNull();
    expect(p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(9);
    expect(p90([10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11])).toBe(10);
    expect(p90([7])).toBe(7);
    expect(durationStats([30 * MIN, 90 * MIN])).toEqual({ count: 2, medianMinutes: 60, p90Minutes: 90 });
  });

  it('R1 R2 rates and per-week counts', () => {
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(0, 0)).toBeNull();
    expect(perWeek(10, 14)).toBe(5);
    expect(perWeek(1, 3)).toBe(2.33);
  });

  it('T1 T2 on time and overdue', () => {
    expect(doneOnTime({ dueAt: 100, doneAt: 100 })).toBe(true);
    expect(doneOnTime({ dueAt: 100, doneAt: 101 })).toBe(false);
    expect(doneOnTime({ dueAt: 100, doneAt: null })).toBe(false);
    const period = { start: 0, end: 1000 };
    expect(overdueIn({ dueAt: 100, doneAt: null }, period, 500)).toBe(true);
    expect(overdueIn({ dueAt: 100, doneAt: 150 }, period, 500)).toBe(true);
    expect(overdueIn({ dueAt: 100, doneAt: 90 }, period, 500)).toBe(false);
    expect(overdueIn({ dueAt: 600, doneAt: null }, period, 500)).toBe(false); // not due yet
    expect(overdueIn({ dueAt: 1000, doneAt: null }, period, 5000)).toBe(false); // after the period
  });

  it('KS4 gaps pair with the first later close of the same owner and openedAt', () => {
    const ev = (at: number, data: object) => ({ at, data: JSON.stringify(data) });
    const gaps = pairGaps(
      [ev(100, { ownerId: 'a', openedAt: new Date(100).toISOString() }), ev(200, { ownerId: 'b', openedAt: 200 })],
      [
        ev(150, { ownerId: 'b', openedAt: 120 }),
        ev(300, { ownerId: 'a', openedAt: 100 }),
        ev(400, { ownerId: 'b', openedAt: 200 })
      ]
    );
    expect(gaps).toEqual([
      { ownerId: 'a', openedAt: 100, closedAt: 300 },
      { ownerId: 'b', openedAt: 200, closedAt: 400 }
    ]);
  });
});

describe('KPI CSV', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    for (const bad of ['=1+1', '+49 40', '-2', '@SUM(A1)', '\tx', '\rx']) expect(formulaSafe(bad)).toBe(`'${bad}`);
    expect(formulaSafe('Müller GmbH')).toBe('Müller GmbH');
  });

  it('writes a BOM, the chosen separator and decimal commas for semicolon', () => {
    const values = { leads: 3, conversionRate: 0.3333 } as unknown as KpiReportDTO['rows'][number]['current'];
    const v = {
      ...values,
      leadResponse: { count: 2, medianMinutes: 12.5, p90Minutes: 20 },
      leadsUnanswered: 1,
      leadsConverted: 1,
      callbacksDue: null,
      callbacksOnTime: null,
      callbackOnTimeRate: null,
      overdueTasks: null
    } as KpiReportDTO['rows'][number]['current'];
    const report = {
      groupBy: 'person',
      period: { from: '2026-11-01', to: '2026-11-30' },
      rows: [{ key: 'u1', label: '=HYPERLINK("x")', current: v, previous: v }]
    } as unknown as KpiReportDTO;
    const csv = kpiCsv(report, { sep: 'semicolon', table: 'leads' });
    expect(csv.startsWith('\uFEFFgroup;key;label;from;to;leads;leads_previous;')).toBe(true);
    const line = csv.split('\r\n')[1]!;
    expect(line).toContain(`;"'=HYPERLINK(""x"")";`);
    expect(line).toContain(';12,5;12,5;');
    expect(line).toContain(';0,3333;0,3333;');
  });
});
