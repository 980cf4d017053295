import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/api/api-error';
import type { KpiRequest } from '../../src/lib/api/kpi-api';
import type { KpiReportDTO } from '../../src/lib/contract';
import { presetRange, relativeChange, todayIn } from '../../src/lib/state/kpi-periods';
import { KpiState } from '../../src/lib/state/kpi-state.svelte';

const report = (timeZone: string, team = 'team-a') => ({ team: { id: team, name: 'A', timeZone } }) as KpiReportDTO;

describe('KPI period presets', () => {
  it('weeks start on Monday; "this" runs to today, "last" is the whole previous one', () => {
    const today = '2026-11-26'; // a Thursday
    expect(presetRange('thisWeek', today)).toEqual({ from: '2026-11-23', to: today });
    expect(presetRange('lastWeek', today)).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(presetRange('thisMonth', today)).toEqual({ from: '2026-11-01', to: today });
    expect(presetRange('lastMonth', '2026-03-31')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetRange('thisQuarter', today)).toEqual({ from: '2026-10-01', to: today });
    expect(presetRange('lastQuarter', '2026-02-10')).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(presetRange('lastYear', today)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(presetRange('thisWeek', '2026-11-29')).toEqual({ from: '2026-11-23', to: '2026-11-29' }); // Sunday
    expect(presetRange('custom', today)).toBeNull();
  });

  it('today is read in the team’s zone', () => {
    const lateUtc = Date.parse('2026-11-30T23:30:00Z');
    expect(todayIn('Europe/Berlin', lateUtc)).toBe('2026-12-01');
    expect(todayIn('America/New_York', lateUtc)).toBe('2026-11-30');
  });

  it('relative change: none against zero or missing figures', () => {
    expect(relativeChange(15, 10)).toBe(0.5);
    expect(relativeChange(5, 10)).toBe(-0.5);
    expect(relativeChange(5, 0)).toBeNull();
    expect(relativeChange(null, 3)).toBeNull();
  });
});

describe('KpiState', () => {
  it('loads this month by default, recomputes presets in the team’s zone, and sends the choices', async () => {
    const asked: KpiRequest[] = [];
    // 23:30 UTC on 30 November: still November in New York, already December in Berlin.
    const now = Date.parse('2026-11-30T23:30:00Z');
    const state = new KpiState({
      ports: { load: async (q) => (asked.push(q), report('America/New_York')), now: () => now }
    });
    await state.load();
    // The first request used Berlin (the default zone), the answer named New York: reloaded for November.
    expect(asked.map((q) => [q.from, q.to])).toEqual([
      ['2026-12-01', '2026-12-01'],
      ['2026-11-01', '2026-11-30']
    ]);
    expect(state.team).toBe('team-a');
    await state.setGroupBy('person');
    await state.setPreset('lastWeek');
    expect(asked.at(-1)).toEqual({ team: 'team-a', from: '2026-11-23', to: '2026-11-29', groupBy: 'person' });
    // A custom range loads only once it is complete and in order.
    const before = asked.length;
    await state.setRange('2026-11-10', '2026-11-01');
    expect(asked.length).toBe(before);
    expect(state.preset).toBe('custom');
    await state.setRange('2026-11-01', '2026-11-10');
    expect(asked.at(-1)).toMatchObject({ from: '2026-11-01', to: '2026-11-10' });
  });

  it('keeps the server’s message on an error and drops answers overtaken by a newer choice', async () => {
    let fail = true;
    const pending: Array<(r: KpiReportDTO) => void> = [];
    const state = new KpiState({
      ports: {
        load: (_q, signal) =>
          fail
            ? Promise.reject(
                new ApiError({ code: 'forbidden', message: 'you may not read the KPIs of this team', status: 403 })
              )
            : new Promise((resolve, reject) => {
                pending.push(resolve);
                signal.addEventListener('abort', () => reject(new Error('aborted')));
              }),
        now: () => Date.parse('2026-11-10T10:00:00Z')
      }
    });
    await state.load();
    expect(state.error).toEqual({ code: 'forbidden', message: 'you may not read the KPIs of this team' });
    fail = false;
    const first = state.setTeam('team-old');
    const second = state.setTeam('team-new');
    pending[1]!(report('Europe/Berlin', 'team-new'));
    await second;
    pending[0]!(report('Europe/Berlin', 'team-old'));
    await first;
    expect(state.report?.team.id).toBe('team-new');
    expect(state.error).toBeNull();
    expect(state.loading).toBe(false);
  });
});
