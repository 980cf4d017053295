import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { STAGES } from '../../src/lib/contract';
import type { DossierListFilter } from '../../server/features/dossiers/dossier-store';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';
import { SQLITE_MIGRATIONS } from '../../server/storage/sqlite/sqlite-migrations';
import { writeDossierContent } from '../../src/lib/dossier-doc';
import { dossier, expectedOrder, listAll, matchesFilter, seededRandom } from './dossier-fixtures';
import { sessionEvent } from './activity-store.contract';
import { runStoreContract } from './store-contract';
import { searchWriteProjector } from '../../server/features/search';

const dir = mkdtempSync(join(tmpdir(), 'staffel-sqlite-contract-'));
let files = 0;
const nextFile = () => join(dir, `store-${files++}.db`);

runStoreContract('sqlite (temp file)', async () => createSqliteStore({ file: nextFile() }));
runStoreContract('sqlite (:memory:)', async () => createSqliteStore({ file: ':memory:' }));

describe('sqlite store specifics', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every port’s data across close and reopen of the file', async () => {
    const file = nextFile();
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'Grüße');
    const first = createSqliteStore({ file });
    await first.users.createTeam({ id: 't1', name: 'Nord', site: 'Kiel' });
    await first.dossiers.create(dossier({ id: 'd1', company: 'Müller GmbH', tags: ['vip'] }), []);
    await first.documents.append('d1', [Y.encodeStateAsUpdate(doc)]);
    await first.activity.append([sessionEvent('e1')]);
    await first.close();

    const second = createSqliteStore({ file });
    try {
      expect(await second.users.listTeams()).toHaveLength(1);
      expect(
        (await second.dossiers.list({ teamIds: ['t1'], q: 'muller', tag: 'vip', sort: 'name', limit: 5 })).items
      ).toHaveLength(1);
      const copy = new Y.Doc();
      Y.applyUpdate(copy, (await second.documents.load('d1')).tail[0].update);
      expect(copy.getText('t').toString()).toBe('Grüße');
      expect(await second.documents.append('d1', [new Uint8Array([1])])).toBe(2);
      expect((await second.activity.append([sessionEvent('e2')]))[0].seq).toBe(2);
    } finally {
      await second.close();
    }
  });

  it('JR1 two handles on one file (two processes) claim a slot exactly once', async () => {
    const file = nextFile();
    const [a, b] = [createSqliteStore({ file }), createSqliteStore({ file })];
    try {
      const run = { job: 'j', dueAt: 1000, claimedAt: 1001 };
      expect([await a.jobRuns.claim({ ...run, node: 'a' }), await b.jobRuns.claim({ ...run, node: 'b' })]).toEqual([
        true,
        false
      ]);
      expect(await b.jobRuns.latest('j')).toMatchObject({ node: 'a' });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('IM2 an import cut off mid-staging (the process stopped) leaves nothing behind once the file reopens', async () => {
    const file = nextFile();
    const first = createSqliteStore({ file });
    first.search.indexInWrites!(searchWriteProjector);
    const rows = Array.from({ length: 1200 }, (_, i) => {
      const id = `r${i}`;
      const snapshot = new Uint8Array([1, 2, 3]);
      return {
        dossier: dossier({ id, company: `Staged ${id}`, tags: ['imported'] }),
        document: snapshot,
        version: {
          ...{ id: `v-${id}`, docId: id, createdAt: 1, kind: 'created' as const, authorIds: ['u1'] },
          ...{ restoredFrom: null, snapshot, baseId: null }
        }
      };
    });
    const commit = first.imports.commit({ dossiers: rows, events: [] });
    await new Promise<void>((resolve) => setImmediate(resolve)); // at least one slice is staged
    const raw = new Database(file, { readonly: true });
    const staged = (raw.prepare('SELECT count(*) AS n FROM import_staged_dossiers').get() as { n: number }).n;
    raw.close();
    expect(staged).toBeGreaterThan(0);
    await first.close(); // the next slice meets a closed database, as a stopped process would
    await expect(commit).rejects.toThrow();

    const second = createSqliteStore({ file });
    try {
      expect(await second.dossiers.get('r0')).toBeNull();
      expect((await second.documents.load('r0')).tail).toEqual([]);
      expect(await second.versions.get('r0', 'v-r0')).toBeNull();
      const check = new Database(file, { readonly: true });
      const count = (sql: string) => (check.prepare(sql).get() as { n: number }).n;
      expect(count('SELECT count(*) AS n FROM import_staged_dossiers')).toBe(0);
      expect(count("SELECT count(*) AS n FROM search_entries WHERE dossier_id LIKE 'r%'")).toBe(0);
      expect(count("SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH 'staged'")).toBe(0);
      expect(count("SELECT count(*) AS n FROM doc_heads WHERE doc_id LIKE 'r%'")).toBe(0);
      check.close();
      // The seqs it had reserved do not get in the way of the next import.
      await second.imports.commit({ dossiers: rows.slice(0, 300), events: [] });
      expect(await second.dossiers.list({ teamIds: ['t1'], tag: 'imported', sort: 'name', limit: 500 })).toMatchObject({
        items: expect.arrayContaining([expect.objectContaining({ id: 'r299' })])
      });
      expect(
        (await second.dossiers.list({ teamIds: ['t1'], q: 'staged r299', sort: 'name', limit: 5 })).items.map(
          (d) => d.id
        )
      ).toEqual(['r299']);
    } finally {
      await second.close();
    }
  });

  it('the contact summary migration fills each dossier’s last contact from the interactions already stored', async () => {
    const file = nextFile();
    // The database as the step before the contact summary left it, with dossiers and their interactions.
    const before = SQLITE_MIGRATIONS.length - 1;
    const old = new Database(file);
    for (const step of SQLITE_MIGRATIONS.slice(0, before)) {
      if (typeof step === 'string') old.exec(step);
      else step(old);
    }
    old.pragma(`user_version = ${before}`);
    const seq = (id: string) =>
      old
        .prepare(
          `INSERT INTO dossiers (id, team_id, owner_id, company, company_sort, city, industry, stage, tags,
             contact_names, search, created_at, created_by, updated_at)
           VALUES (?, 't1', 'u1', ?, ?, 'Köln', 'Bau', 'lead', '[]', '[]', '', 1, 'u1', 2)`
        )
        .run(id, id, id).lastInsertRowid;
    seq('p');
    seq('q');
    seq('r');
    const log = old.prepare(
      `INSERT INTO interactions (id, dossier_id, team_id, type, at, point_of_sale, summary, author_id, created_at)
       VALUES (?, ?, 't1', 'call', ?, ?, 'x', 'u1', 1)`
    );
    log.run('i1', 'p', 5_000, 'shop');
    log.run('i2', 'p', 9_000, 'web_shop');
    log.run('i3', 'q', 7_000, 'shop');
    log.run('i4', 'q', 7_000, 'field_sales'); // same time: the larger id is the newer entry
    old.close();

    const store = createSqliteStore({ file });
    try {
      const count = (filter: Record<string, string>) =>
        store.segments.count({ scope: { teamIds: 'all', now: 10_000 }, filter });
      expect(await count({ pointOfSale: 'web_shop' })).toBe(1); // p
      expect(await count({ pointOfSale: 'field_sales' })).toBe(1); // q
      expect(await count({ pointOfSale: 'shop' })).toBe(0);
      expect(await count({ lastContactBefore: '1970-01-02' })).toBe(3); // all before day 2, r never
      expect(await count({ lastContactAfter: '1970-01-01' })).toBe(2); // p, q
    } finally {
      await store.close();
    }
  });

  it('migration 7 fills street and postcode from the documents and rebuilds search text and name order', async () => {
    const file = nextFile();
    // A database as the previous release left it: schema version 4, search text of company, city and names.
    const old = new Database(file);
    for (const step of SQLITE_MIGRATIONS.slice(0, 4)) {
      if (typeof step !== 'string') throw new Error('steps 1-4 are SQL');
      old.exec(step);
    }
    old.pragma('user_version = 4');
    const insert = old.prepare(
      `INSERT INTO dossiers (id, team_id, owner_id, company, company_sort, city, industry, stage, tags,
         contact_names, search, created_at, created_by, updated_at)
       VALUES (?, 't1', 'u1', ?, ?, 'Köln', 'Bau', 'lead', '["Messe"]', '["Jörg"]', ?, 1, 'u1', 2)`
    );
    for (const [id, company] of [
      ['d10', 'Firma 10'],
      ['d9', 'Firma 9']
    ]) {
      const seq = insert.run(
        id,
        company,
        company.toLowerCase(),
        `${company.toLowerCase()} \u0001 koln`
      ).lastInsertRowid;
      old.prepare('INSERT INTO dossier_fts (rowid, search) VALUES (?, ?)').run(seq, company.toLowerCase());
      const doc = new Y.Doc();
      writeDossierContent(doc, { fields: { company, street: `Lindenstraße ${id}`, postalCode: '50674' } });
      old.prepare('INSERT INTO doc_updates (doc_id, seq, data) VALUES (?, 1, ?)').run(id, Y.encodeStateAsUpdate(doc));
    }
    old.close();

    const store = createSqliteStore({ file });
    try {
      const list = async (q: string) =>
        (await store.dossiers.list({ teamIds: 'all', q, sort: 'name', limit: 10 })).items.map((d) => d.id);
      expect(await list('lindenstrasse d9')).toEqual(['d9']);
      expect(await list('50674 messe')).toEqual(['d9', 'd10']);
      expect(await list('joerg koeln')).toEqual(['d9', 'd10']);
      expect(await store.dossiers.get('d10')).toMatchObject({ street: 'Lindenstraße d10', postalCode: '50674' });
    } finally {
      await store.close();
    }
  });

  it('the knowledge migration projects existing dossiers from their documents (issue #9 knowledge at risk)', async () => {
    const file = nextFile();
    // A database just before the step (found by content: the lead may renumber steps).
    const step = SQLITE_MIGRATIONS.findIndex((m) => typeof m !== 'string' && m.toString().includes('knowledge'));
    expect(step).toBeGreaterThan(0);
    const old = new Database(file);
    for (const m of SQLITE_MIGRATIONS.slice(0, step)) {
      if (typeof m === 'string') old.exec(m);
      else m(old as unknown as Parameters<typeof m>[0]);
    }
    old.pragma(`user_version = ${step}`);
    for (const id of ['d1', 'd2']) {
      old
        .prepare(
          `INSERT INTO dossiers (id, team_id, owner_id, company, company_sort, street, postal_code, city, industry,
             stage, tags, contact_names, search, created_at, created_by, updated_at)
           VALUES (?, 't1', 'u1', 'Alt GmbH', 'alt gmbh', '', '', 'Köln', 'Bau', 'customer', '[]', '[]',
             'alt gmbh', 1, 'u1', 2)`
        )
        .run(id);
    }
    const doc = new Y.Doc();
    writeDossierContent(doc, {
      fields: { company: 'Alt GmbH', mainInterests: 'Pumpen' },
      contacts: [{ id: 'c1', name: 'Eva', primary: true }]
    });
    old.prepare("INSERT INTO doc_updates (doc_id, seq, data) VALUES ('d1', 1, ?)").run(Y.encodeStateAsUpdate(doc));
    old.close();

    const store = createSqliteStore({ file });
    try {
      expect((await store.dossiers.get('d1'))?.knowledge).toEqual({
        hasPrimaryContact: true,
        primaryContactConfirmedAt: null,
        hasMainInterests: true,
        hasAgreedConditions: false
      });
      // No document: nothing known (the rules read that as empty) until the next edit projects it.
      expect((await store.dossiers.get('d2'))?.knowledge).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('the lifecycle migration keeps existing dossiers: no manager, no stand-ins, an empty history, movable', async () => {
    const file = nextFile();
    // A database as it was just before the lifecycle step (found by content: the lead may renumber steps).
    const step = SQLITE_MIGRATIONS.findIndex((m) => typeof m === 'string' && m.includes('CREATE TABLE stage_changes'));
    expect(step).toBeGreaterThan(0);
    const old = new Database(file);
    for (const m of SQLITE_MIGRATIONS.slice(0, step)) {
      if (typeof m === 'string') old.exec(m);
      else m(old as unknown as Parameters<typeof m>[0]);
    }
    old.pragma(`user_version = ${step}`);
    old
      .prepare(
        `INSERT INTO dossiers (id, team_id, owner_id, company, company_sort, street, postal_code, city, industry,
           stage, tags, contact_names, search, created_at, created_by, updated_at)
         VALUES ('d1', 't1', 'u1', 'Alt GmbH', 'alt gmbh', '', '', 'Köln', 'Bau', 'customer', '["vip"]', '[]',
           'alt gmbh', 1, 'u1', 2)`
      )
      .run();
    old.close();

    const store = createSqliteStore({ file });
    try {
      expect(await store.dossiers.get('d1')).toMatchObject({
        stage: 'customer',
        keyAccountManagerId: null,
        standInIds: []
      });
      expect(await store.dossiers.stageHistory('d1')).toEqual([]);
      const change = {
        id: 'c1',
        dossierId: 'd1',
        from: 'customer' as const,
        to: 'dormant' as const,
        reason: 'r',
        byId: 'u1',
        at: 3
      };
      await store.dossiers.changeStage({ expectedFrom: 'customer', change, events: [] });
      expect(await store.dossiers.stageHistory('d1')).toEqual([change]);
    } finally {
      await store.close();
    }
  });

  // The SQLite list picks among several query plans by data shape (trigram index, tag table, bounded
  // probe walk, full scan); with 5000 rows every plan runs. Each must agree with a brute-force filter.
  it('DS5 DS6 DS7 every query plan agrees with a brute-force filter on 5000 dossiers', async () => {
    const seed = Number(process.env.TEST_SEED ?? Date.now() % 100_000);
    const random = seededRandom(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const words = ['Müller', 'Straße', 'Bau', 'Koch', 'Weiß', 'Öl', 'Zeta', 'Quax'];
    const all = Array.from({ length: 5000 }, (_, i) =>
      dossier({
        id: `d${i}`,
        teamId: `t${Math.floor(random() * 4)}`,
        ownerId: `u${Math.floor(random() * 8)}`,
        company: `${pick(words)} ${pick(words)}${i % 997 === 0 ? ' Rarität' : ''}`,
        city: pick(['Köln', 'Berlin', 'Görlitz']),
        stage: pick(STAGES),
        tags: random() < 0.002 ? ['rare'] : random() < 0.5 ? ['common'] : [],
        contactNames: random() < 0.01 ? ['Xaver Yilmaz'] : [],
        updatedAt: Math.floor(random() * 50) * 1000
      })
    );
    const store = createSqliteStore({ file: ':memory:' });
    try {
      await store.dossiers.createMany(all);
      const filters: Array<Omit<DossierListFilter, 'cursor' | 'limit' | 'sort'>> = [
        { teamIds: 'all', q: 'rarit' },
        { teamIds: ['t1', 't2'], q: 'xa' },
        { teamIds: ['t0'], q: 'y' },
        { teamIds: 'all', q: 'muller' },
        { teamIds: ['t3'], tag: 'rare' },
        { teamIds: ['t0', 't3'], tag: 'common', stage: 'lead', q: 'ko' },
        { teamIds: 'all', ownerId: 'u3', q: 'bau' },
        { teamIds: ['t1', 't2', 't3'] },
        { teamIds: 'all', q: 'mueller koln' },
        { teamIds: ['t0', 't2'], q: 'ko bau' },
        { teamIds: 'all', q: 'xa yilmaz', stage: 'lead' },
        { teamIds: ['t1'], q: 'weiss am ring' }
      ];
      for (const filter of filters) {
        for (const sort of ['name', 'updated'] as const) {
          const expected = expectedOrder(
            all.filter((d) => matchesFilter(d, filter)),
            sort
          ).map((d) => d.id);
          const got = (await listAll(store.dossiers, { ...filter, sort, limit: 40 })).map((d) => d.id);
          expect(got, `seed ${seed}, ${JSON.stringify(filter)} ${sort}`).toEqual(expected);
        }
      }
    } finally {
      await store.close();
    }
  });
});
