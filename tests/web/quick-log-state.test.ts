import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/api/api-error';
import { QuickLogState } from '../../src/lib/state/quick-log-state.svelte';
import { FakeClock, FakeQuickLogPorts } from './fakes/fake-followup-ports';

// Friday 27 November 2026, 15:00 in Berlin (UTC+1).
const FRIDAY_3PM = '2026-11-27T14:00:00.000Z';

function quickLog(options: { userId?: string; ports?: FakeQuickLogPorts } = {}) {
  const ports = options.ports ?? new FakeQuickLogPorts(new FakeClock(FRIDAY_3PM));
  const state = new QuickLogState({
    ports,
    dossierId: 'd1',
    userId: options.userId ?? 'u1',
    timeZone: 'Europe/Berlin'
  });
  return { ports, state };
}

describe('QuickLogState', () => {
  it('logs a call "now" with a few keystrokes: summary only, server fills the time', async () => {
    const { ports, state } = quickLog();
    state.setSummary('  Wants a quote for 12 heat pumps ');
    const result = await state.submit();
    expect(result?.item.summary).toBe('Wants a quote for 12 heat pumps');
    expect(ports.logged).toEqual([
      {
        dossierId: 'd1',
        input: {
          type: 'call',
          pointOfSale: 'call_centre',
          direction: 'outbound',
          summary: 'Wants a quote for 12 heat pumps'
        }
      }
    ]);
    // Ready for the next entry: text cleared, type kept.
    expect(state.summary).toBe('');
    expect(state.type).toBe('call');
  });

  it('an empty summary is a problem on the field and nothing is sent', async () => {
    const { ports, state } = quickLog();
    state.setSummary('   ');
    expect(await state.submit()).toBeNull();
    expect(state.problems).toEqual({ summary: 'required' });
    expect(ports.logged).toEqual([]);
    state.setSummary('x');
    expect(state.problems).toEqual({});
  });

  it('back-dates in words, read in the team time zone, and refuses the future', async () => {
    const { ports, state } = quickLog();
    state.setSummary('Visit at the stand');
    state.setWhen('gestern 9:30');
    await state.submit();
    expect(ports.logged[0].input.at).toBe('2026-11-26T08:30:00.000Z');
    state.setSummary('Earlier call');
    state.setWhen('-2h');
    await state.submit();
    expect(ports.logged[1].input.at).toBe('2026-11-27T12:00:00.000Z');
    state.setSummary('Not yet');
    state.setWhen('18:00');
    expect(await state.submit()).toBeNull();
    expect(state.problems).toEqual({ when: 'future' });
    state.setWhen('31.02.');
    expect(state.validate()).toBeNull();
    expect(state.problems).toEqual({ when: 'invalid' });
    expect(ports.logged).toHaveLength(2);
  });

  it('single-key shortcuts pick the type and its usual direction; amounts only for offers and orders', async () => {
    const { ports, state } = quickLog();
    expect(state.typeKey('k')).toBe(true);
    expect(state.type).toBe('complaint');
    expect(state.direction).toBe('inbound');
    expect(state.typeKey('q')).toBe(false);
    expect(state.type).toBe('complaint');
    state.typeKey('o');
    expect(state.hasAmount).toBe(true);
    state.setAmount('12.500,50 €');
    state.setSummary('Offer 2026-114 sent');
    await state.submit();
    expect(ports.logged[0].input).toMatchObject({ type: 'offer', amount: 12500.5 });
    state.setAmount('12,5,0');
    state.setSummary('bad amount');
    expect(state.validate()).toBeNull();
    expect(state.problems).toEqual({ amount: 'invalid' });
    // Switching to a type without an amount drops it rather than sending a stray value.
    state.typeKey('c');
    expect(state.amount).toBe('');
    expect(state.problems).toEqual({});
  });

  it('a complaint carries the chosen severity; other types never send one', async () => {
    const { ports, state } = quickLog();
    expect(state.hasSeverity).toBe(false);
    state.typeKey('k');
    expect(state.hasSeverity).toBe(true);
    expect(state.severity).toBe('normal');
    state.setSeverity('critical');
    state.setSummary('Machine stands still');
    await state.submit();
    expect(ports.logged[0].input).toMatchObject({ type: 'complaint', severity: 'critical' });
    state.typeKey('c');
    state.setSummary('Called back');
    await state.submit();
    expect(ports.logged[1].input.severity).toBeUndefined();
  });

  it('remembers the point of sale per user on this device', () => {
    const ports = new FakeQuickLogPorts(new FakeClock(FRIDAY_3PM));
    const first = quickLog({ ports, userId: 'anna' }).state;
    first.setPointOfSale('field_sales');
    expect(quickLog({ ports, userId: 'anna' }).state.pointOfSale).toBe('field_sales');
    expect(quickLog({ ports, userId: 'joerg' }).state.pointOfSale).toBe('call_centre');
    ports.storage.set('staffel.quicklog.joerg', 'garbage');
    expect(quickLog({ ports, userId: 'joerg' }).state.pointOfSale).toBe('call_centre');
  });

  it('with a callback (Ctrl/⌘+Enter) also creates one for the next working day, 10:00 team time', async () => {
    const { ports, state } = quickLog();
    state.setSummary('Call back about the offer');
    const result = await state.submit({ callback: { title: 'Call back: offer' } });
    // Friday → Monday 30 November, 10:00 Berlin = 09:00 UTC.
    expect(ports.tasks).toEqual([
      {
        dossierId: 'd1',
        kind: 'callback',
        title: 'Call back: offer',
        dueAt: '2026-11-30T09:00:00.000Z',
        interactionId: 'i1'
      }
    ]);
    expect(result?.callback?.id).toBe('t1');
  });

  it('a refused log keeps the text so nothing typed is lost', async () => {
    const { ports, state } = quickLog();
    ports.fail = new ApiError({ code: 'forbidden', message: 'read-only', status: 403 });
    state.setSummary('Important');
    expect(await state.submit()).toBeNull();
    expect(state.error).toBe('forbidden');
    expect(state.summary).toBe('Important');
  });
});
