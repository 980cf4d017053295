import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  searchWriteProjector,
  type SearchEntry,
  type SearchIndex,
  type SearchIndexQuery
} from '../../server/features/search';
import { interaction, loggedEvent } from './interaction-store.contract';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';
import { RANK_WINDOW } from '../../server/storage/sqlite/sqlite-search-index';
import type { Store } from '../../server/storage/store';

/** The SearchIndex contract (server/features/search/search-store.ts SI1–SI7) against every adapter. */
function searchIndexContract(label: string, makeStore: () => Promise<Store>, teardown?: () => Promise<void>) {
  describe(`search index contract: ${label}`, () => {
    let store: Store | undefined;
    let index: SearchIndex;
    beforeEach(async () => {
      store = await makeStore();
      index = store.search;
    });
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });
    if (teardown) afterAll(teardown);

    const entry = (over: Partial<SearchEntry> & Pick<SearchEntry, 'dossierId' | 'kind' | 'text'>): SearchEntry => ({
      teamId: 't1',
      ref: '',
      at: null,
      ...over
    });
    const find = (words: string[], over: Partial<SearchIndexQuery> = {}) =>
      index.search({ words, prefixLast: false, teamIds: 'all', dossierIds: [], limit: 30, ...over });
    const ids = async (words: string[], over: Partial<SearchIndexQuery> = {}) =>
      (await find(words, over)).map((h) => `${h.dossierId}:${h.kind}:${h.ref}`);

    it('SI3 matches whole words ignoring case, accents and German spellings', async () => {
      await index.bulkInsert([
        entry({ dossierId: 'd1', kind: 'name', text: 'Müller Maschinenbau GmbH' }),
        entry({ dossierId: 'd2', kind: 'field', ref: 'street', text: 'Hauptstraße 5' }),
        entry({ dossierId: 'd3', kind: 'note', text: 'Café am Markt, sehr zufrieden' })
      ]);
      expect(await ids(['muller'])).toEqual(['d1:name:']);
      expect(await ids(['mueller'])).toEqual(['d1:name:']);
      expect(await ids(['MÜLLER'.toLowerCase()])).toEqual(['d1:name:']);
      expect(await ids(['hauptstrasse'])).toEqual(['d2:field:street']);
      expect(await ids(['cafe', 'markt'])).toEqual(['d3:note:']);
      expect(await ids(['cafe', 'bahnhof'])).toEqual([]);
      // Whole words: a fragment finds nothing unless it is the as-you-type prefix.
      expect(await ids(['masch'])).toEqual([]);
    });

    it('SI3 the last word matches as a prefix with prefixLast', async () => {
      await index.bulkInsert([
        entry({ dossierId: 'd1', kind: 'name', text: 'Müller Maschinenbau GmbH' }),
        entry({ dossierId: 'd2', kind: 'name', text: 'Maschinenring Süd' })
      ]);
      expect((await ids(['masch'], { prefixLast: true })).sort()).toEqual(['d1:name:', 'd2:name:']);
      expect(await ids(['muller', 'masch'], { prefixLast: true })).toEqual(['d1:name:']);
      expect(await ids(['mül'.normalize('NFD').replace(/[\u0300-\u036f]/g, '')], { prefixLast: true })).toEqual([
        'd1:name:'
      ]);
    });

    it('SI4 returns only entries of visible teams or covered dossiers', async () => {
      await index.bulkInsert([
        entry({ dossierId: 'd1', teamId: 't1', kind: 'name', text: 'Weber Nord' }),
        entry({ dossierId: 'd2', teamId: 't2', kind: 'name', text: 'Weber Süd' }),
        entry({ dossierId: 'd3', teamId: 't3', kind: 'name', text: 'Weber West' })
      ]);
      expect(await ids(['weber'], { teamIds: ['t1'] })).toEqual(['d1:name:']);
      expect((await ids(['weber'], { teamIds: ['t1'], dossierIds: ['d3'] })).sort()).toEqual(['d1:name:', 'd3:name:']);
      expect(await ids(['weber'], { teamIds: [] })).toEqual([]);
      expect(await ids(['weber'])).toHaveLength(3);
    });

    it('SI5 ranks a name hit above the same word in a note and honours the limit', async () => {
      await index.bulkInsert([
        entry({ dossierId: 'd1', kind: 'note', text: 'Besuch bei Fischer, danach Angebot an Fischer geschickt' }),
        entry({ dossierId: 'd2', kind: 'name', text: 'Fischer Logistik AG' }),
        entry({ dossierId: 'd3', kind: 'timeline', ref: 'i1', text: 'Anruf Fischer wegen Lieferung', at: 5 })
      ]);
      const hits = await find(['fischer']);
      expect(hits[0]).toMatchObject({ dossierId: 'd2', kind: 'name' });
      expect(hits).toHaveLength(3);
      expect(await find(['fischer'], { limit: 2 })).toHaveLength(2);
      expect(hits.find((h) => h.kind === 'timeline')?.at).toBe(5);
    });

    it('SI6 the snippet marks the matched word in the entry’s own text', async () => {
      await index.bulkInsert([
        entry({ dossierId: 'd1', kind: 'note', text: 'Der Einkauf wechselt zur Müller Holding im Mai' }),
        entry({ dossierId: 'd2', kind: 'field', ref: 'street', text: 'Lindenstraße 7' })
      ]);
      const [note] = await find(['muller']);
      expect(note.snippet).toContain('\u0002Müller\u0003');
      const [street] = await find(['lindenstrasse']);
      expect(street.snippet).toContain('\u0002Lindenstraße\u0003');
    });

    it('SI1 replaceDossier swaps the given kinds and keeps the others; SI2 upsert replaces by key', async () => {
      await index.bulkInsert([
        entry({ dossierId: 'd1', kind: 'name', text: 'Alte Firma' }),
        entry({ dossierId: 'd1', kind: 'note', text: 'alte notiz' }),
        entry({ dossierId: 'd1', kind: 'timeline', ref: 'i1', text: 'Anruf alte Nummer', at: 1 })
      ]);
      await index.replaceDossier({
        dossierId: 'd1',
        kinds: ['name', 'field', 'contact', 'note'],
        entries: [entry({ dossierId: 'd1', kind: 'name', text: 'Neue Firma' })]
      });
      expect(await ids(['alte'])).toEqual(['d1:timeline:i1']);
      expect(await ids(['neue'])).toEqual(['d1:name:']);
      await index.upsert(entry({ dossierId: 'd1', kind: 'timeline', ref: 'i1', text: 'Anruf korrigiert', at: 1 }));
      expect(await ids(['alte'])).toEqual([]);
      expect(await ids(['korrigiert'])).toEqual(['d1:timeline:i1']);
    });

    it('SI7 records the backfill version and clear empties the index', async () => {
      expect(await index.builtVersion()).toBe(0);
      await index.markBuilt(3);
      expect(await index.builtVersion()).toBe(3);
      await index.bulkInsert([entry({ dossierId: 'd1', kind: 'name', text: 'Zeta' })]);
      await index.clear();
      expect(await ids(['zeta'])).toEqual([]);
    });

    it('SI3 words that look like query syntax are searched as text', async () => {
      await index.bulkInsert([entry({ dossierId: 'd1', kind: 'name', text: 'AND OR NOT near Bau' })]);
      expect(await ids(['and', 'or'])).toEqual(['d1:name:']);
      expect(await ids(['"bau'])).toEqual(['d1:name:']);
      expect(await ids(['bau*'])).toEqual(['d1:name:']);
    });
  });
}

