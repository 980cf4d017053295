import { describe, expect, it } from 'vitest';
import { createInProcessPresenceDirectory } from '../../server/adapters/in-process-presence-directory';
import type { PresenceChange } from '../../server/ports/presence-directory';
import { createFakeTime } from '../helpers/fake-time';

const client = (id: string, userId: string, teamIds: string[]) => ({ id, user: { id: userId, teamIds } });

describe('in-process PresenceDirectory (PD1–PD3)', () => {
  it('PD1/PD2 tracks connections per team, the dossier each has open and since when', async () => {
    const time = createFakeTime(1_000);
    const dir = createInProcessPresenceDirectory({ clock: time });
    dir.connected(client('c1', 'anna', ['nord']));
    dir.connected(client('c2', 'anna', ['nord']));
    dir.connected(client('c3', 'sophie', ['sued']));
    time.jump(500);
    dir.located('c2', 'd1');
    expect(await dir.entries(['nord'])).toEqual([
      { connectionId: 'c1', userId: 'anna', teamIds: ['nord'], dossierId: null, since: 1_000 },
      { connectionId: 'c2', userId: 'anna', teamIds: ['nord'], dossierId: 'd1', since: 1_500 }
    ]);
    expect((await dir.entries('all')).map((e) => e.connectionId)).toEqual(['c1', 'c2', 'c3']);
    dir.disconnected('c2');
    dir.located('unknown', 'd2');
    expect((await dir.entries(['nord', 'sued'])).map((e) => e.connectionId)).toEqual(['c1', 'c3']);
  });

  it('PD3 tells listeners each real change once, and nothing after unsubscribing', () => {
    const dir = createInProcessPresenceDirectory({ clock: createFakeTime() });
    const changes: PresenceChange[] = [];
    const stop = dir.subscribe((c) => changes.push(c));
    dir.connected(client('c1', 'anna', ['nord']));
    dir.located('c1', 'd1');
    dir.located('c1', 'd1'); // no change
    dir.located('c1', null);
    dir.disconnected('c1');
    dir.disconnected('c1'); // already gone
    expect(changes).toEqual(Array(4).fill({ userId: 'anna', teamIds: ['nord'] }));
    stop();
    dir.connected(client('c2', 'anna', ['nord']));
    expect(changes).toHaveLength(4);
  });
});
