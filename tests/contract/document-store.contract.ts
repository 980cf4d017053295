import { expect, it } from 'vitest';
import * as Y from 'yjs';
import type { StoreContext } from './store-contract';

const bytes = (...values: number[]) => new Uint8Array(values);

/** A real Yjs document with text, a map and an array, so binary round trips are checked on real updates. */
function makeDoc(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getMap<Y.Text>('fields').set('company', new Y.Text(text));
  doc.getArray<string>('tags').push(['ä', 'ß', '\u0000']);
  return doc;
}

/** DocumentStore rules DOC1..DOC8. */
export function documentStoreContract(store: StoreContext): void {
  it('DOC1 an unknown document loads as { snapshot: null, snapshotSeq: 0, tail: [] }', async () => {
    await store().documents.append('other', [bytes(1)]);
    expect(await store().documents.load('ghost')).toEqual({ snapshot: null, snapshotSeq: 0, tail: [] });
  });

  it('DOC2 append stores the updates in order and resolves with the seq of the last one', async () => {
    expect(await store().documents.append('d', [bytes(1), bytes(2, 2), bytes(3, 3, 3)])).toBe(3);
    const loaded = await store().documents.load('d');
    expect(loaded.snapshot).toBeNull();
    expect(loaded.tail.map((t) => t.seq)).toEqual([1, 2, 3]);
    expect(loaded.tail.map((t) => Array.from(t.update))).toEqual([[1], [2, 2], [3, 3, 3]]);
    expect(loaded.tail.every((t) => t.update instanceof Uint8Array)).toBe(true);
  });

  it('DOC2 an empty append stores nothing and resolves with the current last seq', async () => {
    expect(await store().documents.append('d', [])).toBe(0);
    await store().documents.append('d', [bytes(1)]);
    expect(await store().documents.append('d', [])).toBe(1);
    expect((await store().documents.load('d')).tail).toHaveLength(1);
  });

  it('DOC2 Yjs updates round-trip byte for byte and rebuild an equal document', async () => {
    const source = makeDoc('Müller GmbH');
    const full = Y.encodeStateAsUpdate(source);
    const before = Y.encodeStateVector(source);
    source.getMap<Y.Text>('fields').get('company')?.insert(0, 'Neu: ');
    const delta = Y.encodeStateAsUpdate(source, before);
    // A view into a larger buffer: adapters must store exactly the viewed bytes.
    const padded = new Uint8Array(delta.length + 8);
    padded.set(delta, 4);
    await store().documents.append('d', [full, padded.subarray(4, 4 + delta.length)]);
    const loaded = await store().documents.load('d');
    expect(Array.from(loaded.tail[0].update)).toEqual(Array.from(full));
    expect(Array.from(loaded.tail[1].update)).toEqual(Array.from(delta));
    const copy = new Y.Doc();
    for (const t of loaded.tail) Y.applyUpdate(copy, t.update);
    expect(copy.getMap('fields').toJSON()).toEqual(source.getMap('fields').toJSON());
    expect(copy.getArray('tags').toJSON()).toEqual(['ä', 'ß', '\u0000']);
    expect(Array.from(Y.encodeStateVector(copy))).toEqual(Array.from(Y.encodeStateVector(source)));
  });

  it('DOC3 seqs are strictly increasing per document across calls and compactions', async () => {
    expect(await store().documents.append('a', [bytes(1)])).toBe(1);
    expect(await store().documents.append('b', [bytes(1), bytes(2)])).toBe(2);
    expect(await store().documents.append('a', [bytes(2), bytes(3)])).toBe(3);
    await store().documents.compact('a', bytes(9), 3);
    const next = await store().documents.append('a', [bytes(4)]);
    expect(next).toBeGreaterThan(3);
    const concurrent = await Promise.all([1, 2, 3].map((i) => store().documents.append('c', [bytes(i)])));
    expect(new Set(concurrent).size).toBe(3);
    expect((await store().documents.load('c')).tail.map((t) => t.seq)).toEqual([...concurrent].sort((x, y) => x - y));
  });

  it('DOC4 compact stores the snapshot, drops entries <= uptoSeq and keeps later ones in the tail', async () => {
    const doc = makeDoc('Alpha');
    await store().documents.append('d', [Y.encodeStateAsUpdate(doc)]);
    const snapshotSeq = await store().documents.append('d', [bytes(2)]);
    // Arrives while the snapshot is being built: must survive the compaction.
    await store().documents.append('d', [bytes(3), bytes(4)]);
    const snapshot = Y.encodeStateAsUpdate(doc);
    await store().documents.compact('d', snapshot, snapshotSeq);
    const loaded = await store().documents.load('d');
    expect(loaded.snapshotSeq).toBe(snapshotSeq);
    expect(Array.from(loaded.snapshot ?? [])).toEqual(Array.from(snapshot));
    expect(loaded.tail.map((t) => [t.seq, Array.from(t.update)])).toEqual([
      [snapshotSeq + 1, [3]],
      [snapshotSeq + 2, [4]]
    ]);
    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, loaded.snapshot ?? new Uint8Array());
    expect(rebuilt.getMap('fields').toJSON()).toEqual({ company: 'Alpha' });
  });

  it("DOC4 a compaction beyond the last appended seq rejects with 'invalid'", async () => {
    await store().documents.append('d', [bytes(1)]);
    await expect(store().documents.compact('d', bytes(9), 2)).rejects.toMatchObject({ code: 'invalid' });
    expect((await store().documents.load('d')).snapshot).toBeNull();
  });

  it('DOC5 a compaction with uptoSeq below the stored snapshotSeq is ignored', async () => {
    await store().documents.append('d', [bytes(1), bytes(2), bytes(3), bytes(4)]);
    await store().documents.compact('d', bytes(30), 3);
    await store().documents.compact('d', bytes(10), 1);
    const loaded = await store().documents.load('d');
    expect(loaded.snapshotSeq).toBe(3);
    expect(Array.from(loaded.snapshot ?? [])).toEqual([30]);
    expect(loaded.tail.map((t) => t.seq)).toEqual([4]);
  });

  it('DOC6 tailStats counts the entries and bytes past the snapshot', async () => {
    expect(await store().documents.tailStats('d')).toEqual({ count: 0, bytes: 0 });
    await store().documents.append('d', [bytes(1, 1), bytes(2, 2, 2)]);
    await store().documents.append('d', [bytes(3)]);
    expect(await store().documents.tailStats('d')).toEqual({ count: 3, bytes: 6 });
    await store().documents.compact('d', bytes(0, 0, 0, 0, 0, 0, 0), 2);
    expect(await store().documents.tailStats('d')).toEqual({ count: 1, bytes: 1 });
    await store().documents.compact('d', bytes(0), 3);
    expect(await store().documents.tailStats('d')).toEqual({ count: 0, bytes: 0 });
    expect(await store().documents.tailStats('other')).toEqual({ count: 0, bytes: 0 });
  });

  it('DOC7 claimClients records an owner per client id; the first claim wins, within a call and across calls', async () => {
    await store().documents.claimClients('d', [
      { clientId: 4_294_967_295, ownerId: 'alice' },
      { clientId: 7, ownerId: 'bob' },
      { clientId: 7, ownerId: 'mallory' }
    ]);
    await store().documents.claimClients('d', [
      { clientId: 7, ownerId: 'mallory' },
      { clientId: 8, ownerId: '@server' }
    ]);
    await store().documents.claimClients('d', []);
    const owners = await store().documents.loadClientOwners('d');
    expect([...owners].sort((a, b) => a.clientId - b.clientId)).toEqual([
      { clientId: 7, ownerId: 'bob' },
      { clientId: 8, ownerId: '@server' },
      { clientId: 4_294_967_295, ownerId: 'alice' }
    ]);
  });

  it('DOC7 owners are per document, and concurrent claims of one id leave exactly one owner', async () => {
    await store().documents.claimClients('a', [{ clientId: 1, ownerId: 'alice' }]);
    await store().documents.claimClients('b', [{ clientId: 1, ownerId: 'bob' }]);
    await Promise.all(
      ['x', 'y', 'z'].map((ownerId) => store().documents.claimClients('c', [{ clientId: 2, ownerId }]))
    );
    expect(await store().documents.loadClientOwners('a')).toEqual([{ clientId: 1, ownerId: 'alice' }]);
    expect(await store().documents.loadClientOwners('b')).toEqual([{ clientId: 1, ownerId: 'bob' }]);
    const raced = await store().documents.loadClientOwners('c');
    expect(raced).toHaveLength(1);
    expect(['x', 'y', 'z']).toContain(raced[0].ownerId);
  });

  it('DOC8 an unknown document has no owners, and compaction keeps them', async () => {
    expect(await store().documents.loadClientOwners('ghost')).toEqual([]);
    await store().documents.append('d', [bytes(1)]);
    await store().documents.claimClients('d', [{ clientId: 5, ownerId: 'alice' }]);
    await store().documents.compact('d', bytes(9), 1);
    expect(await store().documents.loadClientOwners('d')).toEqual([{ clientId: 5, ownerId: 'alice' }]);
  });
}