searchIndexContract('sqlite (:memory:)', async () => createSqliteStore({ file: ':memory:' }));

describe('sqlite search index specifics', () => {
  it('R5 a word in more than RANK_WINDOW entries is ranked among its newest matches, still names first', async () => {
    const store = createSqliteStore({ file: ':memory:' });
    try {
      const old = Array.from({ length: 6000 }, (_, i): SearchEntry => ({
        dossierId: `d${i % 300}`,
        teamId: 't1',
        kind: 'timeline',
        ref: `i${i}`,
        text: `Angebot ${i} nachgefasst`,
        at: i
      }));
      await store.search.bulkInsert(old);
      await store.search.upsert({
        dossierId: 'dx',
        teamId: 't1',
        kind: 'name',
        ref: '',
        text: 'Angebot Werk GmbH',
        at: null
      });
      const hits = await store.search.search({
        words: ['angebot'],
        prefixLast: false,
        teamIds: ['t1'],
        dossierIds: [],
        limit: 30
      });
      expect(hits).toHaveLength(30);
      expect(hits[0]).toMatchObject({ dossierId: 'dx', kind: 'name' });
      // Only the newest RANK_WINDOW (≤ 5,000) matches were ranked: the oldest entries are not among the hits.
      expect(hits.every((h) => h.at === null || h.at >= 1000)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('R5 in the window, hits are the visible matches by kind weight then newest, as a full sort gives', async () => {
    const store = createSqliteStore({ file: ':memory:' });
    try {
      const kinds = ['timeline', 'note', 'field', 'contact', 'name', 'ticket'] as const;
      const entries = Array.from({ length: 6500 }, (_, i): SearchEntry => ({
        dossierId: `d${i % 400}`,
        teamId: i % 3 === 0 ? 't1' : 't2',
        kind: i % 97 === 0 ? kinds[(i / 97) % kinds.length] : 'timeline',
        ref: `r${i}`,
        text: `Angebot ${i}`,
        at: i
      }));
      await store.search.bulkInsert(entries);
      const weight = { name: 4, contact: 2, field: 1.5, ticket: 1.2, note: 1, timeline: 1 };
      const window = entries.slice(-RANK_WINDOW); // rowids follow insertion order
      const scopes: Array<[string[] | 'all', string[]]> = [
        [['t1'], []],
        [['t1'], ['d5', 'd7']],
        ['all', []]
      ];
      for (const [teamIds, dossierIds] of scopes) {
        const expected = window
          .map((e, i) => ({ e, rid: i }))
          .filter(({ e }) => teamIds === 'all' || teamIds.includes(e.teamId) || dossierIds.includes(e.dossierId))
          .sort((a, b) => weight[b.e.kind] - weight[a.e.kind] || b.rid - a.rid)
          .slice(0, 30)
          .map(({ e }) => `${e.kind}:${e.ref}`);
        const hits = await store.search.search({
          words: ['angebot'],
          prefixLast: false,
          teamIds,
          dossierIds,
          limit: 30
        });
        expect(hits.map((h) => `${h.kind}:${h.ref}`)).toEqual(expected);
      }
    } finally {
      await store.close();
    }
  });

  it('SI8 an interaction is indexed in its write’s transaction: committed with it, rolled back with it', async () => {
    const store = createSqliteStore({ file: ':memory:' });
    try {
      store.search.indexInWrites!(searchWriteProjector);
      const find = async (word: string) =>
        (
          await store.search.search({ words: [word], prefixLast: false, teamIds: 'all', dossierIds: [], limit: 30 })
        ).map((h) => `${h.dossierId}:${h.kind}:${h.ref}`);
      const first = interaction({ id: 'i1', summary: 'Rückruf Gürteltier vereinbart' });
      await store.interactions.add(first, [loggedEvent('e1', first)]);
      expect(await find('gurteltier')).toEqual(['d1:timeline:i1']);
      // Its event is indexed first, then a second event with a taken id fails the write: the entry is rolled
      // back with the interaction.
      const second = interaction({ id: 'i2', summary: 'Rückruf Erdferkel vereinbart' });
      const events = [loggedEvent('e2', second), loggedEvent('e1', second)];
      await expect(store.interactions.add(second, events)).rejects.toMatchObject({
        code: 'conflict'
      });
      expect(await find('erdferkel')).toEqual([]);
      expect(await store.interactions.get('i2')).toBeNull();
    } finally {
      await store.close();
    }
  });
});

const uri = process.env.MONGODB_URI;
if (uri) {
  const prefix = `staffel_search_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const created: string[] = [];
  searchIndexContract(
    'mongodb',
    async () => {
      const { createMongoStore } = await import('../../server/storage/mongo/create-mongo-store');
      const dbName = `${prefix}_${created.length}`;
      created.push(dbName);
      return createMongoStore({ uri, dbName });
    },
    async () => {
      const client = new MongoClient(uri);
      try {
        await client.connect();
        for (const name of created) await client.db(name).dropDatabase();
      } finally {
        await client.close();
      }
    }
  );
} else {
  console.log('mongodb search index contract skipped: MONGODB_URI not set');
}
