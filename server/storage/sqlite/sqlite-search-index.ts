import type { SearchKind } from '../../../src/lib/contract';
import { KIND_WEIGHT, germanSpelling, hasMark, highlightSnippet } from '../../kernel/search-match';
import type {
  SearchChange,
  SearchEntry,
  SearchIndex,
  SearchIndexHit,
  SearchIndexQuery
} from '../../features/search/search-store';
import type { SqliteDatabase } from './sqlite-database';
import { sqliteWriteHooks } from './sqlite-write-hooks';

/**
 * SearchIndex on SQLite FTS5 (issue #11). `search_fts` holds each entry's text (column 0, snippet() reads
 * it) and its German spelling (column 1, only when it differs: Straße → strasse), tokenised by unicode61
 * with remove_diacritics 2 (case- and accent-free), with its dossier, team and kind as UNINDEXED columns
 * (ranking and visibility read only the FTS row); `search_entries` maps (dossier, kind, ref) to the rowid. Prefix indexes of 2–4 characters keep as-you-type prefixes ("mül*") from scanning every term.
 * Ranking is bm25 times the kind weight (search.rules.ts R4), bounded for very frequent words (R5 below);
 * snippets are computed only for the hits
 * returned, not for every match (a frequent word matches tens of thousands of entries in the benchmark).
 */

/**
 * R5: FTS5's bm25 first counts, for every query word, all rows containing it (its idf) — a walk over the
 * word's whole doclist — and scores every match before the best are picked: a word in most entries (hundreds
 * of thousands in the benchmark) took 250–500 ms. Such a word says little about relevance anyway (its idf is
 * near zero), so a query with more than RANK_WINDOW matches is ranked by kind weight and recency among its
 * newest RANK_WINDOW matches (entries are re-inserted when they change, so recent edits, timeline entries and
 * tickets come first); with fewer matches the bm25 order is exact.
 */
// 2,000, not 5,000: reading the window's rows (team and kind of each match) is the cost of a frequent word:
// 25–50 ms for 5,000 alone and 150–280 ms p95 over HTTP on the loaded 2-core bench machine (benchmark 10).
// A rep sees about half of them, still far more candidates than the 30 hits shown.
export const RANK_WINDOW = 2000;

interface TopRow {
  rid: number;
  dossier_id: string;
  kind: SearchKind;
  ref: string;
  at: number | null;
}

const weightCase = `CASE kind ${Object.entries(KIND_WEIGHT)
  .map(([kind, w]) => `WHEN '${kind}' THEN ${w}`)
  .join(' ')} ELSE 1 END`;

/** One FTS5 string per word, quoted (so no word is read as an operator); the last with * when a prefix. */
export function ftsMatchExpression(words: readonly string[], prefixLast: boolean): string {
  return words
    .map((w, i) => {
      const quoted = `"${w.replace(/"/g, '""')}"`;
      return prefixLast && i === words.length - 1 && w.length >= 2 ? `${quoted}*` : quoted;
    })
    .join(' ');
}

