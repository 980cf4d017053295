import type { Db, Filter } from 'mongodb';
import type { SearchKind } from '../../../src/lib/contract';
import { KIND_WEIGHT, germanSpelling, highlightSnippet } from '../../kernel/search-match';
import type { SearchEntry, SearchIndex, SearchIndexHit } from '../../features/search/search-store';

/**
 * SearchIndex on a MongoDB text index (issue #11). Each entry is one document with its text and German
 * spelling (Straße → strasse) under one text index with `default_language: 'none'` (no stemming, no stop
 * words: names and addresses are not prose in one language). Version 3 text indexes ignore case and
 * diacritics. Limits against SQLite FTS5 (README "Search"):
 * - no prefix search: a $text term matches whole words only, so the as-you-type last word is completed by a
 *   bounded regex pass over the text matches of the other words, or by a prefix regex over the entries'
 *   folded words when it is the only word (that regex is anchored on `words`, an indexed array);
 * - ranking is MongoDB's textScore (term frequency weighted by field), times the kind weight;
 * - snippets are cut in the application (search-match.ts), not by the database.
 */

interface EntryDoc {
  _id: string;
  dossierId: string;
  teamId: string;
  kind: SearchKind;
  ref: string;
  at: number | null;
  text: string;
  alt: string;
  /** Folded distinct words of text and alt, for prefix matching (indexed). */
  words: string[];
}

const MARKS = /[\u0300-\u036f]/g;
const fold = (text: string) => text.normalize('NFD').replace(MARKS, '').replace(/ß/g, 'ss').toLowerCase();
const wordsOf = (text: string, alt: string) => [
  ...new Set(
    `${fold(text)} ${alt}`
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 0)
      .slice(0, 2000)
  )
];
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Candidates read for ranking in the application; more than any page of hits needs. */
const CANDIDATES = 300;

export async function ensureMongoSearchIndexes(db: Db): Promise<void> {
  const entries = db.collection<EntryDoc>('search_entries');
  await entries.createIndex(
    { text: 'text', alt: 'text' },
    { name: 'search_text', default_language: 'none', language_override: 'searchLanguage' }
  );
  await entries.createIndex({ dossierId: 1, kind: 1 });
  await entries.createIndex({ words: 1 });
}

const idOf = (e: Pick<SearchEntry, 'dossierId' | 'kind' | 'ref'>) => `${e.dossierId}|${e.kind}|${e.ref}`;
const toDoc = (e: SearchEntry): EntryDoc => {
  const alt = germanSpelling(e.text);
  return { _id: idOf(e), ...e, alt, words: wordsOf(e.text, alt) };
};

export function createMongoSearchIndex(db: Db): SearchIndex {
  const entries = db.collection<EntryDoc>('search_entries');
  const meta = db.collection<{ _id: string; value: number }>('search_meta');
  return {
    async replaceDossier({ dossierId, kinds, entries: list }) {
      // Not one transaction: a reader between the two steps sees the dossier's document entries missing for
      // a moment; the next save writes them again. The index is derived data.
      await entries.deleteMany({ dossierId, kind: { $in: [...kinds] } });
      if (list.length) await entries.insertMany(list.map(toDoc), { ordered: false });
    },
    async upsert(entry) {
      if (!entry.text.trim()) {
        await entries.deleteOne({ _id: idOf(entry) });
        return;
      }
      const doc = toDoc(entry);
      await entries.replaceOne({ _id: doc._id }, doc, { upsert: true });
    },
    async bulkInsert(list) {
      for (let i = 0; i < list.length; i += 5000) {
        await entries.insertMany(list.slice(i, i + 5000).map(toDoc), { ordered: false });
      }
    },
    async search(query): Promise<SearchIndexHit[]> {
      const { words, prefixLast } = query;
      if (words.length === 0) return [];
      const visible: Filter<EntryDoc> =
        query.teamIds === 'all'
          ? {}
          : { $or: [{ teamId: { $in: query.teamIds } }, { dossierId: { $in: [...query.dossierIds] } }] };
      const exact = prefixLast ? words.slice(0, -1) : words;
      const last = words[words.length - 1];
      let docs: Array<EntryDoc & { score?: number }>;
      if (exact.length > 0) {
        // Quoted terms are ANDed by $text; the prefix word is checked on the candidates.
        const search = exact.map((w) => `"${w.replace(/"/g, '')}"`).join(' ');
        docs = await entries
          .find({ $text: { $search: search }, ...visible }, { projection: { score: { $meta: 'textScore' } } })
          .sort({ score: { $meta: 'textScore' } })
          .limit(CANDIDATES)
          .toArray();
        if (prefixLast) docs = docs.filter((d) => d.words.some((w) => w.startsWith(last)));
      } else {
        docs = await entries
          .find({ words: { $regex: `^${escapeRegExp(last)}` }, ...visible })
          .limit(CANDIDATES)
          .toArray();
        for (const d of docs) d.score = 1 / (1 + d.text.length / 200);
      }
      return docs
        .map((d) => ({ d, rank: (d.score ?? 0) * KIND_WEIGHT[d.kind] }))
        .sort((a, b) => b.rank - a.rank)
        .slice(0, query.limit)
        .map(({ d }) => ({
          dossierId: d.dossierId,
          kind: d.kind,
          ref: d.ref,
          at: d.at,
          snippet: highlightSnippet(d.text, words, prefixLast)
        }));
    },
    async builtVersion() {
      return (await meta.findOne({ _id: 'built' }))?.value ?? 0;
    },
    async markBuilt(version) {
      await meta.updateOne({ _id: 'built' }, { $set: { value: version } }, { upsert: true });
    },
    async clear() {
      await entries.deleteMany({});
    }
  };
}
