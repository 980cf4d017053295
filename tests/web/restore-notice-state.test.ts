import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/api';
import type { DossierRestoredPayload } from '../../src/lib/contract';
import { RestoreNoticeState, type RestoredSource } from '../../src/lib/state/restore-notice-state.svelte';

const ME = 'u-me';
const payload = (over: Partial<DossierRestoredPayload> = {}): DossierRestoredPayload => ({
  dossierId: 'd1',
  versionId: 'v-restore',
  restoredFrom: 'v-old',
  restoredFromAt: '2026-11-20T09:30:00.000Z',
  replacedVersionId: 'v-replaced',
  actorId: 'u-anna',
  actorName: 'Anna Becker',
  at: '2026-11-23T10:00:00.000Z',
  seq: 7,
  ...over
});

/** A Socket.io stand-in: the real client is an emitter with the same on/off. */
function setup(restore: (o: { dossierId: string; versionId: string }) => Promise<unknown> = async () => ({})) {
  const socket = new EventEmitter();
  const restores: Array<{ dossierId: string; versionId: string }> = [];
  const state = new RestoreNoticeState({
    dossierId: 'd1',
    userId: ME,
    source: () => socket as unknown as RestoredSource,
    restore: (o) => {
      restores.push(o);
      return restore(o);
    }
  });
  const stop = state.start();
  return { socket, state, restores, stop };
}

describe('RestoreNoticeState', () => {
  it('shows a colleague’s restore of this dossier and ignores its own and other dossiers’', () => {
    const { socket, state } = setup();
    socket.emit('dossier:restored', payload({ actorId: ME }));
    socket.emit('dossier:restored', payload({ dossierId: 'd2' }));
    expect(state.notice).toBeNull();
    socket.emit('dossier:restored', payload());
    expect(state.notice).toMatchObject({ actorName: 'Anna Becker', replacedVersionId: 'v-replaced' });
    expect(state.received).toBe(1);
    expect(state.canUndo).toBe(true);
  });

  it('undo restores the replaced version once, then says so', async () => {
    const { socket, state, restores } = setup();
    socket.emit('dossier:restored', payload());
    const first = state.undo();
    expect(state.undoing).toBe(true);
    expect(await state.undo()).toBe(false); // a double click does not restore twice
    expect(await first).toBe(true);
    expect(restores).toEqual([{ dossierId: 'd1', versionId: 'v-replaced' }]);
    expect(state.undone).toBe(true);
    expect(state.canUndo).toBe(false);
  });

  it('keeps the notice with an error when undo fails, and offers no undo without a replaced version', async () => {
    const { socket, state } = setup(() =>
      Promise.reject(new ApiError({ code: 'forbidden', message: 'x', status: 403 }))
    );
    socket.emit('dossier:restored', payload());
    expect(await state.undo()).toBe(false);
    expect(state.error).toBe('forbidden');
    expect(state.notice).not.toBeNull();
    socket.emit('dossier:restored', payload({ replacedVersionId: null }));
    expect(state.error).toBeNull();
    expect(state.canUndo).toBe(false);
  });

  it('dismisses, and stops listening when stopped', () => {
    const { socket, state, stop } = setup();
    socket.emit('dossier:restored', payload());
    state.dismiss();
    expect(state.notice).toBeNull();
    stop();
    socket.emit('dossier:restored', payload());
    expect(state.notice).toBeNull();
    expect(socket.listenerCount('dossier:restored')).toBe(0);
  });
});
