import type { SearchKind } from '../../src/lib/contract';

/** Marks around a match in a snippet (control characters: never in indexed text, see search-fold.ts). */
export const MARK_START = '\u0002';
export const MARK_END = '\u0003';

/** search.rules.ts R4 (issue #11): kind weights multiplying the text score; a matching name goes on top. */
export const KIND_WEIGHT: Readonly<Record<SearchKind, number>> = {
  name: 4,
  contact: 2,
  field: 1.5,
  ticket: 1.2,
  note: 1,
  timeline: 1
};

/** The German spelling of a text (ä→ae, ö→oe, ü→ue, ß→ss), or '' when it has none of those letters. */
export function germanSpelling(text: string): string {
  if (!/[äöüÄÖÜß]/.test(text)) return '';
  return text
    .normalize('NFC')
    .replace(/[äÄ]/g, 'ae')
    .replace(/[öÖ]/g, 'oe')
    .replace(/[üÜ]/g, 'ue')
    .replace(/ß/g, 'ss')
    .toLowerCase();
}

/*
 * Matching and snippets of full-text search (issue #11), shared by the search feature and both index adapters.
 *
 * A snippet with marked matches, computed from the text itself: for the MongoDB adapter (which has no
 * snippet()) and for SQLite hits found only through the German spelling column (Straße found by "strasse").
 * It matches the way the index does (search-store.ts SI3): words at token starts, folded case and
 * accents, ä/ö/ü also as ae/oe/ue and ß as ss.
 */

const MARKS = /[\u0300-\u036f]/g;
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** Characters of context before the first match and of the whole excerpt (a palette row shows ~2 lines). */
const BEFORE = 40;
const LENGTH = 160;

function foldChar(c: string, german: boolean): string {
  const decomposed = c.normalize('NFD');
  if (german && /^[aouAOU]\u0308/.test(decomposed)) return `${decomposed[0].toLowerCase()}e`;
  return decomposed.replace(MARKS, '').replace(/ß/g, 'ss').toLowerCase();
}

/** The folded text and, for each of its characters, the index of the original character it came from. */
function foldWithOrigins(text: string, german: boolean): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const f = foldChar(text[i], german);
    for (const ch of f) {
      folded += ch;
      origin.push(i);
    }
  }
  return { folded, origin };
}

/** Ranges [start, end) of the original text that match one of the words (token starts; whole tokens unless prefix). */
export function matchRanges(text: string, words: readonly string[], prefixLast: boolean): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const german of [false, true]) {
    const { folded, origin } = foldWithOrigins(text, german);
    words.forEach((word, i) => {
      if (!word) return;
      const prefix = prefixLast && i === words.length - 1;
      let from = 0;
      for (;;) {
        const at = folded.indexOf(word, from);
        if (at < 0) break;
        from = at + 1;
        const end = at + word.length;
        if (at > 0 && WORD_CHAR.test(folded[at - 1])) continue;
        if (!prefix && end < folded.length && WORD_CHAR.test(folded[end])) continue;
        // Extend a prefix match to the end of its token, so the whole word shows highlighted.
        let stop = end;
        if (prefix) while (stop < folded.length && WORD_CHAR.test(folded[stop])) stop++;
        ranges.push([origin[at], origin[stop - 1] + 1]);
      }
    });
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** An excerpt around the first match with MARK_START/MARK_END around each match; the text's start if none. */
export function highlightSnippet(text: string, words: readonly string[], prefixLast: boolean): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  const ranges = matchRanges(clean, words, prefixLast);
  let start = ranges.length ? Math.max(0, ranges[0][0] - BEFORE) : 0;
  if (start > 0) {
    const space = clean.indexOf(' ', start);
    start = space >= 0 && space < ranges[0][0] ? space + 1 : start;
  }
  let end = Math.min(clean.length, start + LENGTH);
  // Never cut a match in two.
  for (const [a, b] of ranges) if (a < end && b > end) end = b;
  let out = start > 0 ? '…' : '';
  let pos = start;
  for (const [a, b] of ranges) {
    if (b <= start || a >= end) continue;
    out += clean.slice(pos, Math.max(a, start)) + MARK_START + clean.slice(Math.max(a, start), b) + MARK_END;
    pos = b;
  }
  out += clean.slice(pos, end) + (end < clean.length ? '…' : '');
  return out;
}

/** Whether a snippet has a marked match (SQLite's snippet() marks none when only the German column matched). */
export const hasMark = (snippet: string): boolean => snippet.includes(MARK_START);
