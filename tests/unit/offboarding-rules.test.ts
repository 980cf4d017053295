import { describe, expect, it } from 'vitest';
import {
  offboardingItems,
  planOffboarding,
  withSuggestions,
  type Holdings,
  type OffboardingPerson
} from '../../server/features/continuity/offboarding.rules';

const person = (id: string, over: Partial<OffboardingPerson> = {}): OffboardingPerson => ({
  id,
  name: id.toUpperCase(),
  role: 'rep',
  teamIds: ['north'],
  active: true,
  deputyId: null,
  ...over
});

// Lea leaves; Dan is her deputy; Ann and Bob are reps of north; Max is a manager; Zoe is in south; Old left.
const lea = person('lea', { deputyId: 'dan', teamIds: ['north', 'south'] });
const people = [
  lea,
  person('dan'),
  person('ann'),
  person('bob'),
  person('max', { role: 'manager' }),
  person('zoe', { teamIds: ['south'] }),
  person('old', { active: false }),
  person('vic', { role: 'viewer' })
];

const holdings: Holdings = {
  dossiers: [
    { id: 'd1', company: 'Acme', teamId: 'north', ownerId: 'lea', standInIds: [], keyAccountManagerId: 'lea' },
    { id: 'd2', company: 'Birch', teamId: 'north', ownerId: 'lea', standInIds: ['ann'], keyAccountManagerId: null },
    { id: 'd3', company: 'Cedar', teamId: 'north', ownerId: 'dan', standInIds: ['lea'], keyAccountManagerId: null },
    { id: 'd4', company: 'Dune', teamId: 'south', ownerId: 'lea', standInIds: [], keyAccountManagerId: null }
  ],
  deputyOf: [{ id: 'ann', name: 'ANN' }],
  tasks: [
    { id: 't1', kind: 'callback', title: 'Call', dossierId: 'd1', dossierCompany: 'Acme', teamId: 'north' },
    { id: 't2', kind: 'ticket', title: 'Broken', dossierId: 'd3', dossierCompany: 'Cedar', teamId: 'north' }
  ],
  handoffs: [{ id: 'h1', dossierId: 'd9', company: 'Elm', fromUserId: 'bob', toUserId: 'lea' }],
  handTos: [{ id: 'a1', userId: 'bob', userName: 'BOB' }]
};

const items = withSuggestions(offboardingItems('lea', holdings), lea, people);
const find = (kind: string, id: string) => items.find((i) => i.kind === kind && i.id === id)!;

describe('OB1 offboardingItems lists everything the user holds, ordered by kind, label, id', () => {
  it('one item per dossier, role, task, ticket, hand-off and hand-to', () => {
    expect(items.map((i) => `${i.kind}:${i.id}`)).toEqual([
      'dossier:d1',
      'dossier:d2',
      'dossier:d4',
      'stand_in:d3',
      'deputy:ann',
      'task:t1',
      'ticket:t2',
      'key_account:d1',
      'handoff:h1',
      'absence_hand_to:a1'
    ]);
  });
  it('a user who holds nothing has no items', () => {
    expect(
      offboardingItems('zoe', { dossiers: holdings.dossiers, deputyOf: [], tasks: [], handoffs: [], handTos: [] })
    ).toEqual([]);
  });
});

describe('OB2/OB7 eligibility and the deputy suggestion', () => {
  it.each([
    ['dossier of her team → the deputy', 'dossier', 'd1', 'dan'],
    ['dossier of a team the deputy is not in → none', 'dossier', 'd4', null],
    ['stand-in on the deputy’s own dossier → none (he owns it)', 'stand_in', 'd3', null],
    ['deputy role of Ann → Dan', 'deputy', 'ann', 'dan'],
    ['ticket → the deputy', 'ticket', 't2', 'dan'],
    ['hand-off from Bob → Dan', 'handoff', 'h1', 'dan'],
    ['hand-to of Bob’s absence → Dan', 'absence_hand_to', 'a1', 'dan']
  ])('%s', (_name, kind, id, expected) => {
    expect(find(kind, id).suggestedToId).toBe(expected);
  });
  it('a deactivated deputy suggests nobody', () => {
    const gone = people.map((p) => (p.id === 'dan' ? { ...p, active: false } : p));
    expect(withSuggestions(items, lea, gone).every((i) => i.suggestedToId === null)).toBe(true);
  });
  it('a self-deputy suggests nobody', () => {
    const self = { ...lea, deputyId: 'lea' };
    expect(withSuggestions(items, self, people).every((i) => i.suggestedToId === null)).toBe(true);
  });
});

