import { expect, it } from 'vitest';
import type { SavedList } from '../../server/features/segments/segment-store';
import { dossier } from './dossier-fixtures';
import { interaction } from './interaction-store.contract';
import type { StoreContext } from './store-contract';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20);
const all = { teamIds: 'all' as const, now: NOW };

const list = (over: Partial<SavedList> & { id: string }): SavedList => ({
  name: `List ${over.id}`,
  filter: {},
  visibility: 'private',
  teamId: 't1',
  ownerId: 'u1',
  createdAt: 1_000,
  updatedAt: 1_000,
  ...over
});

async function seed(store: StoreContext) {
  await store().dossiers.createMany([
    dossier({ id: 'a', company: 'Alpha', tags: ['premium', 'newsletter'], city: 'Köln', industry: 'Druck' }),
    dossier({ id: 'b', company: 'Beta', tags: ['premium'], city: 'köln', industry: 'Bau', stage: 'customer' }),
    dossier({ id: 'c', company: 'Gamma', tags: ['Presse'], teamId: 't2', city: 'Bonn', ownerId: 'u2' }),
    dossier({ id: 'd', company: 'Delta', tags: [], city: 'Köln', industry: 'druck' })
  ]);
  await store().interactions.addMany([
    interaction({
      id: 'i1',
      dossierId: 'a',
      type: 'order',
      amount: 60_000,
      at: NOW - 10 * DAY,
      pointOfSale: 'field_sales'
    }),
    interaction({ id: 'i2', dossierId: 'a', type: 'call', at: NOW - 2 * DAY, pointOfSale: 'shop' }),
    interaction({
      id: 'i3',
      dossierId: 'b',
      type: 'order',
      amount: 5_000,
      at: NOW - 400 * DAY,
      pointOfSale: 'web_shop'
    }),
    interaction({ id: 'i4', dossierId: 'c', teamId: 't2', type: 'order', amount: 300_000, at: NOW - 30 * DAY })
  ]);
}