export function createSqliteSearchIndex(db: SqliteDatabase): SearchIndex {
  const insertEntry = db.prepare<[string, string, string, string, number | null]>(
    'INSERT INTO search_entries (dossier_id, team_id, kind, ref, at) VALUES (?, ?, ?, ?, ?)'
  );
  const insertFts = db.prepare<[number | bigint, string, string, string, string, string, string, number | null]>(
    'INSERT INTO search_fts (rowid, text, alt, dossier_id, team_id, kind, ref, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
  );
  const deleteFts = db.prepare<[number]>('DELETE FROM search_fts WHERE rowid = ?');
  const deleteEntry = db.prepare<[number]>('DELETE FROM search_entries WHERE id = ?');
  const findOne = db.prepare<[string, string, string], { id: number }>(
    'SELECT id FROM search_entries WHERE dossier_id = ? AND kind = ? AND ref = ?'
  );
  const ofDossier = db.prepare<[string], { id: number; kind: SearchKind }>(
    'SELECT id, kind FROM search_entries WHERE dossier_id = ?'
  );
  // R5: the rowid of the RANK_WINDOW-th newest match, if there are that many (a doclist walk, no content read).
  const windowStart = db.prepare<[string], { rid: number }>(
    `SELECT rowid AS rid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ${RANK_WINDOW - 1}`
  );
  const visible = `(? = 1 OR team_id IN (SELECT value FROM json_each(?)) OR dossier_id IN (SELECT value FROM json_each(?)))`;
  const ranked = db.prepare<[string, number, string, string, number], TopRow>(`
    SELECT rowid AS rid, dossier_id, kind, ref, at
    FROM search_fts
    WHERE search_fts MATCH ? AND ${visible}
    ORDER BY bm25(search_fts, 1.0, 1.0) * ${weightCase}
    LIMIT ?`);
  // Ordered by rowid only: FTS5 then walks the window from its newest end (0.2 ms for 5,000 rowids); ordering
  // by the kind weight in SQL made it read every match (100 ms). The weight is applied in JS below.
  // Visibility too is checked in JS here: the json_each subqueries of `visible` cost 100 ms per 5,000 rows.
  const newest = db.prepare<[string, number], TopRow & { team_id: string }>(`
    SELECT rowid AS rid, dossier_id, team_id, kind, ref, at
    FROM search_fts
    WHERE search_fts MATCH ? AND rowid >= ?
    ORDER BY rowid DESC
    LIMIT ${RANK_WINDOW}`);
  const snippetOf = db.prepare<[string, number], { snip: string; text: string }>(
    "SELECT snippet(search_fts, 0, char(2), char(3), '…', 24) AS snip, text FROM search_fts WHERE search_fts MATCH ? AND rowid = ?"
  );
  const readMeta = db.prepare<[], { value: number }>("SELECT value FROM search_meta WHERE key = 'built'");
  const writeMeta = db.prepare<[number]>(
    "INSERT INTO search_meta (key, value) VALUES ('built', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
  );

  const add = (e: SearchEntry) => {
    const id = insertEntry.run(e.dossierId, e.teamId, e.kind, e.ref, e.at).lastInsertRowid;
    insertFts.run(id, e.text, germanSpelling(e.text), e.dossierId, e.teamId, e.kind, e.ref, e.at);
  };
  const remove = (id: number) => {
    deleteFts.run(id);
    deleteEntry.run(id);
  };

  const replaceIn = (dossierId: string, kinds: readonly SearchKind[], entries: readonly SearchEntry[]) => {
    for (const row of ofDossier.all(dossierId)) if (kinds.includes(row.kind)) remove(row.id);
    for (const e of entries) add(e);
  };
  const upsertIn = (e: SearchEntry) => {
    const found = findOne.get(e.dossierId, e.kind, e.ref);
    if (found) remove(found.id);
    if (e.text.trim()) add(e);
  };
  const replaceDossier = db.transaction(replaceIn);
  const upsert = db.transaction(upsertIn);
  /** SI8: applied inside the caller's transaction (no transaction of its own). */
  const apply = (changes: readonly SearchChange[]) => {
    for (const c of changes) {
      if (c.op === 'replace') replaceIn(c.dossierId, c.kinds, c.entries);
      else upsertIn(c.entry);
    }
  };
  const teamOfDossier = db.prepare<[string], { team_id: string }>('SELECT team_id FROM dossiers WHERE id = ?');
  const teamOf = (dossierId: string) => teamOfDossier.get(dossierId)?.team_id ?? null;
  const bulk = db.transaction((entries: readonly SearchEntry[]) => {
    for (const e of entries) add(e);
  });

  return {
    async replaceDossier({ dossierId, kinds, entries }) {
      replaceDossier(dossierId, kinds, entries);
    },
    async upsert(entry) {
      upsert(entry);
    },
    async bulkInsert(entries) {
      bulk(entries);
    },
    async search(query: SearchIndexQuery): Promise<SearchIndexHit[]> {
      if (query.words.length === 0) return [];
      const match = ftsMatchExpression(query.words, query.prefixLast);
      const from = windowStart.get(match)?.rid;
      const teams = query.teamIds === 'all' ? null : new Set(query.teamIds);
      const covered = new Set(query.dossierIds);
      const scope = [
        query.teamIds === 'all' ? 1 : 0,
        JSON.stringify(query.teamIds === 'all' ? [] : query.teamIds),
        JSON.stringify(query.dossierIds)
      ] as const;
      const rows =
        from === undefined
          ? ranked.all(match, ...scope, query.limit)
          : newest
              .all(match, from)
              .filter((row) => teams === null || teams.has(row.team_id) || covered.has(row.dossier_id))
              .sort((a, b) => KIND_WEIGHT[b.kind] - KIND_WEIGHT[a.kind] || b.rid - a.rid)
              .slice(0, query.limit);
      return rows.map((row) => {
        const found = snippetOf.get(match, row.rid);
        // snippet() marks only what column 0 matched: with umlauts or ß the German column may have matched
        // ("mueller", "strasse"), so the match is marked by the application, the same way.
        const text = found?.text ?? '';
        const snippet =
          found && hasMark(found.snip) && !germanSpelling(text)
            ? found.snip
            : highlightSnippet(text, query.words, query.prefixLast);
        return { dossierId: row.dossier_id, kind: row.kind, ref: row.ref, at: row.at, snippet };
      });
    },
    async builtVersion() {
      return readMeta.get()?.value ?? 0;
    },
    async markBuilt(version) {
      // A finished build is merged into one b-tree per term ('optimize'): bulk loads leave many segments,
      // and every query walks each segment's doclist for its words.
      db.exec("INSERT INTO search_fts (search_fts) VALUES ('optimize')");
      writeMeta.run(version);
    },
    indexInWrites(projector) {
      const hooks = sqliteWriteHooks(db);
      hooks.event.push((event) => apply(projector.event(event, teamOf)));
      hooks.imported.push((dossiers) => apply(projector.imported(dossiers)));
    },
    async clear() {
      db.exec('DELETE FROM search_entries; DELETE FROM search_fts;');
    }
  };
}
