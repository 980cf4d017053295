/*
 * Search text of a dossier, shared by both stores and the browser (which filters pushed rows with it), so a
 * dossier matches the same query everywhere.
 *
 * Rules (tests: tests/unit/search-text.test.ts, DS6 in the store contract):
 * S1 Folding: lower case, diacritics stripped (é→e, ü→u), ß→ss, control characters and runs of white space
 *    become one space. The same fold applies to the stored text and to the query.
 * S2 German transliteration: a value with ä/ö/ü is stored twice, folded (ü→u) and transliterated (ü→ue), so
 *    "muller", "müller" and "mueller" all find "Müller", and "strasse" finds "Straße".
 * S3 Words: the query is split on white space; every word must be a substring of one value of the dossier,
 *    in any field (company, street, postcode, city, industry, tags, contact names). Word order is free.
 * S4 Values are joined with " \u0001 " (a control character can never be in a folded word), so a word
 *    never matches across two values.
 */

const MARKS = /[\u0300-\u036f]/g;
// C0 and C1 controls (NUL included): never searchable, and FTS5 must never see them.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
const SEPARATOR = ' \u0001 ';

/** At most this many distinct words per query (each one is an index lookup and a substring test). */
export const MAX_SEARCH_WORDS = 8;

/** S1: lower case, no diacritics, ß→ss, control characters and white space runs as one space. */
export function foldSearchText(text: string): string {
  return text
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(CONTROLS, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** S2: the German spelling without umlauts (Müller → mueller), otherwise as foldSearchText. */
function transliterateGerman(text: string): string {
  return foldSearchText(text.normalize('NFD').replace(/([aouAOU])\u0308/g, '$1e'));
}

/**
 * S3: the folded words of a query, without repeats and without words that another word contains ("mu" in
 * "muller" adds nothing). Empty for a blank query.
 */
export function searchWords(query: string): string[] {
  const words = [
    ...new Set(
      foldSearchText(query)
        .split(' ')
        .filter((w) => w.length > 0)
    )
  ];
  return words.filter((w) => !words.some((other) => other !== w && other.includes(w)));
}

/** The values of a dossier that search looks at. */
export interface SearchableDossier {
  company: string;
  street: string;
  postalCode: string;
  city: string;
  industry: string;
  tags: string[];
  contactNames: string[];
}

/** The one searchable string of a dossier (S1, S2, S4). */
export function dossierSearchText(d: SearchableDossier): string {
  const values = [d.company, d.street, d.postalCode, d.city, d.industry, ...d.tags, ...d.contactNames];
  const parts: string[] = [];
  for (const value of values) {
    const folded = foldSearchText(value);
    if (!folded) continue;
    parts.push(folded);
    const german = transliterateGerman(value);
    if (german !== folded) parts.push(german);
  }
  return parts.join(SEPARATOR);
}

/** S3: every word is in the search text. */
export function matchesSearchWords(searchText: string, words: readonly string[]): boolean {
  return words.every((w) => searchText.includes(w));
}
