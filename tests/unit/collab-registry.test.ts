import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createDocRegistry } from '../../server/collab/doc-registry';
import { CollabConnection } from '../../server/collab/collab-connection';
import { encodeSyncUpdate } from '../../server/collab/y-messages';
import { memoryDocumentStore } from '../helpers/memory-document-store';
import { gcUpdate } from '../helpers/yjs-wire';

const LIMITS = {
  maxMessageBytes: 1 << 20,
  evictAfterMs: 10,
  compactAfterUpdates: 1000,
  compactTailRatio: 1000,
  maxDocBytes: 1 << 24,
  maxMessagesPerSecond: 1000,
  maxBytesPerSecond: 1 << 24,
  checkpointIdleMs: 60_000,
  checkpointMaxMs: 600_000,
  projectionDelayMs: 10
};

function fakeConnection(id: string) {
  const sent: Uint8Array[] = [];
  const closed: Array<{ code: number; reason: string }> = [];
  const conn = new CollabConnection({
    id,
    user: { id: `u-${id}`, name: id, color: '#000' },
    access: 'edit',
    send: (m) => sent.push(m),
    close: (code, reason) => closed.push({ code, reason })
  });
  return { conn, sent, closed };
}

function edit(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('collab registry', () => {
  it('relays only after the store accepted an update', async () => {
    const { store, control } = memoryDocumentStore();
    const registry = createDocRegistry({ documents: store, hooks: {}, limits: LIMITS });
    const a = fakeConnection('a');
    const b = fakeConnection('b');
    const doc = await registry.connect('d1', a.conn);
    await registry.connect('d1', b.conn);
    const before = b.sent.length;
    await doc.receive(a.conn, encodeSyncUpdate(edit('hello')));
    expect(b.sent.length).toBe(before); // not yet: the write is batched into the next turn
    await doc.flushed();
    expect(control.appends).toBe(1);
    expect(b.sent.length).toBe(before + 1);
    await registry.close();
  });

  it('on a storage failure relays nothing, closes every connection with 1011 and reloads from disk next time', async () => {
    const { store, control } = memoryDocumentStore();
    const errors: string[] = [];
    const registry = createDocRegistry({
      documents: store,
      hooks: { onError: (_err, ctx) => errors.push(ctx.phase) },
      limits: LIMITS
    });
    const a = fakeConnection('a');
    const b = fakeConnection('b');
    const doc = await registry.connect('d1', a.conn);
    await doc.receive(a.conn, encodeSyncUpdate(edit('kept')));
    await doc.flushed();
    await registry.connect('d1', b.conn);
    const seenByB = b.sent.length;

    control.failAppends = true;
    await doc.receive(a.conn, encodeSyncUpdate(edit('lost to a full disk')));
    await doc.flushed();
    expect(errors).toContain('persist');
    expect(b.sent.length).toBe(seenByB);
    expect(a.closed[0]?.code).toBe(1011);
    expect(b.closed[0]?.code).toBe(1011);
    await vi.waitFor(() => expect(registry.loadedIds()).not.toContain('d1'));

    control.failAppends = false;
    const c = fakeConnection('c');
    const reloaded = await registry.connect('d1', c.conn);
    expect(reloaded).not.toBe(doc);
    expect(reloaded.doc.getText('t').toString()).toBe('kept');
    await registry.close();
  });

  it('folds a long stored tail into a snapshot right after loading it', async () => {
    const { store } = memoryDocumentStore();
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 30; i++) doc.getText('t').insert(i, String(i % 10));
    await store.append('d1', updates);
    const registry = createDocRegistry({ documents: store, hooks: {}, limits: { ...LIMITS, compactAfterUpdates: 20 } });
    const loaded = await registry.connect('d1', fakeConnection('a').conn);
    expect(loaded.doc.getText('t').toString()).toBe(doc.getText('t').toString());
    await vi.waitFor(async () => expect((await store.tailStats('d1')).count).toBe(0));
    const stored = await store.load('d1');
    const replay = new Y.Doc();
    Y.applyUpdate(replay, stored.snapshot!);
    expect(replay.getText('t').toString()).toBe(doc.getText('t').toString());
    await registry.close();
  });

  it("stores a client id's owner with the first batch that writes it, and ignores a refused connection's later messages", async () => {
    const { store } = memoryDocumentStore();
    const registry = createDocRegistry({ documents: store, hooks: {}, limits: LIMITS });
    const a = fakeConnection('a');
    const b = fakeConnection('b');
    const doc = await registry.connect('d1', a.conn);
    await registry.connect('d1', b.conn);
    const editor = new Y.Doc();
    editor.getText('t').insert(0, 'by a');
    await doc.receive(a.conn, encodeSyncUpdate(Y.encodeStateAsUpdate(editor)));
    await doc.flushed();
    expect(await store.loadClientOwners('d1')).toEqual([{ clientId: editor.clientID, ownerId: 'u-a' }]);

    await doc.receive(
      b.conn,
      encodeSyncUpdate(gcUpdate(editor.clientID, Y.getState(editor.store, editor.clientID), 3))
    );
    expect(b.closed).toEqual([{ code: 4403, reason: expect.stringContaining(String(editor.clientID)) }]);
    const own = new Y.Doc();
    own.getText('t').insert(0, 'sent after the refusal');
    await doc.receive(b.conn, encodeSyncUpdate(Y.encodeStateAsUpdate(own))); // already in flight: ignored
    await doc.flushed();
    expect(doc.doc.getText('t').toString()).toBe('by a');
    expect(Y.getState(doc.doc.store, editor.clientID)).toBe(Y.getState(editor.store, editor.clientID));
    await registry.close();
  });

  it('seals client ids it finds without an owner at load, and a load whose owner write fails can be retried', async () => {
    const { store, control } = memoryDocumentStore();
    const legacy = new Y.Doc();
    legacy.getText('t').insert(0, 'stored before owners existed');
    await store.append('d1', [Y.encodeStateAsUpdate(legacy)]);
    const registry = createDocRegistry({ documents: store, hooks: {}, limits: LIMITS });
    control.failAppends = true; // the owner write fails too
    await expect(registry.connect('d1', fakeConnection('a').conn)).rejects.toThrow('disk full');
    expect(registry.loadedIds()).toEqual([]);
    control.failAppends = false;
    const a = fakeConnection('a');
    const doc = await registry.connect('d1', a.conn);
    expect(await store.loadClientOwners('d1')).toEqual([{ clientId: legacy.clientID, ownerId: '@sealed' }]);
    legacy.getText('t').insert(0, '+');
    await doc.receive(a.conn, encodeSyncUpdate(Y.encodeStateAsUpdate(legacy)));
    expect(a.closed[0]?.code).toBe(4403);
    await registry.close();
  });
});
