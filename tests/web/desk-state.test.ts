import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CoveringEntryDTO, HandoffDTO } from '../../src/lib/contract';
import { DESK_COVERING_PAGE } from '../../src/lib/contract';
import { DESK_COALESCE_MS, DESK_OWN_SHOWN, DeskState } from '../../src/lib/state/desk.svelte';
import { FakeDeskServer } from './fakes/fake-continuity-ports';
import { task } from './fakes/fake-followup-ports';
import { summary } from './fakes/fake-list-ports';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((stop) => stop()));

const NOW = '2026-11-30T08:00:00.000Z';

function covering(id: string): CoveringEntryDTO {
  return {
    dossier: summary({ id, ownerId: 'lena', ownerName: 'Lena Vogt' }),
    forUserId: 'lena',
    forUserName: 'Lena Vogt',
    until: '2026-12-04T23:00:00.000Z',
    reason: 'vacation',
    via: 'deputy'
  };
}

function handoff(over: Partial<HandoffDTO> & { id: string }): HandoffDTO {
  return {
    dossierId: 'd9',
    teamId: 't1',
    dossierCompany: 'Kessler',
    fromUserId: 'lena',
    fromName: 'Lena Vogt',
    toUserId: 'me',
    toName: 'Me',
    byId: 'lena',
    kind: 'temporary',
    until: null,
    note: 'Please call Monday',
    status: 'pending',
    createdAt: NOW,
    pickedUpAt: null,
    escalatedAt: null,
    returnedAt: null,
    briefing: {} as HandoffDTO['briefing'],
    ...over
  };
}

async function started(server: FakeDeskServer) {
  const desk = new DeskState({ ports: server, userId: 'me', timeZone: 'Europe/Berlin' });
  cleanups.push(desk.start());
  await vi.waitFor(() => expect(desk.loaded).toBe(true));
  return desk;
}

