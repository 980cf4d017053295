/**
 * The request shapes of the dossier-list benchmark, and the search terms they use.
 *
 * Terms are chosen from the data actually inserted (seeded, so identical every run) rather than
 * hard-coded, so that "selective" really is selective and "many" really matches many, and the table can
 * print how many visible dossiers each term matches: a latency means little without its result size.
 */
import { dossierSearchText, matchesSearchWords, searchWords } from '../../server/kernel/search-text';
import type { Dossier } from '../../server/kernel/types';
import { createSeededRandom } from '../../server/seed/seeded-random';

export type ListQuery = Record<string, string>;

export interface ListCase {
  key: string;
  label: string;
  /** Visible dossiers matching the filter (all pages), e.g. "24,801" or "1–3 per term". */
  matches: string;
  /** Query for the next timed request. */
  next(): ListQuery;
  /** Gives the case the response of its last request (deep paging follows nextCursor). */
  feed(nextCursor: string | null): void;
}

/** A case that cycles through a fixed list of queries; every request asks for the first page. */
function rotating(key: string, label: string, matches: string, queries: ListQuery[]): ListCase {
  let i = 0;
  return { key, label, matches, next: () => queries[i++ % queries.length], feed: () => {} };
}

const fmt = (n: number) => n.toLocaleString('en-US');
const range = (counts: number[]) =>
  Math.min(...counts) === Math.max(...counts)
    ? fmt(counts[0])
    : `${fmt(Math.min(...counts))}–${fmt(Math.max(...counts))}`;

/**
 * Builds the cases for a user who sees `visible`. Each search case rotates through a few terms of the
 * same kind, so one lucky cached page cannot stand for the whole case.
 */
export function buildListCases(visible: Dossier[]): ListCase[] {
  const search = visible.map((d) => dossierSearchText(d));
  const matchesQ = (term: string) => {
    const words = searchWords(term);
    return search.reduce((n, s) => n + (matchesSearchWords(s, words) ? 1 : 0), 0);
  };

  // Selective: full company names of a few visible dossiers picked by a fixed seed (usually 1 hit each).
  const rng = createSeededRandom(7);
  const rare = Array.from({ length: 12 }, () => visible[rng.int(0, visible.length - 1)].company);
  // Many: legal forms and a common word, each matching thousands of the visible dossiers.
  const many = ['gmbh', 'gmbh & co', 'bau'];
  // Two characters: too short for the trigram index, so the store falls back to a substring scan.
  const twoCommon = ['er', 'ma', 'st'];
  const twoRare = rareBigrams(search);

  const tagCounts = new Map<string, number>();
  for (const d of visible) for (const t of d.tags) tagCounts.set(t, (tagCounts.get(t) ?? 0) + 1);
  const tagsByCount = [...tagCounts.entries()].sort((a, b) => b[1] - a[1]);
  const commonTags = tagsByCount.slice(0, 3);
  // Smallest tags that still fill several pages: these take the store's tag-table path (< 2000 rows).
  const smallTags = tagsByCount.filter(([, n]) => n < 2000 && n >= 100).slice(0, 3);

  let cursor: string | null = null;
  const deep: ListCase = {
    key: 'deep_pages',
    label: '(b) deep pages via nextCursor',
    matches: fmt(visible.length),
    // Follows the cursor page after page (50 rows each); restarts at page 1 if the end is reached.
    next: (): ListQuery => (cursor ? { limit: '50', cursor } : { limit: '50' }),
    feed: (next) => {
      cursor = next;
    }
  };

  const cases: ListCase[] = [
    rotating('first_page', '(a) no search, first page', fmt(visible.length), [{ limit: '50' }]),
    deep,
    rotating(
      'q_many',
      '(c) q matches many',
      range(many.map(matchesQ)),
      many.map((q) => ({ q, limit: '50' }))
    ),
    rotating(
      'q_selective',
      '(d) q selective (company name)',
      range(rare.map(matchesQ)),
      rare.map((q) => ({ q, limit: '50' }))
    ),
    rotating(
      'q_2char',
      '(e) q 2 chars, common',
      range(twoCommon.map(matchesQ)),
      twoCommon.map((q) => ({ q, limit: '50' }))
    ),
    rotating(
      'q_2char_rare',
      '(e) q 2 chars, rare',
      range(twoRare.map(matchesQ)),
      twoRare.map((q) => ({ q, limit: '50' }))
    ),
    rotating(
      'tag_common',
      '(f) tag, common',
      range(commonTags.map(([, n]) => n)),
      commonTags.map(([tag]) => ({ tag, limit: '50' }))
    )
  ];
  if (smallTags.length > 0) {
    cases.push(
      rotating(
        'tag_small',
        '(f) tag, < 2000 rows',
        range(smallTags.map(([, n]) => n)),
        smallTags.map(([tag]) => ({ tag, limit: '50' }))
      )
    );
  }
  cases.push(
    rotating('sort_updated', '(g) sort=updated, first page', fmt(visible.length), [{ sort: 'updated', limit: '50' }]),
    rotating(
      'sort_updated_q',
      '(g) sort=updated + q many',
      range(many.map(matchesQ)),
      many.map((q) => ({ q, sort: 'updated', limit: '50' }))
    )
  );
  return cases;
}

/**
 * Three letter pairs that occur in the data but rarely (20–500 visible dossiers): what a user gets when
 * typing the start of an unusual name. Too few hits to fill a page from the first rows in sort order,
 * so the store must look at every row in scope (the worst case for short terms).
 */
function rareBigrams(search: string[]): string[] {
  const counts = new Map<string, number>();
  for (const s of search) {
    const seen = new Set<string>();
    for (let i = 0; i + 2 <= s.length; i++) {
      const pair = s.slice(i, i + 2);
      if (/^[a-z]{2}$/.test(pair)) seen.add(pair);
    }
    for (const pair of seen) counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  const pool = [...counts.entries()]
    .filter(([, n]) => n >= 20 && n <= 500)
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  if (pool.length === 0) return ['qx'];
  return [0, 0.5, 1].map((f) => pool[Math.round(f * (pool.length - 1))][0]);
}

export const toPath = (query: ListQuery) => `/api/dossiers?${new URLSearchParams(query).toString()}`;
