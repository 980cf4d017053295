import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { DomainError } from '../../server/kernel/domain-error';
import type { DocVersion } from '../../server/features/history/version-store';
import type { StoreContext } from './store-contract';

function version(id: string, docId: string, createdAt: number, text = id): DocVersion {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, `Stand ${text} – Grüße`);
  return {
    id,
    docId,
    createdAt,
    kind: 'edit',
    authorIds: ['u1', 'u2'],
    restoredFrom: null,
    snapshot: Y.encodeStateAsUpdate(doc),
    baseId: null
  };
}

/** VersionStore rules VS1..VS4. */
export function versionStoreContract(store: StoreContext): void {
  it('VS1 add then get returns an equal version with exact snapshot bytes', async () => {
    const v = { ...version('v1', 'd1', 1000), kind: 'restore' as const, restoredFrom: 'v0', baseId: 'v0' };
    await store().versions.add(v, []);
    const got = await store().versions.get('d1', 'v1');
    expect(got).toEqual(v);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, got!.snapshot);
    expect(doc.getText('t').toString()).toBe('Stand v1 – Grüße');
  });

  it('VS2 a duplicate id rejects with conflict', async () => {
    await store().versions.add(version('v1', 'd1', 1000), []);
    const err = await store()
      .versions.add(version('v1', 'd1', 2000), [])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('conflict');
  });

  it('VS3 lists metadata of one document newest first, limited, paged by before', async () => {
    for (const [id, doc, at] of [
      ['a', 'd1', 1],
      ['b', 'd1', 3],
      ['c', 'd2', 2],
      ['d', 'd1', 2],
      ['e', 'd1', 5]
    ] as const) {
      await store().versions.add(version(id, doc, at), []);
    }
    const first = await store().versions.list('d1', { limit: 3 });
    expect(first.map((v) => v.id)).toEqual(['e', 'b', 'd']);
    expect(first[0]).not.toHaveProperty('snapshot');
    expect(first[0]).not.toHaveProperty('baseId');
    expect(first[0]).toMatchObject({
      docId: 'd1',
      createdAt: 5,
      kind: 'edit',
      authorIds: ['u1', 'u2'],
      restoredFrom: null
    });
    const next = await store().versions.list('d1', { limit: 3, before: first[2].createdAt });
    expect(next.map((v) => v.id)).toEqual(['a']);
  });

  it('VS4 an unknown id or a version of another document resolves null', async () => {
    await store().versions.add(version('v1', 'd1', 1000), []);
    expect(await store().versions.get('d1', 'nope')).toBeNull();
    expect(await store().versions.get('d2', 'v1')).toBeNull();
  });
}
