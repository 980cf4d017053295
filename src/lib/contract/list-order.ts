import { foldSearchText } from './search-fold';
import type { DossierSort } from './dossier';

/*
 * The order of the dossier list, shared by both stores and the browser (which places pushed rows with it),
 * so a row pushed live lands exactly where the next page load would put it.
 *
 * O1 'name': by companySortKey in Unicode code point order (= UTF-8 bytes = SQLite's BINARY collation),
 *    then by id in the same order.
 * O2 companySortKey is the folded company (search-fold S1) with every digit run rewritten as its length
 *    followed by its digits without leading zeros, so numbers sort by value: "Firma 9" < "Firma 10",
 *    "Ärger" sorts as "arger" (after "apfel").
 * O3 'updated': by updatedAt, newest first, then by id.
 */

/** O2: the stored 'name' sort key. */
export function companySortKey(company: string): string {
  return foldSearchText(company).replace(/\d+/g, (run) => {
    const digits = run.replace(/^0+(?=\d)/, '');
    // One character for the length: '1'…'9' for up to 9 digits, then the characters after '9' (':' …);
    // 40+ digit runs share one length mark and compare digit by digit.
    return String.fromCharCode(0x30 + Math.min(digits.length, 40)) + digits;
  });
}

/**
 * Code point order (the order of UTF-8 bytes). JS `<` compares UTF-16 units, which puts astral characters
 * (surrogates, 0xD800–0xDFFF) before U+E000–U+FFFF; this shifts them after, as UTF-8 does.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const rank = (u: number) => (u >= 0xe000 ? u - 0x800 : u >= 0xd800 ? u + 0x2000 : u);
    return rank(x) - rank(y);
  }
  return a.length - b.length;
}

/** The fields the order reads; updatedAt as ms since the epoch or an ISO string (DTOs). */
export interface OrderedDossier {
  id: string;
  company: string;
  updatedAt: number | string;
}

const millis = (t: number | string) => (typeof t === 'number' ? t : Date.parse(t));

/** O1 and O3 as one comparator. */
export function compareDossiers(sort: DossierSort): (a: OrderedDossier, b: OrderedDossier) => number {
  if (sort === 'updated') {
    return (a, b) => millis(b.updatedAt) - millis(a.updatedAt) || compareCodePoints(a.id, b.id);
  }
  const keys = new Map<string, string>();
  const key = (company: string) => {
    let k = keys.get(company);
    if (k === undefined) keys.set(company, (k = companySortKey(company)));
    return k;
  };
  return (a, b) => compareCodePoints(key(a.company), key(b.company)) || compareCodePoints(a.id, b.id);
}
