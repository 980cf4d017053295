import { describe, expect, it } from 'vitest';
import { createCoverageAudience } from '../../server/features/continuity';
import type { CoverageAbsence } from '../../server/kernel/coverage';
import { coverageFollowers, shadowStarts } from '../../server/kernel/coverage-audience';
import { mayReceive, type StoredEvent } from '../../server/kernel/events';
import type { User } from '../../server/kernel/types';
import { dossier } from '../contract/dossier-fixtures';
import { createFakeCoverage } from '../helpers/fake-coverage';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T09:00:00Z');
const absence = (over: Partial<CoverageAbsence>): CoverageAbsence => ({
  id: 'a1',
  userId: 'owner',
  kind: 'vacation',
  from: NOW + DAY,
  to: NOW + 10 * DAY,
  handToId: null,
  ...over
});
const user = (id: string, teamIds: string[]): User => ({
  id,
  email: `${id}@x.test`,
  name: id,
  role: 'rep',
  locale: 'de',
  teamIds,
  passwordHash: 'x',
  createdAt: 0,
  deputyId: null,
  deactivatedAt: null
});
const event = (over: Partial<StoredEvent> = {}): StoredEvent =>
  ({
    id: 'e1',
    seq: 1,
    type: 'dossier.stage_changed',
    at: NOW,
    actorId: 'owner',
    onBehalfOfId: null,
    teamId: 'nord',
    dossierId: 'd1',
    data: {},
    ...over
  }) as StoredEvent;

describe('coverage audience (F1–F3)', () => {
  it('F1 the acting stand-in follows; F3 not the owner, not a gap', () => {
    const covered = {
      kind: 'covered',
      actingOwnerId: 's1',
      via: 'deputy',
      absenceId: 'a1',
      forUserId: 'o',
      reason: 'vacation',
      until: null
    } as const;
    expect(coverageFollowers({ ownerId: 'o', now: covered, atStarts: [] })).toEqual(['s1']);
    expect(coverageFollowers({ ownerId: 'o', now: { kind: 'owner', actingOwnerId: 'o' }, atStarts: [] })).toEqual([]);
    const gap = {
      kind: 'gap',
      actingOwnerId: null,
      cause: 'exhausted',
      absenceId: 'a1',
      forUserId: 'o',
      reason: 'vacation',
      until: null
    } as const;
    expect(coverageFollowers({ ownerId: 'o', now: gap, atStarts: [] })).toEqual([]);
  });

  it('F2 shadow starts: planned absences beginning within the window, not cancelled ones', () => {
    const absences = [
      absence({ id: 'in', from: NOW + 3 * DAY }),
      absence({ id: 'late', from: NOW + 6 * DAY }),
      absence({ id: 'cancelled', from: NOW + 2 * DAY, endedAt: NOW }),
      absence({ id: 'other', userId: 'x', from: NOW + DAY }),
      absence({ id: 'running', from: NOW - DAY })
    ];
    expect(shadowStarts({ userId: 'owner', absences, now: NOW, shadowMs: 5 * DAY })).toEqual([NOW + 3 * DAY]);
  });

  it('mayReceive: a follower outside the team receives team and dossier events of the dossier, no internal ones', () => {
    const outsider = user('s1', ['sued']);
    expect(mayReceive(outsider, event())).toBe(false);
    expect(mayReceive(outsider, event(), { follows: true })).toBe(true);
    expect(mayReceive(outsider, event({ type: 'coverage.changed' } as Partial<StoredEvent>), { follows: true })).toBe(
      false
    );
  });

  it('routing: the stand-in of another team follows during the absence and in the shadow week before it', async () => {
    let now = NOW;
    const d1 = dossier({ id: 'd1', teamId: 'nord', ownerId: 'owner' });
    const coverage = createFakeCoverage({
      now: () => now,
      people: [
        { id: 'owner', active: true, deputyId: 's1' },
        { id: 's1', active: true, deputyId: null },
        { id: 'mate', active: true, deputyId: null }
      ],
      dossiers: [d1]
    });
    const people = new Map([
      ['owner', user('owner', ['nord'])],
      ['s1', user('s1', ['sued'])],
      ['mate', user('mate', ['nord'])]
    ]);
    const audience = createCoverageAudience({
      coverage,
      dossiers: { find: async (id) => (id === 'd1' ? d1 : null), findMany: async () => [d1] },
      people: { get: async (id) => people.get(id) ?? null },
      absencesBetween: async (from, to) => coverage.absences.filter((a) => a.from < to && a.to > from),
      shadowDays: 5,
      clock: { now: () => now }
    });
    const vacation = absence({ from: NOW + 3 * DAY, to: NOW + 10 * DAY });
    coverage.absences.push(vacation);
    // Three days before: shadow week (the deputy will act at the start).
    expect(await audience.followersOf(event())).toEqual(['s1']);
    // …and feed:resume serves the same dossier to the shadowing stand-in (F2), not only live pushes.
    expect(await audience.followedBy('s1')).toEqual([{ dossierId: 'd1', teamId: 'nord' }]);
    expect(await audience.followedBy('mate')).toEqual([]);
    // During: the deputy acts; a same-team stand-in would be served by the team room instead.
    now = NOW + 4 * DAY;
    expect(await audience.followersOf(event())).toEqual(['s1']);
    expect(await audience.followedBy('s1')).toEqual([{ dossierId: 'd1', teamId: 'nord' }]);
    people.get('owner')!.teamIds = ['nord'];
    coverage.people.set('owner', { id: 'owner', active: true, deputyId: 'mate' });
    expect(await audience.followersOf(event())).toEqual([]);
    // After: nobody.
    coverage.people.set('owner', { id: 'owner', active: true, deputyId: 's1' });
    now = NOW + 11 * DAY;
    expect(await audience.followersOf(event())).toEqual([]);
    expect(await audience.followersOf(event({ dossierId: null }))).toEqual([]);
  });
});
