import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { DossierSummaryDTO } from '../../src/lib/contract';
import { revenueBandOf } from '../../src/lib/contract';
import { csvChunk, neutraliseCell, UTF8_BOM } from '../../server/features/segments/csv-export';
import { guessSeparator, parseCsv } from '../../server/features/segments/csv-parser';
import {
  guessMapping,
  mappingProblem,
  nameCityKey,
  readRow,
  websiteKey
} from '../../server/features/segments/import.rules';

const row = (over: Partial<DossierSummaryDTO>): DossierSummaryDTO =>
  ({
    id: 'd1',
    teamId: 't1',
    ownerId: 'u1',
    ownerName: 'Jörg',
    actingOwnerId: 'u1',
    actingOwnerName: 'Jörg',
    coverage: null,
    company: 'Firma',
    street: '',
    postalCode: '',
    city: 'Köln',
    industry: '',
    stage: 'lead',
    tags: [],
    contactNames: [],
    updatedAt: '2026-11-20T10:00:00.000Z',
    keyAccountManagerId: null,
    standInIds: [],
    ...over
  }) as DossierSummaryDTO;

describe('CSV export', () => {
  it('prefixes every cell a spreadsheet would run (= + - @ TAB CR) with an apostrophe, nothing else', () => {
    for (const bad of ['=1+1', '+49 221 1', '-2', '@SUM(A1)', '\tx', '\rx'])
      expect(neutraliseCell(bad)).toBe(`'${bad}`);
    for (const fine of ['Müller', '', ' =not first', 'a=b', "'quoted"]) expect(neutraliseCell(fine)).toBe(fine);
  });

  it('starts with a BOM and the header only on the first chunk, separates by ; or , and ends lines CRLF', () => {
    const first = csvChunk({
      rows: [row({ company: 'Groß; Klein', tags: ['a', 'b'] })],
      separator: 'semicolon',
      first: true
    });
    expect(first.startsWith(UTF8_BOM)).toBe(true);
    expect(first).toContain('\r\n');
    const records = parse(first, { bom: true, delimiter: ';' }) as string[][];
    expect(records[0][0]).toBe('Company');
    expect(records[1][0]).toBe('Groß; Klein');
    expect(records[1][6]).toBe('a, b');
    const next = csvChunk({ rows: [row({ company: '=cmd' })], separator: 'comma', first: false });
    expect(next.startsWith(UTF8_BOM)).toBe(false);
    expect((parse(next) as string[][])[0][0]).toBe("'=cmd");
  });
});

describe('CSV import rules', () => {
  it('I1 guesses the mapping from English and German headers, each target once', () => {
    expect(
      Object.values(
        guessMapping(['Firma', 'Straße', 'PLZ', 'Ort', 'E-Mail', 'Telefon', 'Ansprechpartner', 'Notiz', 'Name'])
      )
    ).toEqual([
      'company',
      'street',
      'postalCode',
      'city',
      'contactEmail',
      'contactPhone',
      'contactName',
      'ignore',
      'ignore'
    ]);
    expect(Object.values(guessMapping(['Company Name', 'Zip Code', 'Web site', 'Tags']))).toEqual([
      'company',
      'postalCode',
      'website',
      'tags'
    ]);
  });

  it('I1 a mapping needs a company, known columns and no target twice', () => {
    expect(mappingProblem({ '0': 'city' }, 1)).toMatch(/company/);
    expect(mappingProblem({ '0': 'company', '1': 'company' }, 2)).toMatch(/twice/);
    expect(mappingProblem({ '0': 'company', '5': 'city' }, 2)).toMatch(/does not exist/);
    expect(mappingProblem({ '0': 'company', '1': 'ignore', '2': 'ignore' }, 3)).toBeNull();
  });

  it('I2 validates rows: company required, e-mail shape, stage names in both languages, contact needs a name', () => {
    const mapping = { '0': 'company', '1': 'stage', '2': 'contactName', '3': 'contactEmail', '4': 'tags' } as const;
    expect(readRow(['Acme', 'Interessent', 'Ada', 'ada@acme.example', 'a, b | a'], mapping)).toMatchObject({
      row: { company: 'Acme', stage: 'prospect', tags: ['a', 'b'], contact: { name: 'Ada' } },
      errors: []
    });
    expect(readRow(['', '', '', '', ''], mapping).errors).toEqual(['company is empty']);
    expect(readRow(['Acme', 'moon', '', 'x', ''], mapping).errors).toEqual([
      'unknown stage "moon"',
      '"x" is not an e-mail address',
      'a contact needs a name'
    ]);
    expect(readRow(['Acme', 'Key Account', '', '', ''], mapping).errors[0]).toMatch(/key-account manager/);
  });

  it('I3 duplicate keys ignore case, umlaut spelling, legal form and punctuation; websites compare by domain', () => {
    expect(nameCityKey('Müller GmbH & Co. KG', 'Köln')).toBe(nameCityKey('MUELLER', 'Koeln'));
    expect(nameCityKey('Müller', 'Köln')).not.toBe(nameCityKey('Müller', 'Bonn'));
    expect(websiteKey('https://www.acme.example/about')).toBe('acme.example');
    expect(websiteKey('acme.example')).toBe('acme.example');
    expect(websiteKey('')).toBeNull();
    expect(websiteKey('not a site')).toBeNull();
  });

  it('reads BOM, quotes and either separator; guesses ; for German Excel files', () => {
    expect(guessSeparator('Firma;Ort;PLZ\n')).toBe(';');
    expect(guessSeparator('Company,City\n')).toBe(',');
    const parsed = parseCsv('\uFEFFFirma;Ort\n"Groß; Klein";Köln\n\nKurz\n');
    expect(parsed).toEqual({ headers: ['Firma', 'Ort'], rows: [['Groß; Klein', 'Köln'], ['Kurz']], separator: ';' });
    expect(() => parseCsv('a,b\n"unclosed,1\n')).toThrow(/not readable as CSV/);
  });

  it('revenue bands: none for no orders, lower bound inclusive', () => {
    expect([0, 1, 9_999.99, 10_000, 49_999, 50_000, 250_000].map(revenueBandOf)).toEqual([
      'none',
      'small',
      'small',
      'medium',
      'medium',
      'large',
      'top'
    ]);
  });
});
