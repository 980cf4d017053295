import type { SearchKind } from '../../../src/lib/contract';
import { KIND_WEIGHT } from '../../kernel/search-match';

/**
 * FTS5 query strings for the search index (SearchIndex on SQLite). Each row's `meta` column holds tokens for
 * its kind, team and dossier (hex, so the tokenizer keeps each one word and no typed word can equal one:
 * user words are matched in `text` and `alt` only). Visibility and kind are then terms of the MATCH itself:
 * FTS5 intersects doclists (a walk over rowids) instead of SQLite reading each match's row to test its team
 * (reading the 5,000 newest rows of a frequent word cost 25–50 ms on the bench machine).
 */
const hex = (value: string) => Buffer.from(value, 'utf8').toString('hex');
const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;

/** The meta column of one entry. */
export function metaTokens(entry: { kind: SearchKind; teamId: string; dossierId: string }): string {
  return `k${entry.kind} t${hex(entry.teamId)} d${hex(entry.dossierId)}`;
}

/** One FTS5 string per word, quoted (so no word is read as an operator); the last with * when a prefix. */
export function ftsMatchExpression(words: readonly string[], prefixLast: boolean): string {
  return words
    .map((w, i) => {
      const quoted = quote(w);
      return prefixLast && i === words.length - 1 && w.length >= 2 ? `${quoted}*` : quoted;
    })
    .join(' ');
}

/** The words, in the text columns only (never the meta tokens). */
export function wordsMatch(words: readonly string[], prefixLast: boolean): string {
  return `{text alt} : (${ftsMatchExpression(words, prefixLast)})`;
}

/** Entries of these teams or dossiers ('all': no restriction → null); '' when nothing is visible. */
export function visibleMatch(teamIds: readonly string[] | 'all', dossierIds: readonly string[]): string | null {
  if (teamIds === 'all') return null;
  const tokens = [...teamIds.map((t) => quote(`t${hex(t)}`)), ...dossierIds.map((d) => quote(`d${hex(d)}`))];
  return tokens.length ? `meta : (${tokens.join(' OR ')})` : '';
}

/** Entries of one of these kinds. */
export function kindsMatch(kinds: readonly SearchKind[]): string {
  return `meta : (${kinds.map((k) => quote(`k${k}`)).join(' OR ')})`;
}

/** The kinds grouped by weight, heaviest first (SI5: at equal text a name before a contact before …). */
export const KINDS_BY_WEIGHT: readonly (readonly SearchKind[])[] = (() => {
  const byWeight = new Map<number, SearchKind[]>();
  for (const [kind, w] of Object.entries(KIND_WEIGHT) as [SearchKind, number][]) {
    byWeight.set(w, [...(byWeight.get(w) ?? []), kind]);
  }
  return [...byWeight.entries()].sort((a, b) => b[0] - a[0]).map(([, kinds]) => kinds);
})();
