import { expect, it } from 'vitest';
import type { DossierListFilter } from '../../server/features/dossiers/dossier-store';
import { encodeCursor } from '../../server/kernel/list-cursor';
import type { Dossier } from '../../server/kernel/types';
import { dossier, expectedOrder, listAll, matchesFilter } from './dossier-fixtures';
import type { StoreContext } from './store-contract';

const ids = (list: Dossier[]) => list.map((d) => d.id);

/** 30 dossiers over three teams with ties on both sort keys (folded company names, equal updatedAt). */
function tieSet(): Dossier[] {
  const companies = ['Müller GmbH', 'muller gmbh', 'MÜLLER GMBH', 'Straße & Co', 'Alpha AG', 'Zeta KG'];
  return Array.from({ length: 30 }, (_, i) =>
    dossier({
      id: `d${String((i * 7) % 30).padStart(2, '0')}`,
      teamId: `t${i % 3}`,
      ownerId: `u${i % 4}`,
      company: companies[i % companies.length],
      stage: i % 2 === 0 ? 'lead' : 'customer',
      tags: i % 5 === 0 ? ['vip', 'export'] : ['export'],
      updatedAt: 10_000 + (i % 4) * 1000
    })
  );
}

/** DossierStore rules DS1..DS9. */
export function dossierStoreContract(store: StoreContext): void {
  const list = (filter: Partial<DossierListFilter>) =>
    store().dossiers.list({ teamIds: 'all', sort: 'name', limit: 50, ...filter });

  it('DS1 create then get returns an equal dossier', async () => {
    const d = dossier({ id: 'd1', company: 'Müller GmbH', tags: ['b', 'a'], contactNames: ['Jörg', 'Anna'] });
    await store().dossiers.create(d, []);
    expect(await store().dossiers.get('d1')).toEqual(d);
    expect(await store().dossiers.count()).toBe(1);
  });

  it("DS2 a duplicate id rejects with 'conflict' and keeps the first", async () => {
    await store().dossiers.create(dossier({ id: 'd1', company: 'First' }), []);
    await expect(store().dossiers.create(dossier({ id: 'd1', company: 'Second' }), [])).rejects.toMatchObject({
      name: 'DomainError',
      code: 'conflict'
    });
    expect((await store().dossiers.get('d1'))?.company).toBe('First');
  });

  it('DS3 createMany inserts all dossiers, or none when one of them conflicts', async () => {
    await store().dossiers.createMany([dossier({ id: 'a' }), dossier({ id: 'b' })]);
    expect(await store().dossiers.count()).toBe(2);
    await expect(
      store().dossiers.createMany([dossier({ id: 'c' }), dossier({ id: 'a' }), dossier({ id: 'd' })])
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await store().dossiers.count()).toBe(2);
    expect(await store().dossiers.get('c')).toBeNull();
    await expect(store().dossiers.createMany([])).resolves.toBeUndefined();
  });

  it('DS4 an unknown id resolves null', async () => {
    await store().dossiers.create(dossier({ id: 'd1' }), []);
    expect(await store().dossiers.get('d2')).toBeNull();
  });

  it("DS5 following nextCursor visits every dossier exactly once in 'name' order (ties by id)", async () => {
    const all = tieSet();
    await store().dossiers.createMany(all);
    for (const limit of [1, 4, 7, 30, 31]) {
      const seen = await listAll(store().dossiers, { teamIds: 'all', sort: 'name', limit });
      expect(ids(seen)).toEqual(ids(expectedOrder(all, 'name')));
    }
  });

  it("DS5 following nextCursor visits every dossier exactly once in 'updated' order (ties by id)", async () => {
    const all = tieSet();
    await store().dossiers.createMany(all);
    for (const limit of [1, 4, 7, 30]) {
      const seen = await listAll(store().dossiers, { teamIds: 'all', sort: 'updated', limit });
      expect(ids(seen)).toEqual(ids(expectedOrder(all, 'updated')));
    }
  });

  it('DS5 pagination over several teams with filters visits every match exactly once', async () => {
    const all = tieSet();
    await store().dossiers.createMany(all);
    for (const sort of ['name', 'updated'] as const) {
      for (const q of [undefined, 'mu', 'muller', 'e']) {
        const filter = { teamIds: ['t0', 't2'], sort, q, limit: 3 };
        const matching = all.filter((d) => matchesFilter(d, filter));
        expect(matching.length).toBeGreaterThan(0);
        expect(ids(await listAll(store().dossiers, filter))).toEqual(ids(expectedOrder(matching, sort)));
      }
    }
  });

  it('DS5 the last page has nextCursor null, also when it is exactly full', async () => {
    await store().dossiers.createMany([dossier({ id: 'a' }), dossier({ id: 'b' })]);
    const first = await list({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeNull();
    expect(await list({ limit: 2, teamIds: ['none'] })).toEqual({ items: [], nextCursor: null });
  });

  it('DS6 q ignores case, umlauts and ß: "muller" finds "Müller GmbH", "strasse" finds "Straße"', async () => {
    await store().dossiers.createMany([
      dossier({ id: 'm', company: 'Müller GmbH' }),
      dossier({ id: 's', company: 'Schmidt', city: 'Straße der Einheit' }),
      dossier({ id: 'x', company: 'Other', city: 'Köln' })
    ]);
    expect(ids((await list({ q: 'muller' })).items)).toEqual(['m']);
    expect(ids((await list({ q: 'MÜLLER gmbh' })).items)).toEqual(['m']);
    expect(ids((await list({ q: 'strasse' })).items)).toEqual(['s']);
    expect(ids((await list({ q: 'Straße' })).items)).toEqual(['s']);
    expect(ids((await list({ q: 'mü' })).items)).toEqual(['m']);
    expect(ids((await list({ q: 'ö' })).items)).toEqual(['x']);
    expect(ids((await list({ q: 'koln' })).items)).toEqual(['x']);
    expect((await list({ q: 'nothing like it' })).items).toEqual([]);
  });

  it('DS6 q matches a substring of a contact name, and a blank q matches everything', async () => {
    await store().dossiers.createMany([
      dossier({ id: 'a', company: 'Alpha', contactNames: ['Jörg Krüger', 'Anna Weber'] }),
      dossier({ id: 'b', company: 'Beta', contactNames: ['Petra Schulz'] })
    ]);
    expect(ids((await list({ q: 'krug' })).items)).toEqual(['a']);
    expect(ids((await list({ q: 'anna w' })).items)).toEqual(['a']);
    expect(ids((await list({ q: 'schulz' })).items)).toEqual(['b']);
    expect(ids((await list({ q: '  ' })).items)).toEqual(['a', 'b']);
  });

  it('DS6 q treats quotes and wildcard characters literally', async () => {
    await store().dossiers.createMany([
      dossier({ id: 'a', company: 'Say "Hi" 100% _AG_' }),
      dossier({ id: 'b', company: 'Plain' })
    ]);
    for (const q of ['"hi"', '100%', '_ag_', '%', '"']) expect(ids((await list({ q })).items)).toEqual(['a']);
    expect((await list({ q: 'p*' })).items).toEqual([]);
  });

  it('DS7 teamIds, tag, stage and ownerId combine with AND; an empty teamIds yields nothing', async () => {
    const all = tieSet();
    await store().dossiers.createMany(all);
    expect(await list({ teamIds: [] })).toEqual({ items: [], nextCursor: null });
    expect(ids((await list({ teamIds: ['t1'] })).items).sort()).toEqual(
      ids(all.filter((d) => d.teamId === 't1')).sort()
    );
    const f = (d: Dossier) => d.teamId !== 't2' && d.tags.includes('vip') && d.stage === 'lead' && d.ownerId === 'u0';
    const got = await list({ teamIds: ['t0', 't1'], tag: 'vip', stage: 'lead', ownerId: 'u0' });
    expect(ids(got.items)).toEqual(ids(expectedOrder(all.filter(f), 'name')));
    expect(got.items.length).toBeGreaterThan(0);
    expect((await list({ tag: 'unknown' })).items).toEqual([]);
    expect(
      (await list({ teamIds: ['t0'], ownerId: 'u1' })).items.every((d) => d.teamId === 't0' && d.ownerId === 'u1')
    ).toBe(true);
  });

  it("DS8 a malformed cursor rejects with 'invalid'", async () => {
    await store().dossiers.create(dossier({ id: 'a' }), []);
    const bad = [
      'not a cursor!',
      Buffer.from('{"key":1}').toString('base64url'),
      Buffer.from('[1,2,3]').toString('base64url'),
      ''
    ];
    for (const cursor of bad) await expect(list({ cursor })).rejects.toMatchObject({ code: 'invalid' });
    // A 'name' cursor (string key) is meaningless for the 'updated' sort and vice versa.
    await expect(list({ sort: 'updated', cursor: encodeCursor({ key: 'abc', id: 'a' }) })).rejects.toMatchObject({
      code: 'invalid'
    });
    await expect(list({ sort: 'name', cursor: encodeCursor({ key: 5, id: 'a' }) })).rejects.toMatchObject({
      code: 'invalid'
    });
  });

  it('DS9 updateProjection replaces the projected values and updatedAt, and search follows', async () => {
    const d = dossier({ id: 'a', company: 'Old Name', city: 'Bonn', contactNames: ['Eva'], tags: ['vip'] });
    await store().dossiers.create(d, []);
    const projection = { company: 'Neue Größe AG', city: 'Görlitz', industry: 'Glas', contactNames: ['Jürgen'] };
    const updated = await store().dossiers.updateProjection('a', projection, 9_000, []);
    expect(updated).toEqual({ ...d, ...projection, updatedAt: 9_000 });
    expect(await store().dossiers.get('a')).toEqual(updated);
    expect((await list({ q: 'old name' })).items).toEqual([]);
    expect((await list({ q: 'eva' })).items).toEqual([]);
    expect(ids((await list({ q: 'grosse' })).items)).toEqual(['a']);
    expect(ids((await list({ q: 'jurgen' })).items)).toEqual(['a']);
    expect(ids((await list({ sort: 'updated', limit: 1 })).items)).toEqual(['a']);
  });

  it('DS9 updateProjection of an unknown id resolves null and creates nothing', async () => {
    const projection = { company: 'X', city: '', industry: '', contactNames: [] };
    expect(await store().dossiers.updateProjection('ghost', projection, 1, [])).toBeNull();
    expect(await store().dossiers.count()).toBe(0);
  });
}