export function segmentStoreContract(store: StoreContext): void {
  it('SG1 tag counts by case-insensitive prefix, most used first, within scope', async () => {
    await seed(store);
    const s = store().segments;
    expect(await s.tagCounts({ scope: all, prefix: 'p', limit: 10 })).toEqual([
      { tag: 'premium', count: 2 },
      { tag: 'Presse', count: 1 }
    ]);
    expect(await s.tagCounts({ scope: { teamIds: ['t1'], now: NOW }, prefix: 'P', limit: 10 })).toEqual([
      { tag: 'premium', count: 2 }
    ]);
    expect(await s.tagCounts({ scope: all, prefix: '', limit: 1 })).toEqual([{ tag: 'premium', count: 2 }]);
    expect(await s.tagCounts({ scope: all, prefix: '%', limit: 10 })).toEqual([]);
  });

  it('SG2 ids carrying exactly a tag, within scope', async () => {
    await seed(store);
    expect(await store().segments.dossierIdsWithTag({ scope: all, tag: 'premium' })).toEqual(['a', 'b']);
    expect(await store().segments.dossierIdsWithTag({ scope: { teamIds: ['t2'], now: NOW }, tag: 'premium' })).toEqual(
      []
    );
  });

  it('SG3/SG4 saved lists: save, read, update, delete; own and team-shared ones listed by name', async () => {
    const s = store().segments;
    await s.saveList(list({ id: 'l1', name: 'Zeta', filter: { tag: 'premium' } }));
    await s.saveList(list({ id: 'l2', name: 'Alpha', visibility: 'team', ownerId: 'u9' }));
    await s.saveList(list({ id: 'l3', name: 'Hidden', ownerId: 'u9' }));
    await s.saveList(list({ id: 'l4', name: 'Other team', visibility: 'team', teamId: 't2', ownerId: 'u9' }));
    expect(await s.getList('l1')).toEqual(list({ id: 'l1', name: 'Zeta', filter: { tag: 'premium' } }));
    expect((await s.listsFor('u1', ['t1'])).map((l) => l.id)).toEqual(['l2', 'l1']);
    expect((await s.listsFor('u1', 'all')).map((l) => l.id)).toEqual(['l2', 'l4', 'l1']);
    const updated = await s.updateList('l1', {
      name: 'Eta',
      filter: { stage: 'lead' },
      visibility: 'team',
      updatedAt: 5
    });
    expect(updated).toMatchObject({ name: 'Eta', filter: { stage: 'lead' }, visibility: 'team', updatedAt: 5 });
    expect(await s.updateList('nope', { name: 'x', filter: {}, visibility: 'private', updatedAt: 1 })).toBeNull();
    expect(await s.deleteList('l1')).toBe(true);
    expect(await s.deleteList('l1')).toBe(false);
    expect(await s.getList('l1')).toBeNull();
  });

  it('SG5 record filters combine with AND; city and industry ignore ASCII case', async () => {
    await seed(store);
    const ids = async (filter: Parameters<ReturnType<StoreContext>['segments']['count']>[0]['filter']) =>
      (await store().segments.query({ scope: all, filter, limit: 50 })).items.map((d) => d.id);
    expect(await ids({ tag: 'premium' })).toEqual(['a', 'b']);
    expect(await ids({ tag: 'premium', stage: 'customer' })).toEqual(['b']);
    expect(await ids({ industry: 'DRUCK', city: 'Köln' })).toEqual(['a', 'd']);
    expect(await ids({ teamId: 't2' })).toEqual(['c']);
    expect(await ids({ ownerId: 'u2' })).toEqual(['c']);
    expect(await store().segments.count({ scope: { teamIds: ['t1'], now: NOW }, filter: {} })).toBe(3);
    expect(await store().segments.count({ scope: { teamIds: [], now: NOW }, filter: {} })).toBe(0);
  });

  it('SG5 timeline filters: last contact before/after, its point of sale, revenue band in the window', async () => {
    await seed(store);
    const count = (filter: Parameters<ReturnType<StoreContext>['segments']['count']>[0]['filter']) =>
      store().segments.count({ scope: { teamIds: ['t1'], now: NOW }, filter });
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    expect(await count({ lastContactAfter: day(NOW - 5 * DAY) })).toBe(1); // a
    expect(await count({ lastContactBefore: day(NOW - 5 * DAY) })).toBe(2); // b (old order), d (never)
    expect(await count({ pointOfSale: 'shop' })).toBe(1); // a's last contact, not its order
    expect(await count({ pointOfSale: 'field_sales' })).toBe(0);
    expect(await count({ revenueBand: 'large' })).toBe(1); // a: 60,000 in the window
    // b's order is older than the 12-month window: no revenue now.
    expect(await count({ revenueBand: 'none' })).toBe(2);
    expect(await count({ revenueBand: 'small' })).toBe(0);
  });

  it('SG5 the last contact follows later, older and corrected interactions in the same write', async () => {
    await seed(store);
    const count = (filter: Parameters<ReturnType<StoreContext>['segments']['count']>[0]['filter']) =>
      store().segments.count({ scope: { teamIds: ['t1'], now: NOW }, filter });
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    // An older entry logged later does not replace a's newest (i2, shop); a newer one on d does.
    await store().interactions.add(
      interaction({ id: 'i5', dossierId: 'a', at: NOW - 50 * DAY, pointOfSale: 'call_centre' }),
      []
    );
    await store().interactions.add(
      interaction({ id: 'i6', dossierId: 'd', at: NOW - DAY, pointOfSale: 'call_centre' }),
      []
    );
    expect(await count({ pointOfSale: 'shop' })).toBe(1); // a
    expect(await count({ pointOfSale: 'call_centre' })).toBe(1); // d
    expect(await count({ lastContactAfter: day(NOW - 5 * DAY) })).toBe(2); // a, d
    // Moving a's newest entry back in time makes i1 (field sales, 10 days ago) its last contact.
    await store().interactions.correct('i2', { at: NOW - 20 * DAY }, 'u1', NOW, []);
    expect(await count({ pointOfSale: 'shop' })).toBe(0);
    expect(await count({ pointOfSale: 'field_sales' })).toBe(1);
    expect(await count({ lastContactAfter: day(NOW - 5 * DAY) })).toBe(1); // d
    expect(await count({ lastContactBefore: day(NOW - 5 * DAY) })).toBe(2); // a (10 days), b
    // Changing only the point of sale of the newest entry changes the filter too.
    await store().interactions.correct('i6', { pointOfSale: 'shop' }, 'u1', NOW, []);
    expect(await count({ pointOfSale: 'shop' })).toBe(1); // d
    expect(await count({ pointOfSale: 'call_centre' })).toBe(0);
    // A dossier row written after its interactions (an out-of-order restore) still gets its last contact.
    await store().interactions.add(
      interaction({ id: 'i7', dossierId: 'e', at: NOW - DAY, pointOfSale: 'web_shop' }),
      []
    );
    await store().dossiers.createMany([dossier({ id: 'e', company: 'Epsilon' })]);
    expect(await count({ pointOfSale: 'web_shop' })).toBe(2); // b (its old order), e
  });

  it('SG5/SG6 pages visit every match once in company order; a malformed cursor is invalid', async () => {
    await seed(store);
    const s = store().segments;
    const first = await s.query({ scope: all, filter: {}, limit: 3 });
    expect(first.items.map((d) => d.company)).toEqual(['Alpha', 'Beta', 'Delta']);
    const second = await s.query({ scope: all, filter: {}, limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((d) => d.company)).toEqual(['Gamma']);
    expect(second.nextCursor).toBeNull();
    await expect(s.query({ scope: all, filter: {}, limit: 3, cursor: 'garbage' })).rejects.toMatchObject({
      code: 'invalid'
    });
  });
}

/** DossierStore DS15, the tag rename's write. */
export function dossierPatchManyContract(store: StoreContext): void {
  it('DS15 patches several dossiers in one go; a stale expectedTags writes nothing and rejects with conflict', async () => {
    await store().dossiers.createMany([
      dossier({ id: 'p1', tags: ['alt'] }),
      dossier({ id: 'p2', tags: ['alt', 'neu'] })
    ]);
    await expect(
      store().dossiers.patchMany({
        items: [
          { id: 'p1', patch: { tags: ['neu'] }, expectedTags: ['alt'] },
          { id: 'p2', patch: { tags: ['neu'] }, expectedTags: ['alt'] }
        ],
        updatedAt: 5_000,
        events: []
      })
    ).rejects.toMatchObject({ code: 'conflict' });
    expect((await store().dossiers.get('p1'))?.tags).toEqual(['alt']);
    await store().dossiers.patchMany({
      items: [
        { id: 'p1', patch: { tags: ['neu'] }, expectedTags: ['alt'] },
        { id: 'p2', patch: { tags: ['neu'] }, expectedTags: ['alt', 'neu'] }
      ],
      updatedAt: 5_000,
      events: []
    });
    expect((await store().dossiers.get('p1'))?.tags).toEqual(['neu']);
    expect(await store().dossiers.get('p2')).toMatchObject({ tags: ['neu'], updatedAt: 5_000 });
    const tagged = await store().dossiers.list({ teamIds: 'all', tag: 'alt', sort: 'name', limit: 10 });
    expect(tagged.items).toEqual([]);
  });
}

export function importStoreContract(store: StoreContext): void {
  const imported = (id: string) => ({
    dossier: dossier({ id, company: `Import ${id}`, city: 'Köln' }),
    document: new Uint8Array([1, 2, id.length]),
    version: {
      id: `v-${id}`,
      docId: id,
      createdAt: 1_000,
      kind: 'created' as const,
      authorIds: ['u1'],
      restoredFrom: null,
      snapshot: new Uint8Array([1, 2, id.length]),
      baseId: null
    }
  });

  it('IM1/IM2 commit writes rows, documents and versions; identities read them back', async () => {
    await store().imports.commit({ dossiers: [imported('x1'), imported('x2')], events: [] });
    expect((await store().imports.identities('t1')).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'x1', company: 'Import x1', city: 'Köln' },
      { id: 'x2', company: 'Import x2', city: 'Köln' }
    ]);
    expect(await store().imports.identities('t2')).toEqual([]);
    expect((await store().documents.load('x2')).tail.length).toBe(1);
    expect(await store().versions.get('x1', 'v-x1')).not.toBeNull();
  });

  it('IM2 a failing row rolls back every row before it (all or nothing)', async () => {
    await store().dossiers.createMany([dossier({ id: 'taken' })]);
    await expect(
      store().imports.commit({ dossiers: [imported('y1'), imported('y2'), imported('taken')], events: [] })
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await store().dossiers.get('y1')).toBeNull();
    expect((await store().documents.load('y1')).tail).toEqual([]);
    expect(await store().versions.get('y1', 'v-y1')).toBeNull();
  });

  // An adapter may write a large import in several steps (SQLite stages slices of rows and yields between
  // them): readers in between see none of its dossiers (a document or version of a dossier that does not
  // exist yet is reachable by nobody and may already be stored), and a failure late in the file undoes it all.
  const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => imported(`${prefix}${i}`));

  it('IM2 readers see none or all of an import while it is written (1,200 rows)', async () => {
    const rows = many('m', 1200);
    const seen = new Set<number>();
    let done = false;
    const commit = store()
      .imports.commit({ dossiers: rows, events: [] })
      .finally(() => (done = true));
    while (!done) {
      seen.add((await store().imports.identities('t1')).length);
      seen.add((await store().dossiers.get('m0')) ? 1200 : 0);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await commit;
    expect(seen.has(0)).toBe(true);
    expect([...seen].every((n) => n === 0 || n === 1200)).toBe(true);
    expect(await store().imports.identities('t1')).toHaveLength(1200);
    expect((await store().dossiers.get('m1199'))?.company).toBe('Import m1199');
    expect(await store().versions.get('m600', 'v-m600')).not.toBeNull();
  });

  it('IM3 commit reports rows written, never decreasing, the full count last, all before readers see a row', async () => {
    const reports: number[] = [];
    const visibleAtReport: number[] = [];
    let resolved = false;
    const commit = store()
      .imports.commit({
        dossiers: many('p', 1200),
        events: [],
        // A promise returned here is waited for: the rows written so far are still invisible meanwhile.
        onProgress: async (written) => {
          expect(resolved).toBe(false);
          reports.push(written);
          visibleAtReport.push((await store().imports.identities('t1')).length);
        }
      })
      .finally(() => (resolved = true));
    await commit;
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.at(-1)).toBe(1200);
    expect(reports.every((n, i) => n >= 1 && n <= 1200 && (i === 0 || n > reports[i - 1]))).toBe(true);
    expect(visibleAtReport.every((n) => n === 0)).toBe(true);
    expect(await store().imports.identities('t1')).toHaveLength(1200);
  });

  it('IM3 a failed commit reports no more than it wrote and leaves nothing behind', async () => {
    await store().dossiers.createMany([dossier({ id: 'q-taken' })]);
    const reports: number[] = [];
    await expect(
      store().imports.commit({
        dossiers: [...many('q', 600), imported('q-taken')],
        events: [],
        onProgress: (written) => void reports.push(written)
      })
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(reports.every((n) => n < 601)).toBe(true);
    expect(await store().dossiers.get('q0')).toBeNull();
  });

  it('IM2 a taken id late in a large import undoes every row before it (documents and versions too)', async () => {
    await store().dossiers.createMany([dossier({ id: 'late' })]);
    await expect(
      store().imports.commit({ dossiers: [...many('z', 900), imported('late')], events: [] })
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await store().imports.identities('t1')).toEqual([expect.objectContaining({ id: 'late' })]);
    for (const id of ['z0', 'z450', 'z899']) {
      expect(await store().dossiers.get(id)).toBeNull();
      expect((await store().documents.load(id)).tail).toEqual([]);
      expect(await store().versions.get(id, `v-${id}`)).toBeNull();
    }
    // The ids are free again: the same import without the taken row goes through.
    await store().imports.commit({ dossiers: many('z', 900), events: [] });
    expect(await store().imports.identities('t1')).toHaveLength(901);
  });
}
