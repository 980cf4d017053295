import { describe, expect, it } from 'vitest';
import {
  companySortKey,
  compareCodePoints,
  compareDossiers,
  dossierSearchText,
  foldSearchText,
  matchesSearchWords,
  searchWords,
  type SearchableDossier
} from '../../src/lib/contract';

const dossier = (over: Partial<SearchableDossier>): SearchableDossier => ({
  company: '',
  street: '',
  postalCode: '',
  city: '',
  industry: '',
  tags: [],
  contactNames: [],
  ...over
});
const finds = (d: SearchableDossier, q: string) => matchesSearchWords(dossierSearchText(d), searchWords(q));

describe('search text (search-fold.ts)', () => {
  it('S1 folds case, accents, ß, control characters and white space the same way for text and query', () => {
    expect(foldSearchText('Müller & Söhne  GROSSHANDEL')).toBe('muller & sohne grosshandel');
    expect(foldSearchText('Straße')).toBe('strasse');
    expect(foldSearchText('Café Zoë')).toBe('cafe zoe');
    expect(foldSearchText('a\u0000b\tc\u0085d')).toBe('a b c d');
  });

  it('S2 "muller", "müller" and "mueller" find "Müller"; "strasse" and "straße" find "Straße"', () => {
    const m = dossier({ company: 'Müller GmbH' });
    for (const q of ['muller', 'müller', 'mueller', 'MÜLLER', 'Mueller gmbh']) expect(finds(m, q)).toBe(true);
    const s = dossier({ street: 'Lange Straße 4' });
    for (const q of ['strasse', 'straße', 'lange str']) expect(finds(s, q)).toBe(true);
    // Transliteration applies to ä/ö/ü only: "Maier" stays "maier".
    expect(finds(dossier({ company: 'Maier' }), 'maeier')).toBe(false);
  });

  it('S3 every word must match some value, in any field and any order', () => {
    const d = dossier({
      company: 'Kessler Metallbau',
      street: 'Industriestraße 7',
      postalCode: '40549',
      city: 'Düsseldorf',
      industry: 'Metall',
      tags: ['Messe 2025'],
      contactNames: ['Jörg Krüger']
    });
    for (const q of ['Kessler Düsseldorf', 'dusseldorf kessler', '40549', 'industriestr', 'messe', 'krueger 405'])
      expect(finds(d, q)).toBe(true);
    expect(finds(d, 'Kessler München')).toBe(false);
    expect(finds(d, '')).toBe(true);
  });

  it('S4 a word never matches across two values', () => {
    const d = dossier({ company: 'Alpha', city: 'Bonn' });
    expect(finds(d, 'alphabonn')).toBe(false);
    expect(finds(d, 'alpha bonn')).toBe(true);
  });

  it('S3 query words: folded, deduplicated, words contained in others dropped', () => {
    expect(searchWords('  Müller  mu MÜLLER gmbh ')).toEqual(['muller', 'gmbh']);
    expect(searchWords(' \t ')).toEqual([]);
  });
});

describe('list order (list-order.ts)', () => {
  const names = ['Firma 10', 'apfel', 'Firma 9', 'Ärger', 'Zebra', 'firma 009', 'Firma 9a', 'Ölmühle'];
  const ordered = (
    sort: 'name' | 'updated',
    rows: Array<{ id: string; company: string; updatedAt: number | string }>
  ) => [...rows].sort(compareDossiers(sort)).map((r) => r.company);

  it('O1/O2 names sort folded, numbers by value, then by id', () => {
    const rows = names.map((company, i) => ({ id: `d${i}`, company, updatedAt: 0 }));
    expect(ordered('name', rows)).toEqual([
      'apfel',
      'Ärger',
      'Firma 9',
      'firma 009',
      'Firma 9a',
      'Firma 10',
      'Ölmühle',
      'Zebra'
    ]);
  });

  it('O2 the sort key is what both stores store and compare byte-wise', () => {
    expect(companySortKey('Firma 9')).toBe('firma 19');
    expect(companySortKey('Firma 10')).toBe('firma 210');
    expect(companySortKey('Firma 007')).toBe('firma 17');
    expect(companySortKey('Ärger')).toBe('arger');
    const keys = names.map(companySortKey);
    const bytes = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([...keys].sort(compareCodePoints)).toEqual(bytes);
  });

  it('O1 code point order equals UTF-8 byte order, also for astral characters', () => {
    const samples = ['a', 'z', '\uffef', '😀', '\ue000', 'ä', ''];
    const bytes = [...samples].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([...samples].sort(compareCodePoints)).toEqual(bytes);
  });

  it('O3 updated: newest first (ISO strings or ms), ties by id', () => {
    const rows = [
      { id: 'b', company: 'B', updatedAt: '2025-01-01T10:00:00.000Z' },
      { id: 'a', company: 'A', updatedAt: '2025-01-01T10:00:00.000Z' },
      { id: 'c', company: 'C', updatedAt: Date.parse('2025-01-02T00:00:00.000Z') }
    ];
    expect(ordered('updated', rows)).toEqual(['C', 'A', 'B']);
  });
});
