import { describe, expect, it } from 'vitest';
import {
  isTooFarAhead,
  MAX_CLOCK_SKEW_MS,
  mayCarryAmount,
  mayCorrect,
  mayLog
} from '../../server/features/interactions/interactions.rules';

describe('interaction rules', () => {
  it('I1 anyone who sees the dossier may log (viewers too), nobody else', () => {
    expect([mayLog('edit'), mayLog('read'), mayLog('none')]).toEqual([true, true, false]);
  });

  it('I2 editors correct any entry; read-only users only their own; outsiders none', () => {
    const actor = { id: 'u1' };
    expect(mayCorrect({ actor, authorId: 'u2', access: 'edit' })).toBe(true);
    expect(mayCorrect({ actor, authorId: 'u1', access: 'read' })).toBe(true);
    expect(mayCorrect({ actor, authorId: 'u2', access: 'read' })).toBe(false);
    expect(mayCorrect({ actor, authorId: 'u1', access: 'none' })).toBe(false);
  });

  it('I3 back-dating is unlimited; the future only within the clock skew allowance', () => {
    const now = 1_700_000_000_000;
    expect(isTooFarAhead(0, now)).toBe(false);
    expect(isTooFarAhead(now + MAX_CLOCK_SKEW_MS, now)).toBe(false);
    expect(isTooFarAhead(now + MAX_CLOCK_SKEW_MS + 1, now)).toBe(true);
  });

  it('I4 only offers and orders carry an amount', () => {
    expect(mayCarryAmount('offer')).toBe(true);
    expect(mayCarryAmount('order')).toBe(true);
    expect(mayCarryAmount('call')).toBe(false);
    expect(mayCarryAmount('complaint')).toBe(false);
  });
});
