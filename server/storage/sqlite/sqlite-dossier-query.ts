import type { DossierSort } from '../../../src/lib/contract';

/**
 * How one list query finds its rows.
 * - 'walk': follow the sort index from the cursor, testing each row; stops after `limit` hits. Used when
 *   only scope and cursor constrain (every row is a hit).
 * - 'probe': a walk over at most @probe rows. If it fills the page the page is exact (every row past the
 *   window sorts later); otherwise the caller falls back to 'scan'. This keeps dense filters at ~1 ms.
 * - 'scan': filter everything in scope and top-N sort. ORDER BY is written so no index can serve it,
 *   because SQLite would otherwise favour an ordered index walk that reads the whole table for rare hits
 *   (a walk costs ~0.8 µs per row in random lookups, a table scan ~0.2 µs).
 * - 'fts' / 'tag': start from the rows the trigram index or the tag table names, then sort them;
 *   chosen when that set is small.
 * - 'owner': walk the owner's index range (one person's dossiers: a few thousand at most).
 */
export type Driver = 'walk' | 'probe' | 'scan' | 'fts' | 'tag' | 'owner';

export interface QueryShape {
  sort: DossierSort;
  driver: Driver;
  /** 'one': team_id = @team (walked per team and merged by the caller); 'many': IN json_each(@teams). */
  scope: 'one' | 'many' | 'all';
  /** How many query words get a substring test on the folded search column, @q0 … (FTS hits are only candidates). */
  words: number;
  tag: boolean;
  stage: boolean;
  owner: boolean;
  cursor: boolean;
}

export const shapeKey = (s: QueryShape): string =>
  [s.sort, s.driver, s.scope, s.words, s.tag, s.stage, s.owner, s.cursor].map(String).join('|');

export const DOSSIER_COLUMNS =
  'd.id, d.team_id, d.owner_id, d.company, d.company_sort, d.street, d.postal_code, d.city, d.industry, d.stage, d.tags, ' +
  'd.contact_names, d.created_at, d.created_by, d.updated_at, d.key_account_manager_id, d.stand_in_ids, d.knowledge';

/**
 * Builds the SQL for a shape. Parameters are named: @team/@teams, @match, @q0…, @tag, @stage, @owner,
 * @ckey, @cid, @probe, @limit. CROSS JOIN pins the join order (SQLite never reorders it), which is how
 * the 'fts' and 'tag' drivers make the planner start from the small set.
 */
export function buildListSql(s: QueryShape): string {
  const scope =
    s.scope === 'one'
      ? 'd.team_id = @team'
      : s.scope === 'many'
        ? 'd.team_id IN (SELECT value FROM json_each(@teams))'
        : null;
  const cursor = !s.cursor
    ? null
    : s.sort === 'name'
      ? '(d.company_sort, d.id) > (@ckey, @cid)'
      : // the first term is a plain range the index can seek to; the second breaks ties by id
        '(d.updated_at <= @ckey AND (d.updated_at < @ckey OR d.id > @cid))';
  const filters: string[] = [];
  if (s.stage) filters.push('d.stage = @stage');
  if (s.owner) filters.push('d.owner_id = @owner');
  if (s.tag && s.driver !== 'tag') {
    filters.push('EXISTS (SELECT 1 FROM dossier_tags t WHERE t.tag = @tag AND t.dossier_seq = d.seq)');
  }
  for (let i = 0; i < s.words; i++) filters.push(`instr(d.search, @q${i}) > 0`);
  const order = s.sort === 'name' ? 'd.company_sort, d.id' : 'd.updated_at DESC, d.id';
  const where = (terms: Array<string | null>) => {
    const list = terms.filter((t): t is string => t !== null);
    return list.length > 0 ? ` WHERE ${list.join(' AND ')}` : '';
  };

  if (s.driver === 'probe') {
    // A team IN-list cannot be an index prefix, so 'many' walks the global index and filters outside.
    const inner =
      `SELECT * FROM dossiers d${where([s.scope === 'one' ? scope : null, cursor])}` +
      ` ORDER BY ${order} LIMIT @probe`;
    return (
      `SELECT ${DOSSIER_COLUMNS} FROM (${inner}) d` +
      `${where([s.scope === 'many' ? scope : null, ...filters])} ORDER BY ${order} LIMIT @limit`
    );
  }
  let from = 'dossiers d';
  const join: string[] = [];
  if (s.driver === 'fts') {
    from = '(SELECT rowid AS seq FROM dossier_fts WHERE dossier_fts MATCH @match) m CROSS JOIN dossiers d';
    join.push('d.seq = m.seq');
  } else if (s.driver === 'owner') {
    from = 'dossiers d INDEXED BY dossiers_owner';
  } else if (s.driver === 'scan') {
    // With a search term, scan the narrow (team_id, search) index: the substring test runs on index entries
    // and only matching rows are fetched. Without one, read the table sequentially: a team condition would
    // otherwise make SQLite walk the team index with a random lookup per row (~60 ms for a 50k team, where a
    // sequential read of 100k rows takes ~20 ms).
    from = s.words > 0 ? 'dossiers d INDEXED BY dossiers_team_search' : 'dossiers d NOT INDEXED';
  } else if (s.driver === 'tag') {
    from = 'dossier_tags t CROSS JOIN dossiers d';
    join.push('t.tag = @tag', 'd.seq = t.dossier_seq');
  }
  // `|| ''` and `+ 0` make the sort keys expressions, which no index can deliver in order.
  const scanOrder = s.sort === 'name' ? "d.company_sort || '', d.id" : 'd.updated_at + 0 DESC, d.id';
  return (
    `SELECT ${DOSSIER_COLUMNS} FROM ${from}${where([...join, scope, cursor, ...filters])}` +
    ` ORDER BY ${s.driver === 'scan' ? scanOrder : order} LIMIT @limit`
  );
}

/** Trigram terms across all words of a query: enough to be selective, cheap to intersect. */
const MAX_TRIGRAMS = 12;

/**
 * FTS5 MATCH expression for the folded query words of at least 3 characters: their distinct trigrams AND-ed,
 * null when no word is that long. (Phrase queries need detail=full, which doubles the index; the caller
 * re-checks hits with instr().) A long query uses an even spread of each word's trigrams, at most
 * MAX_TRIGRAMS in all and at least 2 per word, so every word narrows the candidates.
 */
export function trigramMatch(words: readonly string[]): string | null {
  const long = words.map((w) => [...w]).filter((chars) => chars.length >= 3);
  if (long.length === 0) return null;
  const perWord = Math.max(2, Math.floor(MAX_TRIGRAMS / long.length));
  const picked = new Set<string>();
  for (const chars of long) {
    const grams = new Set<string>();
    for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(''));
    let list = [...grams];
    if (list.length > perWord) {
      const step = (list.length - 1) / (perWord - 1);
      list = Array.from({ length: perWord }, (_, i) => list[Math.round(i * step)]);
    }
    for (const g of list) picked.add(g);
  }
  return [...picked].map((g) => `"${g.replace(/"/g, '""')}"`).join(' AND ');
}
