import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/api/api-error';
import type {
  OffboardingDTO,
  OffboardingInput,
  OffboardingItemDTO,
  OffboardingResultDTO,
  UserSummaryDTO
} from '../../src/lib/contract';
import { OffboardingState, type OffboardingPorts } from '../../src/lib/state/offboarding-state.svelte';

const item = (kind: OffboardingItemDTO['kind'], id: string, over: Partial<OffboardingItemDTO> = {}) => ({
  kind,
  id,
  label: id,
  dossierId: null,
  suggestedToId: 'dan',
  teamId: 'north',
  notToIds: [],
  ...over
});
const person = (id: string, over: Partial<UserSummaryDTO> = {}): UserSummaryDTO => ({
  id,
  name: id.toUpperCase(),
  role: 'rep',
  teamIds: ['north'],
  active: true,
  ...over
});

class FakePorts implements OffboardingPorts {
  sent: OffboardingInput[] = [];
  failWith: ApiError | null = null;
  dto: OffboardingDTO = {
    userId: 'lea',
    userName: 'Lea',
    active: true,
    deputyId: 'dan',
    teamIds: ['north'],
    items: [
      item('dossier', 'd1'),
      item('dossier', 'd2'),
      item('stand_in', 'd3', { suggestedToId: null, notToIds: ['dan'] }),
      item('deputy', 'ann', { teamId: null, notToIds: ['ann'] })
    ]
  };
  users = [
    person('lea'),
    person('dan'),
    person('ann'),
    person('bob'),
    person('old', { active: false }),
    person('vic', { role: 'viewer' }),
    person('zoe', { teamIds: ['south'] })
  ];
  async getOffboarding(): Promise<OffboardingDTO> {
    return this.dto;
  }
  async listUsers(): Promise<UserSummaryDTO[]> {
    return this.users;
  }
  async finishOffboarding(options: { userId: string; input: OffboardingInput }): Promise<OffboardingResultDTO> {
    this.sent.push(options.input);
    if (this.failWith) throw this.failWith;
    return { userId: 'lea', deactivatedAt: '2026-11-30T10:00:00.000Z', moved: options.input.assignments ?? [] };
  }
}

async function loaded() {
  const ports = new FakePorts();
  const state = new OffboardingState({ ports, userId: 'lea' });
  await state.load();
  return { ports, state };
}

describe('OffboardingState', () => {
  it('groups items by kind and offers only active members of the team who may take the item', async () => {
    const { state } = await loaded();
    expect(state.groups.map((g) => [g.kind, g.items.length])).toEqual([
      ['dossier', 2],
      ['stand_in', 1],
      ['deputy', 1]
    ]);
    const [d1, , standIn, deputy] = state.items;
    expect(state.candidatesFor(d1).map((u) => u.id)).toEqual(['ann', 'bob', 'dan']);
    expect(state.candidatesFor(standIn).map((u) => u.id)).toEqual(['ann', 'bob']);
    expect(state.candidatesFor(deputy).map((u) => u.id)).toEqual(['bob', 'dan', 'zoe']);
  });

  it('Finish stays disabled until every item has a taker; the deputy fill leaves what he may not take', async () => {
    const { state } = await loaded();
    expect(state.canFinish).toBe(false);
    state.fillFromDeputy();
    expect(state.unassigned.map((i) => i.id)).toEqual(['d3']);
    expect(state.canFinish).toBe(false);
    state.assign(state.unassigned[0], 'bob');
    expect(state.canFinish).toBe(true);
    state.assign(state.items[0], '');
    expect(state.canFinish).toBe(false);
  });

  it('round-robin fills by turns over the reps of each item’s team', async () => {
    const { state } = await loaded();
    state.fillRoundRobin();
    // North reps by name: ANN, BOB, DAN. d3: Dan’s turn but he may not stand in there, so it passes on to Ann
    // (wrapping); the deputy role of Ann skips Ann herself.
    expect(state.items.map((i) => state.choiceOf(i))).toEqual(['ann', 'bob', 'ann', 'bob']);
  });

  it('Finish sends every choice as an explicit assignment, with the note', async () => {
    const { ports, state } = await loaded();
    state.fillRoundRobin();
    expect(await state.finish('  Leaves on Friday ')).toBe(true);
    expect(ports.sent[0]).toEqual({
      note: 'Leaves on Friday',
      assignments: [
        { kind: 'dossier', id: 'd1', toUserId: 'ann' },
        { kind: 'dossier', id: 'd2', toUserId: 'bob' },
        { kind: 'stand_in', id: 'd3', toUserId: 'ann' },
        { kind: 'deputy', id: 'ann', toUserId: 'bob' }
      ]
    });
    expect(state.result?.moved).toHaveLength(4);
  });

  it('shows the server’s 409 list and reloads what is held, keeping the choices that still apply', async () => {
    const { ports, state } = await loaded();
    state.fillRoundRobin();
    const extra = item('task', 't9', { label: 'New callback' });
    ports.dto = { ...ports.dto, items: [...ports.dto.items, extra] };
    ports.failWith = new ApiError({
      status: 409,
      code: 'conflict',
      message: '1 item(s) still unassigned',
      details: { unassigned: [extra], invalid: [] }
    });
    expect(await state.finish('')).toBe(false);
    expect(state.error).toBe('conflict');
    expect(state.refusal?.unassigned.map((i) => i.id)).toEqual(['t9']);
    expect(state.unassigned.map((i) => i.id)).toEqual(['t9']);
    expect(state.assignedCount).toBe(4);
  });
});