describe('DeskState: the stand-in desk, live', () => {
  it('loads the desk and lays the rows out in screen order for the keyboard', async () => {
    const server = new FakeDeskServer(NOW);
    server.desk.own = [summary({ id: 'mine', ownerId: 'me' })];
    server.desk.covering = [covering('c1')];
    server.desk.tasks = [
      task({ id: 't2', dueAt: '2026-11-30T12:00:00Z' }),
      task({ id: 't1', dueAt: '2026-11-30T09:00:00Z', dossierId: 'c1' })
    ];
    server.desk.handoffs = [handoff({ id: 'h1' }), handoff({ id: 'h2', fromUserId: 'me', toUserId: 'tom' })];
    const desk = await started(server);
    expect(desk.rows.map((r) => r.key)).toEqual([
      'handoff:h1',
      'covering:c1',
      'task:t1',
      'task:t2',
      'own:mine',
      'sent:h2'
    ]);
    expect(desk.handoffsToMe.map((h) => h.id)).toEqual(['h1']);
    expect(desk.selectedKey).toBe('handoff:h1');
    expect(desk.connected).toBe(true);
    expect(desk.isFresh('covering:c1')).toBe(false);
  });

  it('walks with j/k and arrows and opens with Enter', async () => {
    const server = new FakeDeskServer(NOW);
    server.desk.covering = [covering('c1')];
    server.desk.tasks = [task({ id: 't1', dueAt: '2026-11-30T09:00:00Z', dossierId: 'c1' })];
    server.desk.handoffs = [handoff({ id: 'h1' })];
    const desk = await started(server);
    expect(desk.handleKey({ key: 'j' })).toBe(true);
    expect(desk.handleKey({ key: 'ArrowDown' })).toBe(true);
    expect(desk.handleKey({ key: 'j' })).toBe(true); // stays on the last row
    expect(desk.selectedKey).toBe('task:t1');
    desk.handleKey({ key: 'k' });
    expect(desk.handleKey({ key: 'Enter' })).toBe(true);
    desk.handleKey({ key: 'ArrowUp' });
    desk.handleKey({ key: 'Enter' });
    expect(server.opened).toEqual(['/dossiers/c1', '/handoffs/h1']);
    expect(desk.handleKey({ key: 'j', ctrlKey: true })).toBe(false);
    expect(desk.handleKey({ key: 'x' })).toBe(false);
  });

  it('refetches once per burst of desk:changed and marks what arrived', async () => {
    const server = new FakeDeskServer(NOW);
    const desk = await started(server);
    expect(desk.empty).toBe(true);
    server.desk.covering = [covering('c1'), covering('c2')];
    for (let i = 0; i < 20; i++) server.push();
    expect(server.fetches).toBe(1);
    server.advance(DESK_COALESCE_MS);
    await vi.waitFor(() => expect(desk.desk?.covering).toHaveLength(2));
    expect(server.fetches).toBe(2);
    expect(desk.isFresh('covering:c1')).toBe(true);
    expect(desk.selectedKey).toBe('covering:c1');
    // The absence ended: the covered dossiers leave the desk, the selection moves to what is left.
    server.desk.covering = [];
    server.push();
    server.advance(DESK_COALESCE_MS);
    await vi.waitFor(() => expect(desk.empty).toBe(true));
    expect(desk.selectedKey).toBeNull();
  });

  it('fetches again after a fetch in flight when a push came meanwhile, and after a reconnect', async () => {
    const server = new FakeDeskServer(NOW);
    const desk = await started(server);
    server.hold = true;
    server.push();
    server.advance(DESK_COALESCE_MS);
    expect(server.fetches).toBe(2);
    server.desk.covering = [covering('c1')];
    server.push();
    server.advance(DESK_COALESCE_MS);
    expect(server.fetches).toBe(2);
    server.hold = false;
    server.release();
    await vi.waitFor(() => expect(server.fetches).toBe(3));
    await vi.waitFor(() => expect(desk.rows).toHaveLength(1));

    server.setConnected(false);
    expect(desk.connected).toBe(false);
    server.setConnected(true);
    server.advance(DESK_COALESCE_MS);
    await vi.waitFor(() => expect(server.fetches).toBe(4));
    expect(desk.connected).toBe(true);
  });

  it('says when the server has no desk', async () => {
    const server = new FakeDeskServer(NOW);
    server.missing = true;
    const desk = new DeskState({ ports: server, userId: 'me', timeZone: 'Europe/Berlin' });
    cleanups.push(desk.start());
    await vi.waitFor(() => expect(desk.unavailable).toBe(true));
    expect(desk.loaded).toBe(false);
  });

  it('asks for the first DESK_COVERING_PAGE covering rows; Show all refetches the full list and keeps it on pushes', async () => {
    const server = new FakeDeskServer(NOW);
    const all = Array.from({ length: DESK_COVERING_PAGE + 5 }, (_, i) => covering(`c${String(i).padStart(3, '0')}`));
    server.desk.covering = all;
    server.desk.coveringTotal = all.length;
    server.desk.coveringBy = [
      { forUserId: 'lena', forUserName: 'Lena Vogt', count: all.length, until: all[0].until, reason: 'vacation' }
    ];
    const desk = await started(server);
    expect(server.coveringLimits).toEqual([DESK_COVERING_PAGE]);
    expect(desk.desk?.covering).toHaveLength(DESK_COVERING_PAGE);
    expect(desk.coveringTotal).toBe(DESK_COVERING_PAGE + 5);
    expect(desk.coveringTruncated).toBe(true);
    expect(desk.rows.filter((r) => r.section === 'covering')).toHaveLength(DESK_COVERING_PAGE);

    await desk.showAllCovering();
    expect(server.coveringLimits).toEqual([DESK_COVERING_PAGE, undefined]);
    expect(desk.desk?.covering).toHaveLength(DESK_COVERING_PAGE + 5);
    expect(desk.coveringTruncated).toBe(false);
    expect(desk.showingAllCovering).toBe(true);
    // A push refetches: still the full list (the choice holds until the page reloads).
    server.push();
    server.advance(DESK_COALESCE_MS);
    await vi.waitFor(() => expect(server.coveringLimits).toEqual([DESK_COVERING_PAGE, undefined, undefined]));
    expect(desk.desk?.covering).toHaveLength(DESK_COVERING_PAGE + 5);
  });

  it('asks for the first DESK_OWN_SHOWN own dossiers, also after Show all, and counts all of them', async () => {
    const server = new FakeDeskServer(NOW);
    server.desk.own = Array.from({ length: DESK_OWN_SHOWN + 30 }, (_, i) =>
      summary({ id: `o${String(i).padStart(3, '0')}`, ownerId: 'me' })
    );
    const desk = await started(server);
    expect(server.ownLimits).toEqual([DESK_OWN_SHOWN]);
    expect(desk.desk?.own).toHaveLength(DESK_OWN_SHOWN);
    expect(desk.ownTotal).toBe(DESK_OWN_SHOWN + 30);
    expect(desk.rows.filter((r) => r.section === 'own')).toHaveLength(DESK_OWN_SHOWN);
    await desk.showAllCovering();
    expect(server.ownLimits).toEqual([DESK_OWN_SHOWN, DESK_OWN_SHOWN]);
  });

  it('is not truncated when I cover no more than the page', async () => {
    const server = new FakeDeskServer(NOW);
    server.desk.covering = [covering('c1')];
    server.desk.coveringTotal = 1;
    const desk = await started(server);
    expect(desk.coveringTruncated).toBe(false);
    expect(desk.coveringTotal).toBe(1);
  });
});
