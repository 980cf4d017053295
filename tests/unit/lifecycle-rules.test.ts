import { describe, expect, it } from 'vitest';
import { STAGES, type Stage } from '../../src/lib/contract';
import {
  normalisePatch,
  normaliseTags,
  stageAfterEvent,
  stageMoveNeedsReason,
  stageMoveProblem,
  type LifecycleEvent
} from '../../server/features/dossiers/dossiers.rules';

describe('lifecycle rules (dossiers.rules.ts L1–L5, P1–P2)', () => {
  it.each<[Stage, Stage, boolean]>([
    ['lead', 'prospect', false],
    ['prospect', 'customer', false],
    ['customer', 'key_account', false],
    ['lead', 'key_account', false],
    ['key_account', 'customer', true],
    ['customer', 'lead', true],
    ['prospect', 'lead', true],
    ['customer', 'lost', true],
    ['lead', 'lost', true],
    ['customer', 'dormant', true],
    ['dormant', 'winback', false],
    ['winback', 'customer', false],
    ['lost', 'lead', false],
    ['dormant', 'customer', false]
  ])('L2 %s → %s needs a reason: %s', (from, to, needs) => {
    expect(stageMoveNeedsReason({ from, to })).toBe(needs);
  });

  it('L1 a move to the current stage is refused', () => {
    expect(
      stageMoveProblem({ dossier: { stage: 'lead', keyAccountManagerId: null }, to: 'lead', reason: 'x' })
    ).toMatch(/already/);
  });

  it('L2 a whitespace reason does not count; a real one does', () => {
    const dossier = { stage: 'customer' as Stage, keyAccountManagerId: null };
    expect(stageMoveProblem({ dossier, to: 'lost', reason: '   ' })).toMatch(/needs a reason/);
    expect(stageMoveProblem({ dossier, to: 'lost', reason: null })).toMatch(/needs a reason/);
    expect(stageMoveProblem({ dossier, to: 'lost', reason: 'went bust' })).toBeNull();
    expect(stageMoveProblem({ dossier, to: 'winback', reason: null })).toBeNull();
  });

  it('L3 key_account requires a key-account manager', () => {
    expect(
      stageMoveProblem({ dossier: { stage: 'customer', keyAccountManagerId: null }, to: 'key_account', reason: null })
    ).toMatch(/key-account manager/);
    expect(
      stageMoveProblem({ dossier: { stage: 'customer', keyAccountManagerId: 'u1' }, to: 'key_account', reason: null })
    ).toBeNull();
  });

  const moves: [Stage, LifecycleEvent['type'], Stage | null][] = [];
  const table: Record<LifecycleEvent['type'], Partial<Record<Stage, Stage>>> = {
    order_placed: {
      lead: 'customer',
      prospect: 'customer',
      dormant: 'customer',
      lost: 'customer'
    },
    went_dormant: { customer: 'dormant', key_account: 'dormant' },
    winback_started: { dormant: 'winback', lost: 'winback' },
    winback_won: { winback: 'customer' },
    winback_failed: { winback: 'lost' }
  };
  for (const [type, to] of Object.entries(table) as [LifecycleEvent['type'], Partial<Record<Stage, Stage>>][]) {
    for (const stage of STAGES) moves.push([stage, type, to[stage] ?? null]);
  }
  it.each(moves)('L4 %s after %s → %s', (stage, type, expected) => {
    expect(stageAfterEvent({ stage, event: { type } as LifecycleEvent })).toBe(expected);
  });

  it('P1 tags are trimmed, deduplicated ignoring case (first spelling wins) and capped at 20', () => {
    expect(normaliseTags([' VIP ', 'vip', '', 'Export', 'Vip', 'export '])).toEqual(['VIP', 'Export']);
    expect(normaliseTags(Array.from({ length: 30 }, (_, i) => `t${i}`))).toHaveLength(20);
  });

  const members = new Set(['owner', 'u2', 'u3']);
  const isMember = (id: string) => members.has(id);
  const customer = { stage: 'customer' as Stage, ownerId: 'owner' };

  it('P2 manager and stand-ins must be team members; stand-ins deduplicated; the owner is no stand-in', () => {
    expect(normalisePatch({ dossier: customer, patch: { keyAccountManagerId: 'x9' }, isMember })).toEqual({
      problem: expect.stringMatching(/member/)
    });
    expect(normalisePatch({ dossier: customer, patch: { standInIds: ['u2', 'x9'] }, isMember })).toEqual({
      problem: expect.stringMatching(/member/)
    });
    expect(normalisePatch({ dossier: customer, patch: { standInIds: ['owner'] }, isMember })).toEqual({
      problem: expect.stringMatching(/own stand-in/)
    });
    expect(
      normalisePatch({
        dossier: customer,
        patch: { standInIds: ['u3', 'u2', 'u3'], keyAccountManagerId: 'u2' },
        isMember
      })
    ).toEqual({ patch: { standInIds: ['u3', 'u2'], keyAccountManagerId: 'u2' } });
  });

  it('L5 a key account keeps its manager; other stages may clear it', () => {
    expect(
      normalisePatch({ dossier: { ...customer, stage: 'key_account' }, patch: { keyAccountManagerId: null }, isMember })
    ).toEqual({ problem: expect.stringMatching(/keeps its key-account manager/) });
    expect(normalisePatch({ dossier: customer, patch: { keyAccountManagerId: null }, isMember })).toEqual({
      patch: { keyAccountManagerId: null }
    });
  });
});
