import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/lib/api/api-error';
import type { WhereaboutsDTO } from '../../src/lib/contract';
import {
  WHEREABOUTS_COALESCE_MS,
  WHEREABOUTS_REFRESH_MS,
  WhereaboutsState,
  type WhereaboutsPorts
} from '../../src/lib/state/whereabouts.svelte';
import { FakeTimers } from './fakes/fake-timers';

const NOW = '2026-11-30T08:00:00.000Z';
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((stop) => stop()));

function boardOf(team: string | null): WhereaboutsDTO {
  const teams = team
    ? [{ id: team, name: team }]
    : [
        { id: 'nord', name: 'Nord' },
        { id: 'sued', name: 'Süd' }
      ];
  return {
    at: NOW,
    teams,
    people: [
      { id: 'a', name: 'Anna', role: 'manager', teamIds: ['nord'], online: true, open: [], absence: null },
      {
        id: 'l',
        name: 'Lena',
        role: 'rep',
        teamIds: ['nord'],
        online: false,
        open: [],
        absence: { kind: 'vacation', until: null, coveredBy: [], gaps: 2 }
      }
    ],
    stalled: {
      handoffs: [],
      leads: [],
      callbacks: [],
      tickets: [],
      gaps: [],
      counts: { handoffs: 1, leads: 0, callbacks: 3, tickets: 0, gaps: 2 }
    }
  };
}

class FakeBoardServer implements WhereaboutsPorts {
  readonly clock = new FakeTimers(NOW);
  fetches: Array<string | null> = [];
  subscribes: Array<string | null> = [];
  refuse = new Set<string>();
  isConnected = true;
  #pushes = new Set<() => void>();
  #connection = new Set<(c: boolean) => void>();
  now = () => this.clock.now;
  setTimeout = (run: () => void, ms: number) => this.clock.setTimeout(run, ms);
  clearTimeout = (id: unknown) => this.clock.clearTimeout(id);
  getBoard = async ({ team }: { team: string | null }) => {
    this.fetches.push(team);
    if (team && this.refuse.has(team)) throw new ApiError({ code: 'forbidden', message: 'no', status: 403 });
    return boardOf(team);
  };
  subscribe = async (team: string | null) => {
    this.subscribes.push(team);
    if (team && this.refuse.has(team)) throw new ApiError({ code: 'forbidden', message: 'no', status: 0 });
  };
  unsubscribe = () => {};
  onChanged = (h: () => void) => {
    this.#pushes.add(h);
    return () => void this.#pushes.delete(h);
  };
  onConnection = (h: (c: boolean) => void) => {
    this.#connection.add(h);
    return () => void this.#connection.delete(h);
  };
  connected = () => this.isConnected;
  push() {
    for (const h of this.#pushes) h();
  }
  setConnected(c: boolean) {
    this.isConnected = c;
    for (const h of this.#connection) h(c);
  }
}

async function started(server: FakeBoardServer) {
  const state = new WhereaboutsState({ ports: server });
  cleanups.push(state.start());
  await vi.waitFor(() => expect(state.board).not.toBeNull());
  return state;
}

describe('WhereaboutsState: the live "who is where" board', () => {
  it('loads, subscribes, and derives online, away and the stalled total', async () => {
    const server = new FakeBoardServer();
    const state = await started(server);
    await vi.waitFor(() => expect(state.live).toBe(true));
    expect(server.subscribes).toEqual([null]);
    expect(state.online.map((p) => p.id)).toEqual(['a']);
    expect(state.away.map((p) => p.id)).toEqual(['l']);
    expect(state.stalledTotal).toBe(6);
    expect(state.teams.map((t) => t.id)).toEqual(['nord', 'sued']);
  });

  it('a burst of pushes costs one refetch; the minute tick refetches too', async () => {
    const server = new FakeBoardServer();
    await started(server);
    server.push();
    server.push();
    server.push();
    expect(server.fetches).toHaveLength(1);
    server.clock.advance(WHEREABOUTS_COALESCE_MS);
    await vi.waitFor(() => expect(server.fetches).toHaveLength(2));
    server.clock.advance(WHEREABOUTS_REFRESH_MS);
    await vi.waitFor(() => expect(server.fetches).toHaveLength(3));
  });

  it('a reconnect subscribes again and refetches (the subscription lives on the connection)', async () => {
    const server = new FakeBoardServer();
    const state = await started(server);
    server.setConnected(false);
    expect(state.live).toBe(false);
    server.setConnected(true);
    await vi.waitFor(() => expect(server.subscribes).toEqual([null, null]));
    server.clock.advance(WHEREABOUTS_COALESCE_MS);
    await vi.waitFor(() => expect(server.fetches).toHaveLength(2));
    await vi.waitFor(() => expect(state.live).toBe(true));
  });

  it('picking a refused team shows forbidden and is not live; the team list stays', async () => {
    const server = new FakeBoardServer();
    server.refuse.add('sued');
    const state = await started(server);
    state.setTeam('sued');
    await vi.waitFor(() => expect(state.error).toBe('forbidden'));
    await vi.waitFor(() => expect(state.live).toBe(false));
    expect(state.teams.map((t) => t.id)).toEqual(['nord', 'sued']);
    state.setTeam('nord');
    await vi.waitFor(() => expect(state.error).toBeNull());
    await vi.waitFor(() => expect(state.live).toBe(true));
    expect(server.fetches).toEqual([null, 'sued', 'nord']);
  });
});
