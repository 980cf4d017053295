import { expect, it } from 'vitest';
import type { DossierListFilter } from '../../server/features/dossiers/dossier-store';
import { encodeCursor } from '../../server/kernel/list-cursor';
import { companySortKey } from '../../server/kernel/search-text';
import type { Dossier } from '../../server/kernel/types';
import { dossier, expectedOrder, listAll, matchesFilter } from './dossier-fixtures';
import type { StoreContext } from './store-contract';

const ids = (list: Dossier[]) => list.map((d) => d.id);

/** 30 dossiers over three teams with ties on both sort keys (folded company names, equal updatedAt). */
function tieSet(): Dossier[] {
  const companies = [
    'Müller GmbH',
    'muller gmbh',
    'MÜLLER GMBH',
    'Straße & Co',
    'Alpha AG',
    'Zeta KG',
    'Firma 9',
    'Firma 10',
    'Ärger',
    'apfel'
  ];
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

  it('DS4b getMany returns the dossiers with the given ids, each once, leaving unknown ids out', async () => {
    await store().dossiers.createMany([dossier({ id: 'm1' }), dossier({ id: 'm2' }), dossier({ id: 'm3' })]);
    const got = await store().dossiers.getMany(['m3', 'nope', 'm1', 'm3']);
    expect(got.map((d) => d.id).sort()).toEqual(['m1', 'm3']);
    expect(got.find((d) => d.id === 'm1')).toEqual(await store().dossiers.get('m1'));
    expect(await store().dossiers.getMany([])).toEqual([]);
  });

  it("DS4c sortKeysOf returns each known id's 'name' sort key, once, leaving unknown ids out", async () => {
    await store().dossiers.createMany([
      dossier({ id: 'k1', company: 'Zeta GmbH' }),
      dossier({ id: 'k2', company: 'Ärzte Haus' }),
      dossier({ id: 'k3', company: 'Beta AG' })
    ]);
    const got = await store().dossiers.sortKeysOf(['k1', 'nope', 'k2', 'k1']);
    expect(got.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'k1', companySort: companySortKey('Zeta GmbH') },
      { id: 'k2', companySort: companySortKey('Ärzte Haus') }
    ]);
    // The key orders as the 'name' list does (DS5): folded company, so Ärzte sorts with A.
    const page = await store().dossiers.list({ teamIds: 'all', sort: 'name', limit: 10 });
    const keys = await store().dossiers.sortKeysOf(['k1', 'k2', 'k3']);
    const order = keys.sort((a, b) => (a.companySort < b.companySort ? -1 : a.companySort > b.companySort ? 1 : 0));
    expect(order.map((k) => k.id)).toEqual(page.items.map((d) => d.id));
    expect(await store().dossiers.sortKeysOf([])).toEqual([]);
  });

  it('DS13 listByOwners returns id, team, owner and stand-ins of the owners’ dossiers only', async () => {
    await store().dossiers.createMany([
      dossier({ id: 'o1', ownerId: 'u1', teamId: 't1', standInIds: ['u3', 'u2'] }),
      dossier({ id: 'o2', ownerId: 'u2', teamId: 't2' }),
      dossier({ id: 'o3', ownerId: 'u3' })
    ]);
    const got = await store().dossiers.listByOwners(['u1', 'u2', 'u1']);
    expect(got.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'o1', teamId: 't1', ownerId: 'u1', standInIds: ['u3', 'u2'] },
      { id: 'o2', teamId: 't2', ownerId: 'u2', standInIds: [] }
    ]);
    expect(await store().dossiers.listByOwners([])).toEqual([]);
    expect((await store().dossiers.listByOwners(['u1', 'u2', 'u3'], { standInId: 'u2' })).map((d) => d.id)).toEqual([
      'o1'
    ]);
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

  it('DS5 names sort folded with numbers by value: apfel, Ärger, Firma 9, Firma 10, in every page size', async () => {
    const names = ['Firma 10', 'Ärger', 'Firma 9', 'apfel', 'Firma 100', 'Firma 09', 'zebra'];
    await store().dossiers.createMany(names.map((company, i) => dossier({ id: `n${i}`, company })));
    for (const limit of [1, 2, 7]) {
      const seen = await listAll(store().dossiers, { teamIds: 'all', sort: 'name', limit });
      expect(seen.map((d) => d.company)).toEqual([
        'apfel',
        'Ärger',
        'Firma 9',
        'Firma 09',
        'Firma 10',
        'Firma 100',
        'zebra'
      ]);
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

  it('DS6 q finds street, postcode, industry and tags as well', async () => {
    await store().dossiers.createMany([
      dossier({ id: 'a', company: 'Alpha', street: 'Königsallee 12', postalCode: '40212', industry: 'Maschinenbau' }),
      dossier({ id: 'b', company: 'Beta', street: 'Ring 1', postalCode: '20095', industry: 'Handel', tags: ['Messe'] })
    ]);
    expect(ids((await list({ q: 'konigsallee' })).items)).toEqual(['a']);
    expect(ids((await list({ q: '40212' })).items)).toEqual(['a']);
    expect(ids((await list({ q: '402' })).items)).toEqual(['a']);
    expect(ids((await list({ q: 'maschinen' })).items)).toEqual(['a']);
    expect(ids((await list({ q: 'messe' })).items)).toEqual(['b']);
    expect(ids((await list({ q: 'me' })).items)).toEqual(['b']);
  });

  it('DS6 every word must match somewhere, in any field and order: "Kessler Düsseldorf"', async () => {
    await store().dossiers.createMany([
      dossier({ id: 'a', company: 'Kessler Metall', city: 'Düsseldorf' }),
      dossier({ id: 'b', company: 'Kessler Bau', city: 'Köln' }),
      dossier({ id: 'c', company: 'Other', city: 'Düsseldorf', contactNames: ['Eva Kessler'] }),
      dossier({ id: 'd', company: 'Nobody', city: 'Düsseldorf' })
    ]);
    expect(ids((await list({ q: 'Kessler Düsseldorf' })).items)).toEqual(['a', 'c']);
    expect(ids((await list({ q: 'dusseldorf KESSLER' })).items)).toEqual(['a', 'c']);
    // Short words use the substring plan, long ones the trigram index; they combine.
    expect(ids((await list({ q: 'ke dü' })).items)).toEqual(['a', 'c']);
    expect(ids((await list({ q: 'kessler dü' })).items)).toEqual(['a', 'c']);
    expect((await list({ q: 'kessler münchen' })).items).toEqual([]);
  });

  it('DS6 "mueller", "muller" and "müller" find "Müller"; "strasse" finds "Straße"', async () => {
    await store().dossiers.createMany([
      dossier({ id: 'm', company: 'Müller GmbH', street: 'Bahnhofstraße 3' }),
      dossier({ id: 'x', company: 'Mulle AG', street: 'Weg 1' })
    ]);
    for (const q of ['mueller', 'muller', 'müller', 'MUELLER GMBH'])
      expect(ids((await list({ q })).items)).toEqual(['m']);
    expect(ids((await list({ q: 'bahnhofstrasse' })).items)).toEqual(['m']);
    expect(ids((await list({ q: 'mulle' })).items)).toEqual(['x', 'm']);
  });

  it("DS6 more than MAX_SEARCH_WORDS words reject with 'invalid'", async () => {
    await store().dossiers.create(dossier({ id: 'a' }), []);
    await expect(list({ q: 'a1 b2 c3 d4 e5 f6 g7 h8 i9' })).rejects.toMatchObject({ code: 'invalid' });
    expect(ids((await list({ q: 'firma firma firma a' })).items)).toEqual(['a']);
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
    const projection = {
      company: 'Neue Größe AG',
      street: 'Hüttenweg 5',
      postalCode: '02826',
      city: 'Görlitz',
      industry: 'Glas',
      contactNames: ['Jürgen']
    };
    const updated = await store().dossiers.updateProjection('a', projection, 9_000, []);
    expect(updated).toEqual({ ...d, ...projection, updatedAt: 9_000 });
    expect(await store().dossiers.get('a')).toEqual(updated);
    expect((await list({ q: 'old name' })).items).toEqual([]);
    expect((await list({ q: 'eva' })).items).toEqual([]);
    expect(ids((await list({ q: 'grosse' })).items)).toEqual(['a']);
    expect(ids((await list({ q: 'jurgen' })).items)).toEqual(['a']);
    expect(ids((await list({ q: 'huettenweg 02826' })).items)).toEqual(['a']);
    // The row's tags stay searchable after a projection (they are not part of it).
    expect(ids((await list({ q: 'vip grosse' })).items)).toEqual(['a']);
    expect(ids((await list({ sort: 'updated', limit: 1 })).items)).toEqual(['a']);
  });

  it('DS9 knowledge is stored with create, replaced by a projection that has it and kept by one that has not', async () => {
    const knowledge = {
      hasPrimaryContact: true,
      primaryContactConfirmedAt: '2026-01-02T03:04:05.000Z',
      hasMainInterests: true,
      hasAgreedConditions: false
    };
    await store().dossiers.create(dossier({ id: 'k', knowledge }), []);
    expect((await store().dossiers.get('k'))?.knowledge).toEqual(knowledge);
    const projection = { company: 'K', street: '', postalCode: '', city: '', industry: '', contactNames: [] };
    expect((await store().dossiers.updateProjection('k', projection, 2_000, []))?.knowledge).toEqual(knowledge);
    const next = { ...knowledge, hasAgreedConditions: true, primaryContactConfirmedAt: null };
    await store().dossiers.updateProjection('k', { ...projection, knowledge: next }, 3_000, []);
    expect((await store().dossiers.get('k'))?.knowledge).toEqual(next);
    expect((await list({})).items.find((d) => d.id === 'k')?.knowledge).toEqual(next);
  });

  it('DS9 updateProjection of an unknown id resolves null and creates nothing', async () => {
    const projection = { company: 'X', street: '', postalCode: '', city: '', industry: '', contactNames: [] };
    expect(await store().dossiers.updateProjection('ghost', projection, 1, [])).toBeNull();
    expect(await store().dossiers.count()).toBe(0);
  });
}