describe('OB3–OB6 planOffboarding', () => {
  it('OB6 without rule or assignments everything is unassigned and there is no plan', () => {
    const result = planOffboarding({ leaving: lea, items, people });
    expect(result).toMatchObject({ ok: false, invalid: [] });
    if (!result.ok) expect(result.unassigned).toHaveLength(items.length);
  });

  it('OB4 rule deputy leaves exactly the items Dan may not take', () => {
    const result = planOffboarding({ leaving: lea, items, people, rule: 'deputy' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.unassigned.map((i) => `${i.kind}:${i.id}`)).toEqual(['dossier:d4', 'stand_in:d3']);
  });

  it('OB3 explicit assignments complete the deputy rule into a plan', () => {
    const result = planOffboarding({
      leaving: lea,
      items,
      people,
      rule: 'deputy',
      assignments: [
        { kind: 'dossier', id: 'd4', toUserId: 'zoe' },
        { kind: 'stand_in', id: 'd3', toUserId: 'bob' },
        { kind: 'task', id: 't1', toUserId: 'ann' },
        { kind: 'task', id: 'gone', toUserId: 'ann' }
      ]
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const to = Object.fromEntries(result.plan.map((p) => [`${p.item.kind}:${p.item.id}`, p.toUserId]));
    expect(to).toMatchObject({ 'dossier:d1': 'dan', 'dossier:d4': 'zoe', 'stand_in:d3': 'bob', 'task:t1': 'ann' });
    expect(result.ignored).toEqual([{ kind: 'task', id: 'gone', toUserId: 'ann' }]);
  });

  it.each([
    ['the leaving user', 'lea', 'the leaving user'],
    ['a deactivated colleague', 'old', 'deactivated'],
    ['a viewer', 'vic', 'a viewer cannot hold work'],
    ['someone outside the team', 'zoe', 'not a member of the team'],
    ['an unknown id', 'nobody', 'unknown user']
  ])('OB3 an assignment to %s is invalid', (_name, toUserId, reason) => {
    const result = planOffboarding({
      leaving: lea,
      items,
      people,
      rule: 'deputy',
      assignments: [{ kind: 'dossier', id: 'd1', toUserId }]
    });
    expect(result).toMatchObject({ ok: false, invalid: [{ kind: 'dossier', id: 'd1', toUserId, reason }] });
  });

  it('OB2 a stand-in role cannot go to the dossier’s owner or an existing stand-in', () => {
    const withAnn = offboardingItems('lea', {
      ...holdings,
      dossiers: [
        {
          id: 'd5',
          company: 'Fir',
          teamId: 'north',
          ownerId: 'dan',
          standInIds: ['ann', 'lea'],
          keyAccountManagerId: null
        }
      ]
    });
    for (const toUserId of ['dan', 'ann']) {
      const result = planOffboarding({
        leaving: lea,
        items: withAnn.filter((i) => i.kind === 'stand_in'),
        people,
        assignments: [{ kind: 'stand_in', id: 'd5', toUserId }]
      });
      expect(result.ok, toUserId).toBe(false);
    }
  });

  it('OB5 round robin takes turns over the team’s active reps by name, per team, skipping the ineligible', () => {
    const result = planOffboarding({ leaving: lea, items, people, rule: 'round_robin' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const to = result.plan.map((p) => `${p.item.kind}:${p.item.id}→${p.toUserId}`);
    // north reps by name: ANN, BOB, DAN (Max is a manager, Old is inactive); south: ZOE.
    // Items without a team (deputy, hand-off, hand-to) take turns over Lea's teams: ANN, BOB, DAN, ZOE.
    expect(to).toEqual([
      'dossier:d1→ann',
      'dossier:d2→bob',
      'dossier:d4→zoe',
      'stand_in:d3→ann', // Dan's turn, but he owns d3: the turn passes on (wrapping) to Ann
      'deputy:ann→bob', // not Ann herself
      'task:t1→bob',
      'ticket:t2→dan',
      'key_account:d1→ann',
      'handoff:h1→dan', // Bob is the other side of the hand-off
      'absence_hand_to:a1→zoe'
    ]);
  });

  it('OB5 is deterministic: the same input gives the same plan', () => {
    const a = planOffboarding({ leaving: lea, items, people, rule: 'round_robin' });
    const b = planOffboarding({ leaving: lea, items: [...items], people: [...people].reverse(), rule: 'round_robin' });
    expect(b).toEqual(a);
  });

  it('OB5 a team without another active rep leaves its items unassigned', () => {
    const noSouth = people.filter((p) => p.id !== 'zoe');
    const result = planOffboarding({ leaving: lea, items, people: noSouth, rule: 'round_robin' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.unassigned.map((i) => `${i.kind}:${i.id}`)).toEqual(['dossier:d4']);
  });
});
