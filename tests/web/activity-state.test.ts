import { describe, expect, it } from 'vitest';
import type { ActivityItemDTO, ActivityPage } from '../../src/lib/contract';
import type { ActivityFeedListener } from '../../src/lib/realtime/activity-feed-sync';
import { ActivityState, MAX_ROWS } from '../../src/lib/state/activity-state.svelte';

const T0 = Date.parse('2026-11-30T08:00:00Z');

function item(seq: number, over: Partial<ActivityItemDTO> = {}): ActivityItemDTO {
  const at = new Date(T0 + seq * 1000).toISOString();
  return {
    key: `e:${seq}`,
    seq,
    firstSeq: seq,
    count: 1,
    type: 'task.created',
    at,
    firstAt: at,
    actorId: 'anna',
    actorName: 'Anna',
    onBehalfOfId: null,
    onBehalfOfName: null,
    teamId: 't1',
    teamName: 'Nord',
    dossierId: `d${seq}`,
    dossierName: `Firma ${seq}`,
    pointOfSale: null,
    versionId: null,
    fields: [],
    params: {},
    ...over
  };
}

/** The feed's ports as a fake: the test plays the server through the listener. */
function fakePorts(pages: ActivityPage[] = []) {
  let listener: ActivityFeedListener | null = null;
  const older: number[] = [];
  return {
    ports: {
      older: async ({ beforeSeq }: { beforeSeq: number }) => {
        older.push(beforeSeq);
        return pages.shift() ?? { items: [], nextCursor: null };
      },
      subscribe: ({ listener: l }: { listener: ActivityFeedListener }) => {
        listener = l;
        return () => (listener = null);
      }
    },
    server: () => listener!,
    older
  };
}

describe('ActivityState', () => {
  it('shows the first page, adds live items on top once each, and counts them while scrolled down', () => {
    const fake = fakePorts();
    const state = new ActivityState({ ports: fake.ports, filter: {} });
    state.start();
    fake.server().replace({ items: [item(2), item(1)], nextCursor: '1', lastSeq: 2 });
    fake.server().live(true);
    expect(state.loaded && state.live).toBe(true);
    fake.server().add([item(3)]);
    expect(state.rows.map((r) => r.seq)).toEqual([3, 2, 1]);
    state.setAtTop(false);
    fake.server().add([item(4), item(3), item(5)]); // 3 again after a reconnect: not a new row
    expect(state.rows.map((r) => r.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(state.unseen).toBe(2);
    state.setAtTop(true);
    expect(state.unseen).toBe(0);
  });

  it(`keeps at most ${MAX_ROWS} rows, dropping the oldest and saying so, and then stops paging back`, async () => {
    const fake = fakePorts([{ items: [item(0)], nextCursor: '0' }]);
    const state = new ActivityState({ ports: fake.ports, filter: {} });
    state.start();
    fake.server().replace({ items: [item(2), item(1)], nextCursor: '1', lastSeq: 2 });
    await state.loadOlder();
    expect(fake.older).toEqual([1]);
    expect(state.rows.map((r) => r.seq)).toEqual([2, 1, 0]);
    fake.server().add(Array.from({ length: MAX_ROWS }, (_, i) => item(10 + i)));
    expect(state.rows).toHaveLength(MAX_ROWS);
    expect(state.rows[MAX_ROWS - 1]!.seq).toBe(10);
    expect(state.trimmed).toBe(true);
    expect(state.hasOlder).toBe(false);
  });

  it('says why when the server refuses the filter', () => {
    const fake = fakePorts();
    const state = new ActivityState({ ports: fake.ports, filter: { team: 'other' } });
    state.start();
    fake.server().refused('You can only see the activity of your own team(s).');
    expect(state.refused).toMatch(/own team/);
    expect(state.loaded).toBe(true);
  });
});
