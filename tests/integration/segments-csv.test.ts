import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { DossierDTO, ImportPreviewDTO } from '../../src/lib/contract';
import type { ImportStore } from '../../server/features/segments';
import { api } from '../helpers/clients';
import { startCastServer } from '../helpers/demo-cast';
import { manualClock, type TestServer } from '../helpers/start-test-server';

const MAX_BYTES = 64 * 1024;
let server: TestServer;
let cookieA1: string, cookieA2: string, cookieB: string;
const clock = manualClock();

beforeAll(async () => {
  ({ server, cookieA1, cookieA2, cookieB } = await startCastServer({
    clock,
    env: { IMPORT_MAX_BYTES: String(MAX_BYTES) }
  }));
});
afterAll(async () => {
  await server?.close();
});

async function upload(csv: string, cookie = cookieA1, query = '') {
  const res = await fetch(`${server.url}/api/imports${query}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'text/csv; charset=utf-8' },
    body: csv
  });
  return { status: res.status, body: (await res.json()) as ImportPreviewDTO & { error: { message: string } } };
}
const commit = (id: string, body: unknown = {}, cookie = cookieA1) =>
  api<ImportPreviewDTO>(server.url, `/api/imports/${id}/commit`, { method: 'POST', cookie, body });
async function settled(id: string, cookie = cookieA1): Promise<ImportPreviewDTO> {
  let last: ImportPreviewDTO | null = null;
  await vi.waitFor(
    async () => {
      last = (await api<ImportPreviewDTO>(server.url, `/api/imports/${id}`, { cookie })).body;
      expect(['committed', 'failed']).toContain(last.status);
    },
    { timeout: 10_000, interval: 20 }
  );
  return last!;
}
const countWithTag = async (tag: string, cookie = cookieA1) =>
  (await api(server.url, `/api/segments/count?tag=${encodeURIComponent(tag)}`, { cookie })).body.count as number;

describe('CSV import', () => {
  it('previews a German semicolon file with guessed mapping, then commits dossiers with their contact people', async () => {
    const csv =
      '\uFEFFFirma;Straße;PLZ;Ort;Branche;Ansprechpartner;E-Mail;Tags\r\n' +
      'Müller Maschinenbau GmbH;Hauptstr. 1;50667;Köln;Maschinenbau;Jürgen Weiß;jw@mueller.example;imp-ok, newsletter\r\n' +
      'Bäckerei Öztürk;Ringstr. 2;53111;Bonn;Lebensmittel;;;imp-ok\r\n';
    const preview = await upload(csv);
    expect(preview.status).toBe(201);
    expect(preview.body).toMatchObject({ total: 2, valid: 2, invalid: 0, duplicates: 0, status: 'pending' });
    expect(Object.values(preview.body.mapping)).toEqual([
      'company',
      'street',
      'postalCode',
      'city',
      'industry',
      'contactName',
      'contactEmail',
      'tags'
    ]);
    const started = await commit(preview.body.id);
    expect(started.status).toBe(202);
    const done = await settled(preview.body.id);
    expect(done).toMatchObject({ status: 'committed', created: 2, progress: { done: 2, total: 2 } });
    expect(await countWithTag('imp-ok', cookieA2)).toBe(2);
    const listed = await api(server.url, '/api/dossiers?q=Müller Maschinenbau', { cookie: cookieA2 });
    const row = listed.body.items[0] as DossierDTO;
    expect(row).toMatchObject({ company: 'Müller Maschinenbau GmbH', city: 'Köln', contactNames: ['Jürgen Weiß'] });
    expect(row.tags).toEqual(['imp-ok', 'newsletter']);
    // The team outside sees none of it.
    expect(await countWithTag('imp-ok', cookieB)).toBe(0);
  });

  it('reports per-row errors and refuses to commit them unless told to skip them', async () => {
    const csv =
      'Company,City,Contact,Email,Stage\n' +
      'Valid One,Berlin,Ada,a@b.example,Kunde\n' +
      ',Berlin,,,\n' +
      'Bad Mail,Hamburg,Bea,not-a-mail,\n' +
      'Bad Stage,Hamburg,,,galaxy\n';
    const preview = await upload(csv);
    expect(preview.body).toMatchObject({ total: 4, valid: 1, invalid: 3 });
    expect(preview.body.rows.map((r) => [r.line, r.errors.length > 0])).toEqual([
      [2, false],
      [3, true],
      [4, true],
      [5, true]
    ]);
    expect(preview.body.rows[1].errors).toContain('company is empty');
    const refused = await commit(preview.body.id);
    expect(refused.status).toBe(400);
    const ok = await commit(preview.body.id, { skipInvalid: true });
    expect(ok.status).toBe(202);
    expect(await settled(preview.body.id)).toMatchObject({ status: 'committed', created: 1 });
  });

  it('detects duplicates against existing dossiers (name + city, legal form and umlaut spelling ignored) and within the file', async () => {
    const existing = await api<DossierDTO>(server.url, '/api/dossiers', {
      method: 'POST',
      cookie: cookieA1,
      body: { company: 'Schäfer Logistik GmbH', city: 'Düsseldorf', stage: 'customer' }
    });
    const csv =
      'Company,City,Website,Tags\n' +
      'Schaefer Logistik,Duesseldorf,,dup-test\n' +
      'Neu AG,Essen,https://www.neu.example/kontakt,dup-test\n' +
      'Neu Aktiengesellschaft,Essen,neu.example,dup-test\n' +
      'Anders KG,Essen,,dup-test\n';
    const preview = await upload(csv);
    expect(preview.body.duplicates).toBe(2);
    const byLine = new Map(preview.body.rows.map((r) => [r.line, r.duplicateOf]));
    expect(byLine.get(2)).toMatchObject({ dossierId: existing.body.id, reason: 'name_city' });
    expect(byLine.get(4)).toMatchObject({ dossierId: null, line: 3, reason: 'website' });
    expect(byLine.get(5)).toBeNull();
    await commit(preview.body.id);
    expect(await settled(preview.body.id)).toMatchObject({ status: 'committed', created: 2 });
    expect(await countWithTag('dup-test')).toBe(2);
  });

  it('writes nothing when the store fails midway through the commit (all or nothing)', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `Atomar ${i},Köln,aon-test`).join('\n');
    const preview = await upload(`Company,City,Tags\n${rows}\n`);
    expect(preview.body.valid).toBe(30);
    // A real SQLite failure inside the transaction: the 30th dossier reuses the 1st one's id (primary key).
    const imports = server.app.store.imports as { commit: ImportStore['commit'] };
    const original = imports.commit;
    imports.commit = (options) => {
      const dossiers = [...options.dossiers];
      const last = dossiers[dossiers.length - 1];
      dossiers[dossiers.length - 1] = { ...last, dossier: { ...last.dossier, id: dossiers[0].dossier.id } };
      return original({ ...options, dossiers });
    };
    try {
      await commit(preview.body.id);
      const failed = await settled(preview.body.id);
      expect(failed.status).toBe('failed');
      expect(failed.created).toBe(0);
    } finally {
      imports.commit = original;
    }
    expect(await countWithTag('aon-test')).toBe(0);
    // Nothing was written, so the same import can be committed again.
    await commit(preview.body.id);
    expect(await settled(preview.body.id)).toMatchObject({ status: 'committed', created: 30 });
    expect(await countWithTag('aon-test')).toBe(30);
  });

  it('shows honest progress through drafting and a multi-slice write, and 100% only once committed', async () => {
    const rows = Array.from({ length: 600 }, (_, i) => `Fortschritt ${i},Köln,progress-test`).join('\n');
    const preview = await upload(`Company,City,Tags\n${rows}\n`);
    expect(preview.body.valid).toBe(600);
    expect(preview.body.phase).toBeNull();
    // The real store, watched at each of its progress reports: it waits while the status is read over HTTP.
    const imports = server.app.store.imports as { commit: ImportStore['commit'] };
    const original = imports.commit;
    const seen: ImportPreviewDTO[] = [];
    imports.commit = (options) =>
      original({
        ...options,
        onProgress: async (written) => {
          await options.onProgress?.(written);
          seen.push(
            (await api<ImportPreviewDTO>(server.url, `/api/imports/${preview.body.id}`, { cookie: cookieA1 })).body
          );
        }
      });
    let started: ImportPreviewDTO;
    try {
      started = (await commit(preview.body.id)).body;
      seen.push(await settled(preview.body.id));
    } finally {
      imports.commit = original;
    }
    expect(started.status).toBe('committing');
    expect(started.phase).toBe('drafting');
    const all = [started, ...seen];
    const writing = all.filter((d) => d.phase === 'writing');
    // 600 rows are three slices of the SQLite store: 250, 500, 600 written.
    expect(writing.map((d) => d.phaseProgress)).toEqual([
      { done: 250, total: 600 },
      { done: 500, total: 600 },
      { done: 600, total: 600 }
    ]);
    for (const d of [started, ...writing]) {
      expect(d.status).toBe('committing');
      expect(d.progress.total).toBe(600);
      expect(d.progress.done).toBeLessThan(600);
    }
    // Writing moves the bar on: every report is further than the one before, and than drafting.
    const done = all.map((d) => d.progress.done);
    expect(done.every((n, i) => i === 0 || n > done[i - 1])).toBe(true);
    expect(writing[0].progress.done).toBeGreaterThan(0);
    expect(all.at(-1)).toMatchObject({
      status: 'committed',
      phase: 'committed',
      progress: { done: 600, total: 600 },
      created: 600
    });
    expect(await countWithTag('progress-test')).toBe(600);
  });

  it('refuses an oversized file with 413 and a message, and a viewer or outsider cannot touch an import', async () => {
    const big = 'Company,City\n' + 'X'.repeat(MAX_BYTES) + ',Y\n';
    const res = await upload(big);
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/larger than/);
    const preview = await upload('Company\nFremdzugriff\n');
    expect((await api(server.url, `/api/imports/${preview.body.id}`, { cookie: cookieA2 })).status).toBe(404);
    expect((await commit(preview.body.id, {}, cookieB)).status).toBe(404);
  });

  it('lets the user change the mapping and recomputes the preview', async () => {
    const preview = await upload('Kunde,Irgendwas\nMapping GmbH,Bochum\n');
    expect(preview.body.mapping).toEqual({ '0': 'company', '1': 'ignore' });
    const remapped = await api<ImportPreviewDTO>(server.url, `/api/imports/${preview.body.id}`, {
      method: 'PATCH',
      cookie: cookieA1,
      body: { mapping: { '0': 'company', '1': 'city' } }
    });
    expect(remapped.body.rows[0]).toMatchObject({ company: 'Mapping GmbH', city: 'Bochum' });
    const twice = await api(server.url, `/api/imports/${preview.body.id}`, {
      method: 'PATCH',
      cookie: cookieA1,
      body: { mapping: { '0': 'company', '1': 'company' } }
    });
    expect(twice.status).toBe(400);
  });
});

describe('CSV export', () => {
  it('round-trips umlauts with a BOM, neutralises formulas, and offers ; for German Excel', async () => {
    for (const company of ['Größenwahn Überseehandel', '=HYPERLINK("http://evil")', '@SUM(A1)']) {
      await api(server.url, '/api/dossiers', {
        method: 'POST',
        cookie: cookieA1,
        body: { company, city: 'Köln', stage: 'prospect', tags: ['exp-test'] }
      });
    }
    const res = await fetch(`${server.url}/api/dossiers/export.csv?tag=exp-test&sep=semicolon`, {
      headers: { cookie: cookieA2 }
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv; charset=utf-8/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const records = parse(text, { bom: true, delimiter: ';' }) as string[][];
    expect(records[0].slice(0, 4)).toEqual(['Company', 'Street', 'Postal code', 'City']);
    const companies = records.slice(1).map((r) => r[0]);
    expect(companies).toEqual(['\'=HYPERLINK("http://evil")', "'@SUM(A1)", 'Größenwahn Überseehandel']);
    expect(records.slice(1).every((r) => r[3] === 'Köln')).toBe(true);

    // Re-importing the export finds every row a duplicate of its dossier (the round trip keeps name and city).
    const preview = await upload(text, cookieA1);
    expect(preview.body.duplicates).toBe(3);
  });

  it('exports a saved list by id with commas, and refuses a list the caller may not read', async () => {
    const list = await api(server.url, '/api/lists', {
      method: 'POST',
      cookie: cookieA1,
      body: { name: 'Export', filter: { tag: 'exp-test' } }
    });
    const res = await fetch(`${server.url}/api/dossiers/export.csv?list=${list.body.id}`, {
      headers: { cookie: cookieA1 }
    });
    const records = parse(await res.text(), { bom: true }) as string[][];
    expect(records).toHaveLength(4);
    const other = await fetch(`${server.url}/api/dossiers/export.csv?list=${list.body.id}`, {
      headers: { cookie: cookieB }
    });
    expect(other.status).toBe(404);
  });
});
