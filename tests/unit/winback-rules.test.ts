import { describe, expect, it } from 'vitest';
import { compareSleepers, isSleeping, quietCutoff, warmth } from '../../server/features/winback/dormancy.rules';
import { addMonthsUtc } from '../../server/features/winback/months';
import { premiumTop } from '../../server/features/winback/premium.rules';
import { completeStep, failProcess, startProblem } from '../../server/features/winback/winback.rules';
import type { WinbackProcess } from '../../server/features/winback/winback-store';
import { createFakeTime } from '../helpers/fake-time';

const at = (s: string) => Date.parse(s);

describe('dormancy rule (D1) with an injected clock', () => {
  const clock = createFakeTime(at('2026-11-29T10:00:00Z'));
  const base = { dormantAfterMonths: 24, createdAt: at('2020-01-01T00:00:00Z') };

  it('D1 a customer quiet for more than 24 calendar months is sleeping; exactly 24 months is not yet', () => {
    const now = clock.now();
    expect(quietCutoff({ now, dormantAfterMonths: 24 })).toBe(at('2024-11-29T10:00:00Z'));
    const exactly = { ...base, stage: 'customer' as const, lastInteractionAt: at('2024-11-29T10:00:00Z'), now };
    expect(isSleeping(exactly)).toBe(false);
    expect(isSleeping({ ...exactly, lastInteractionAt: exactly.lastInteractionAt - 1 })).toBe(true);
    expect(isSleeping({ ...exactly, stage: 'key_account', lastInteractionAt: at('2023-01-01T00:00:00Z') })).toBe(true);
  });

  it('D1 the same dossier becomes sleeping as the clock moves on', async () => {
    const facts = { ...base, stage: 'customer' as const, lastInteractionAt: at('2024-12-15T00:00:00Z') };
    expect(isSleeping({ ...facts, now: clock.now() })).toBe(false);
    await clock.advanceTo(at('2026-12-15T00:00:01Z'));
    expect(isSleeping({ ...facts, now: clock.now() })).toBe(true);
    expect(isSleeping({ ...facts, dormantAfterMonths: 36, now: clock.now() })).toBe(false);
  });

  it('D1 only customers and key accounts sleep; without interactions the creation counts', () => {
    const now = at('2026-11-29T10:00:00Z');
    for (const stage of ['lead', 'prospect', 'dormant', 'winback', 'lost'] as const) {
      expect(isSleeping({ ...base, stage, lastInteractionAt: null, now })).toBe(false);
    }
    expect(isSleeping({ ...base, stage: 'customer', lastInteractionAt: null, now })).toBe(true);
    expect(isSleeping({ ...base, stage: 'customer', lastInteractionAt: null, createdAt: now - 1000, now })).toBe(false);
  });

  it('calendar months clamp to the end of a shorter month (31 March − 1 month = 28/29 February)', () => {
    expect(addMonthsUtc(at('2026-03-31T12:00:00Z'), -1)).toBe(at('2026-02-28T12:00:00Z'));
    expect(addMonthsUtc(at('2024-03-31T12:00:00Z'), -1)).toBe(at('2024-02-29T12:00:00Z'));
    expect(addMonthsUtc(at('2026-11-29T10:00:00Z'), -24)).toBe(at('2024-11-29T10:00:00Z'));
  });

  it('W2 warmth is activity halved per year quiet beyond the dormancy period; W3 orders', () => {
    const month = (365.25 / 12) * 86_400_000;
    const now = at('2026-11-29T10:00:00Z');
    expect(warmth({ recentInteractions: 40, lastActivityAt: now - 24 * month, now, dormantAfterMonths: 24 })).toBe(40);
    expect(warmth({ recentInteractions: 40, lastActivityAt: now - 48 * month, now, dormantAfterMonths: 24 })).toBe(10);
    expect(warmth({ recentInteractions: 40, lastActivityAt: now - 26 * month, now, dormantAfterMonths: 24 })).toBe(
      35.6
    );
    const rows = [
      { company: 'B', pastValue: 10, warmth: 5 },
      { company: 'A', pastValue: 10, warmth: 5 },
      { company: 'C', pastValue: 5, warmth: 9 }
    ];
    expect([...rows].sort(compareSleepers('value')).map((r) => r.company)).toEqual(['A', 'B', 'C']);
    expect([...rows].sort(compareSleepers('warmth')).map((r) => r.company)).toEqual(['C', 'A', 'B']);
  });
});

describe('win-back step transitions (WB-R1–R4)', () => {
  const open: WinbackProcess = {
    id: 'w1',
    dossierId: 'd1',
    teamId: 't1',
    assigneeId: 'u1',
    startedById: 'u2',
    startedAt: 1,
    status: 'open',
    nextStep: 1,
    steps: [],
    nextTaskId: null,
    endedAt: null,
    endReason: null,
    revision: 0
  };
  const record = (n: number) => ({ n, at: 100 + n, byId: 'u1', note: `note ${n}`, interactionId: null });

  it('WB-R1 starts only on a dormant dossier without an open win-back', () => {
    expect(startProblem({ stage: 'dormant', hasOpen: false })).toBeNull();
    expect(startProblem({ stage: 'customer', hasOpen: false })).toMatch(/dormant/);
    expect(startProblem({ stage: 'dormant', hasOpen: true })).toMatch(/already/);
  });

  it('WB-R2 steps complete in order only; WB-R3 step 6 wins', () => {
    let p = open;
    expect(completeStep({ process: p, n: 2, record: record(2), outcome: 'done' })).toMatchObject({ ok: false });
    for (let n = 1; n <= 6; n++) {
      const t = completeStep({ process: p, n, record: record(n), outcome: 'done' });
      if (!t.ok) throw new Error(t.problem);
      expect(t.ended).toBe(n === 6 ? 'won' : null);
      p = t.process;
      expect(p.steps).toHaveLength(n);
    }
    expect(p).toMatchObject({ status: 'won', endedAt: 106, nextStep: 7 });
    expect(completeStep({ process: p, n: 7, record: record(7), outcome: 'done' })).toMatchObject({ ok: false });
    expect(failProcess({ process: p, at: 200, reason: 'x' })).toMatchObject({ ok: false });
  });

  it('WB-R4 a failed step or fail() ends the process as failed with the reason', () => {
    const t = completeStep({ process: open, n: 1, record: record(1), outcome: 'failed' });
    expect(t).toMatchObject({ ok: true, ended: 'failed', process: { status: 'failed', endReason: 'note 1' } });
    expect(failProcess({ process: open, at: 5, reason: 'Insolvenz' })).toMatchObject({
      ok: true,
      process: { status: 'failed', endedAt: 5, endReason: 'Insolvenz' }
    });
  });
});

describe('premium share (PR2)', () => {
  it('takes ceil(share × customers with revenue), at least one, by 12-month revenue', () => {
    const rows = [0, 100, 50, 900, 300, 10].map((r, i) => ({ company: `C${i}`, revenue12: r, revenue36: r }));
    expect(premiumTop(rows, 0.2).map((r) => r.revenue12)).toEqual([900]);
    expect(premiumTop(rows, 0.5).map((r) => r.revenue12)).toEqual([900, 300, 100]);
    expect(premiumTop(rows, 0.01)).toHaveLength(1);
    expect(premiumTop([], 0.2)).toEqual([]);
  });
});
