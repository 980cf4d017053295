import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createVersionChain } from '../../server/features/history/version-chain';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';
import { createSeededRandom } from '../../server/seed/seeded-random';

const SEED = Number(process.env.TEST_SEED ?? Date.now() % 1_000_000);

/** Visible content of a state: what a restore or a diff would read. */
function content(state: Uint8Array) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return {
    text: doc.getText('t').toString(),
    list: doc.getArray('a').toJSON(),
    map: doc.getMap('m').toJSON()
  };
}

describe(`version chain (seed ${SEED})`, () => {
  it('stores deltas that rebuild every version exactly, deletions and garbage collection included', async () => {
    const store = createSqliteStore({ file: ':memory:' });
    const chain = createVersionChain({ versions: store.versions });
    const rng = createSeededRandom(SEED);
    const doc = new Y.Doc(); // gc on, like the server's documents
    const recorded: Array<{ id: string; state: Uint8Array }> = [];
    let fullBytes = 0;
    let storedBytes = 0;
    for (let v = 0; v < 45; v++) {
      doc.transact(() => {
        const t = doc.getText('t');
        for (let i = 0; i < 20; i++) {
          if (t.length > 5 && rng.chance(0.4)) t.delete(rng.int(0, t.length - 2), 2);
          else t.insert(rng.int(0, t.length), rng.pick(['ab', 'ü', 'xyz ']));
        }
        const a = doc.getArray<number>('a');
        if (a.length > 0 && rng.chance(0.5)) a.delete(0, 1);
        a.push([v]);
        doc.getMap('m').set(`k${v % 4}`, v);
      });
      const state = Y.encodeStateAsUpdate(doc);
      const id = `v${v}`;
      const enc = await chain.encode('d1', state);
      await store.versions.add(
        {
          id,
          docId: 'd1',
          createdAt: v + 1,
          kind: 'edit',
          authorIds: ['u'],
          restoredFrom: null,
          ...enc
        },
        []
      );
      chain.remember('d1', id, state, enc.depth);
      recorded.push({ id, state });
      fullBytes += state.byteLength;
      storedBytes += enc.snapshot.byteLength;
    }
    for (const { id, state } of recorded) {
      expect(content((await chain.load('d1', id))!), `seed ${SEED}, ${id}`).toEqual(content(state));
    }
    expect(storedBytes).toBeLessThan(fullBytes / 3);
    expect((await store.versions.get('d1', 'v20'))!.baseId).toBeNull(); // a full state every 20 versions
    expect(await chain.load('d1', 'missing')).toBeNull();
    await store.close();
  });

  it('builds on the latest stored version after a restart instead of starting with a full state', async () => {
    const store = createSqliteStore({ file: ':memory:' });
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'x'.repeat(5000));
    const first = createVersionChain({ versions: store.versions });
    const s1 = Y.encodeStateAsUpdate(doc);
    const e1 = await first.encode('d1', s1);
    await store.versions.add(
      {
        id: 'v1',
        docId: 'd1',
        createdAt: 1,
        kind: 'edit',
        authorIds: [],
        restoredFrom: null,
        ...e1
      },
      []
    );
    doc.getText('t').insert(0, 'small change ');
    const restarted = createVersionChain({ versions: store.versions }); // a new process: nothing remembered
    const s2 = Y.encodeStateAsUpdate(doc);
    const e2 = await restarted.encode('d1', s2);
    expect(e2.baseId).toBe('v1');
    expect(e2.snapshot.byteLength).toBeLessThan(s2.byteLength / 10);
    await store.versions.add(
      {
        id: 'v2',
        docId: 'd1',
        createdAt: 2,
        kind: 'edit',
        authorIds: [],
        restoredFrom: null,
        ...e2
      },
      []
    );
    expect(content((await restarted.load('d1', 'v2'))!)).toEqual(content(s2));
    await store.close();
  });
});
