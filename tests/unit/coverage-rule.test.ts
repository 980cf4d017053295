import { describe, expect, it } from 'vitest';
import {
  actingOwner,
  isAvailable,
  type Coverage,
  type CoverageAbsence,
  type CoverageHandoff,
  type CoverageInput,
  type CoveragePerson
} from '../../server/kernel/coverage';
import { absenceWindow } from '../../server/kernel/zoned-time';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T = Date.UTC(2026, 10, 23, 9); // Mon 23 Nov 2026, 10:00 Berlin

/** People a..g; `over` sets deputies or deactivates. */
function people(over: Record<string, Partial<CoveragePerson>> = {}): Map<string, CoveragePerson> {
  const ids = ['owner', 'handTo', 's1', 's2', 'd1', 'd2', 'd3', 'm1', 'm2', 'recv'];
  return new Map(ids.map((id) => [id, { id, active: true, deputyId: null, ...over[id] }]));
}
const away = (userId: string, over: Partial<CoverageAbsence> = {}): CoverageAbsence => ({
  id: `a-${userId}`,
  userId,
  kind: 'vacation',
  from: T - DAY,
  to: T + DAY,
  handToId: null,
  ...over
});
const handoff = (over: Partial<CoverageHandoff> = {}): CoverageHandoff => ({
  id: 'h1',
  dossierId: 'dos',
  fromUserId: 'owner',
  toUserId: 'recv',
  until: T + 2 * DAY,
  status: 'picked_up',
  createdAt: T - HOUR,
  ...over
});

function input(over: Partial<Omit<CoverageInput, 'people'>> & { people?: Map<string, CoveragePerson> } = {}) {
  return {
    dossier: { id: 'dos', ownerId: 'owner', standInIds: ['s1', 's2'] },
    people: people(),
    absences: [],
    handoffs: [],
    teamManagerIds: ['m1', 'm2'],
    at: T,
    ...over
  } satisfies CoverageInput;
}

interface Case {
  name: string;
  input: CoverageInput;
  expect: Partial<Coverage> & Record<string, unknown>;
}

const cases: Case[] = [
  {
    name: 'C1 an owner who is present acts themself',
    input: input(),
    expect: { kind: 'owner', actingOwnerId: 'owner' }
  },
  {
    name: 'C1 an absence that has not started yet changes nothing',
    input: input({ absences: [away('owner', { from: T + HOUR })] }),
    expect: { kind: 'owner', actingOwnerId: 'owner' }
  },
  {
    name: 'C1 an absence ends exclusively at `to`',
    input: input({ absences: [away('owner', { to: T })] }),
    expect: { kind: 'owner', actingOwnerId: 'owner' }
  },
  {
    name: 'C1 an absence ended early no longer counts after endedAt',
    input: input({ absences: [away('owner', { endedAt: T - HOUR })] }),
    expect: { kind: 'owner', actingOwnerId: 'owner' }
  },
  {
    name: 'C2 a temporary hand-off in force makes its receiver act, until its until',
    input: input({ handoffs: [handoff()] }),
    expect: { kind: 'handoff', actingOwnerId: 'recv', via: 'hand_off', reason: 'handoff', until: T + 2 * DAY }
  },
  {
    name: 'C2 a hand-off in force wins over the absence chain',
    input: input({ handoffs: [handoff()], absences: [away('owner', { handToId: 'handTo' })] }),
    expect: { kind: 'handoff', actingOwnerId: 'recv' }
  },
  {
    name: 'C2 a hand-off whose receiver is away: the owner acts when present',
    input: input({ handoffs: [handoff()], absences: [away('recv')] }),
    expect: { kind: 'owner', actingOwnerId: 'owner' }
  },
  {
    name: 'C2 a hand-off whose receiver is away and an absent owner: the chain decides',
    input: input({ handoffs: [handoff()], absences: [away('recv'), away('owner')] }),
    expect: { kind: 'covered', actingOwnerId: 's1', via: 'stand_in' }
  },
  {
    name: 'C2 a returned, permanent, expired or other dossier’s hand-off is not in force',
    input: input({
      handoffs: [
        handoff({ id: 'h1', status: 'returned' }),
        handoff({ id: 'h2', until: null }),
        handoff({ id: 'h3', until: T }),
        handoff({ id: 'h4', dossierId: 'other' }),
        handoff({ id: 'h5', createdAt: T + 1 })
      ]
    }),
    expect: { kind: 'owner', actingOwnerId: 'owner' }
  },
  {
    name: 'C3a the hand-to of the owner’s absence acts, until the absence ends',
    input: input({ absences: [away('owner', { handToId: 'handTo' })] }),
    expect: { kind: 'covered', actingOwnerId: 'handTo', via: 'hand_to', reason: 'vacation', until: T + DAY }
  },
  {
    name: 'C3a of overlapping absences, the one that started last names the hand-to',
    input: input({
      absences: [
        away('owner', { id: 'a1', from: T - 3 * DAY, to: T + 3 * DAY, handToId: 's2' }),
        away('owner', { id: 'a2', kind: 'illness', from: T - HOUR, to: T + HOUR, handToId: 'handTo' })
      ]
    }),
    expect: { actingOwnerId: 'handTo', reason: 'illness', absenceId: 'a2', until: T + 3 * DAY }
  },
  {
    name: 'C3b without a hand-to, the first stand-in acts',
    input: input({ absences: [away('owner')] }),
    expect: { kind: 'covered', actingOwnerId: 's1', via: 'stand_in' }
  },
  {
    name: 'C3b stand-ins in their order, absent ones skipped (and an absent hand-to)',
    input: input({ absences: [away('owner', { handToId: 'handTo' }), away('handTo'), away('s1')] }),
    expect: { actingOwnerId: 's2', via: 'stand_in' }
  },
  {
    name: 'C3c then the owner’s deputy',
    input: input({
      dossier: { id: 'dos', ownerId: 'owner', standInIds: [] },
      people: people({ owner: { deputyId: 'd1' } }),
      absences: [away('owner')]
    }),
    expect: { actingOwnerId: 'd1', via: 'deputy' }
  },
  {
    name: 'C3c an absent deputy hands on to their deputy (a chain)',
    input: input({
      dossier: { id: 'dos', ownerId: 'owner', standInIds: [] },
      people: people({ owner: { deputyId: 'd1' }, d1: { deputyId: 'd2' }, d2: { deputyId: 'd3' } }),
      absences: [away('owner'), away('d1'), away('d2')]
    }),
    expect: { actingOwnerId: 'd3', via: 'deputy' }
  },
  {
    name: 'C3c a deactivated deputy is passed over to their deputy',
    input: input({
      dossier: { id: 'dos', ownerId: 'owner', standInIds: [] },
      people: people({ owner: { deputyId: 'd1' }, d1: { deputyId: 'd2', active: false } }),
      absences: [away('owner')]
    }),
    expect: { actingOwnerId: 'd2', via: 'deputy' }
  },
  {
    name: 'C3d when the chain is exhausted, the team’s managers in order',
    input: input({
      dossier: { id: 'dos', ownerId: 'owner', standInIds: ['s1'] },
      people: people({ owner: { deputyId: 'd1' } }),
      absences: [away('owner'), away('s1'), away('d1'), away('m1')]
    }),
    expect: { actingOwnerId: 'm2', via: 'manager' }
  },
  {
    name: 'C4 deactivated stand-ins and hand-tos are not available',
    input: input({
      people: people({ handTo: { active: false }, s1: { active: false } }),
      absences: [away('owner', { handToId: 'handTo' })]
    }),
    expect: { actingOwnerId: 's2', via: 'stand_in' }
  },
  {
    name: 'C4 the owner never covers themself (a stand-in list or manager list naming the owner)',
    input: input({
      dossier: { id: 'dos', ownerId: 'owner', standInIds: ['owner'] },
      absences: [away('owner')],
      teamManagerIds: ['owner', 'm2']
    }),
    expect: { actingOwnerId: 'm2', via: 'manager' }
  },
  {
    name: 'C3 a deactivated owner is acted for with reason deactivated and no until',
    input: input({ people: people({ owner: { active: false } }) }),
    expect: { kind: 'covered', actingOwnerId: 's1', reason: 'deactivated', until: null, absenceId: null }
  },
  {
    name: 'C3 an owner unknown to the people map counts as deactivated',
    input: input({
      people: (() => {
        const p = people();
        p.delete('owner');
        return p;
      })()
    }),
    expect: { kind: 'covered', actingOwnerId: 's1', reason: 'deactivated' }
  },
  {
    name: 'C5 a deputy cycle (A → B → A) is cut; a manager still helps',
    input: input({
      dossier: { id: 'dos', ownerId: 'owner', standInIds: [] },
      people: people({ owner: { deputyId: 'd1' }, d1: { deputyId: 'owner' } }),
      absences: [away('owner'), away('d1')]
    }),
    expect: { actingOwnerId: 'm1', via: 'manager' }
  },
  {
    name: 'C5 C6 a cycle with nobody after it is a gap with cause cycle',
    input: input({
      dossier: { id: 'dos', ownerId: 'owner', standInIds: [] },
      people: people({ owner: { deputyId: 'd1' }, d1: { deputyId: 'd2' }, d2: { deputyId: 'd1' } }),
      absences: [away('owner'), away('d1'), away('d2')],
      teamManagerIds: []
    }),
    expect: { kind: 'gap', actingOwnerId: null, cause: 'cycle', forUserId: 'owner', until: T + DAY }
  },
  {
    name: 'C6 nobody available: a gap with cause exhausted',
    input: input({
      people: people({ owner: { deputyId: 'd1' } }),
      absences: [away('owner'), away('s1'), away('s2'), away('d1'), away('m1'), away('m2')]
    }),
    expect: { kind: 'gap', actingOwnerId: null, cause: 'exhausted', reason: 'vacation', absenceId: 'a-owner' }
  },
  {
    name: 'C7 back-to-back absences are joined into one until',
    input: input({
      absences: [
        away('owner', { id: 'a1', from: T - DAY, to: T + DAY }),
        away('owner', { id: 'a2', kind: 'training', from: T + DAY, to: T + 3 * DAY }),
        away('owner', { id: 'a3', from: T + 4 * DAY, to: T + 5 * DAY })
      ]
    }),
    expect: { reason: 'vacation', absenceId: 'a1', until: T + 3 * DAY }
  },
  {
    name: 'C7 an overlapping later absence extends until; an ended-early one ends at endedAt',
    input: input({
      absences: [
        away('owner', { id: 'a1', from: T - DAY, to: T + DAY }),
        away('owner', { id: 'a2', from: T + HOUR, to: T + 9 * DAY, endedAt: T + 2 * DAY })
      ]
    }),
    expect: { absenceId: 'a1', until: T + 2 * DAY }
  },
  {
    name: 'C7 partial day: a morning absence ends at noon',
    input: input({
      at: Date.parse('2026-11-23T09:00:00Z'),
      absences: [away('owner', absenceWindow({ date: '2026-11-23', part: 'morning', timeZone: 'Europe/Berlin' }))]
    }),
    expect: { actingOwnerId: 's1', until: Date.parse('2026-11-23T11:00:00Z') }
  },
  {
    name: 'C1 partial day: after a morning absence the owner acts again in the afternoon',
    input: input({
      at: Date.parse('2026-11-23T11:00:00Z'),
      absences: [away('owner', absenceWindow({ date: '2026-11-23', part: 'morning', timeZone: 'Europe/Berlin' }))]
    }),
    expect: { kind: 'owner' }
  },
  {
    // Spring forward: Sun 29 March 2026 has 23 hours in Berlin. A Sat–Sun absence ends at Monday 00:00 CEST.
    name: 'C7 DST spring: an absence over 2026-03-29 ends at local midnight (22:00 UTC), not an hour late',
    input: input({
      at: Date.parse('2026-03-29T21:30:00Z'),
      absences: [away('owner', absenceWindow({ date: '2026-03-28', toDate: '2026-03-29', timeZone: 'Europe/Berlin' }))]
    }),
    expect: { actingOwnerId: 's1', until: Date.parse('2026-03-29T22:00:00Z') }
  },
  {
    name: 'C1 DST spring: the owner is back at 00:00 CEST on Monday',
    input: input({
      at: Date.parse('2026-03-29T22:00:00Z'),
      absences: [away('owner', absenceWindow({ date: '2026-03-28', toDate: '2026-03-29', timeZone: 'Europe/Berlin' }))]
    }),
    expect: { kind: 'owner' }
  },
  {
    // Fall back: Sun 25 October 2026 has 25 hours; the absence runs to Monday 00:00 CET (23:00 UTC).
    name: 'C7 DST autumn: an absence over 2026-10-25 lasts until local midnight (23:00 UTC)',
    input: input({
      at: Date.parse('2026-10-25T22:30:00Z'),
      absences: [away('owner', absenceWindow({ date: '2026-10-24', toDate: '2026-10-25', timeZone: 'Europe/Berlin' }))]
    }),
    expect: { actingOwnerId: 's1', until: Date.parse('2026-10-25T23:00:00Z') }
  }
];

describe('the coverage rule (kernel/coverage.ts actingOwner)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(actingOwner(c.input)).toMatchObject(c.expect);
  });

  it('C4 isAvailable: active and not absent', () => {
    const p = people({ d1: { active: false } });
    const absences = [away('s1')];
    expect(isAvailable({ userId: 's2', people: p, absences, at: T })).toBe(true);
    expect(isAvailable({ userId: 's1', people: p, absences, at: T })).toBe(false);
    expect(isAvailable({ userId: 'd1', people: p, absences, at: T })).toBe(false);
    expect(isAvailable({ userId: 'ghost', people: p, absences, at: T })).toBe(false);
  });
});
