import { randomUUID } from 'node:crypto';
import type { ImportedDossier, ImportStore } from '../../features/segments/import-store';
import { DomainError } from '../../kernel/domain-error';
import { companySortKey, dossierSearchText } from '../../kernel/search-text';
import type { Dossier } from '../../kernel/types';
import type { SqliteDatabase } from './open-sqlite-database';
import { createSqliteEventWriter } from './sqlite-activity-store';
import { withConflict } from './sqlite-errors';
import { sqliteWriteHooks } from './sqlite-write-hooks';
import { createSqliteVersionInsert } from './sqlite-version-store';

/** Rows staged per short transaction; the event loop is yielded between slices (≈ 10–20 ms of work each). */
const SLICE = 250;
/**
 * Staged rows take dossier seqs this far above every seq in use, so dossiers created meanwhile (max(seq) + 1)
 * never meet them: the trigram index row of a staged dossier is written under its final seq.
 */
const SEQ_GAP = 1_000_000;

const STAGED_COLUMNS = `seq, id, team_id, owner_id, company, company_sort, street, postal_code, city, industry, stage,
  tags, contact_names, search, created_at, created_by, updated_at, key_account_manager_id, stand_in_ids, knowledge`;

const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * CSV imports in SQLite (ImportStore IM1–IM2), staged so that no single transaction blocks the event loop for
 * long (a 10,000-row import in one transaction held it for 2–8 s; issue #11):
 *
 * 1. Staging, in slices of SLICE rows, each its own short transaction with a yield between: every row's
 *    document (doc_updates + doc_heads), "created" version, search entries (the SearchIndex SI8 hook) and
 *    trigram row (dossier_fts, under a seq reserved above SEQ_GAP) are written where they will live, and the
 *    dossier row itself into `import_staged_dossiers`. None of it is reachable yet: every read goes through
 *    the dossier row (lists, segments, the Yjs/document routes check the dossier; search drops hits whose
 *    dossier does not exist — "the record decides"), and the ids are fresh. A row whose id is taken (a dossier
 *    or a document with that id) fails its slice.
 * 2. One final transaction moves the rows set-based (INSERT … SELECT into dossiers and dossier_tags) and
 *    writes the events: from here on everything is visible at once (IM2). The staging rows are then deleted
 *    in slices (a published row is recognised by its dossier having the staged seq).
 *    Progress (IM3) is reported after every staged slice.
 * 3. A failure in 1 or 2 removes everything staged (in slices, yielding); a process that stops mid-import
 *    leaves staged rows behind, which the store removes with their writes when it opens.
 *
 * What a reader may notice while an import stages: a search for a very frequent word ranks among its newest
 * RANK_WINDOW matches (sqlite-search-index.ts R5), and staged entries are among those until the commit.
 */
export function createSqliteImportStore(db: SqliteDatabase): ImportStore {
  const insertVersion = createSqliteVersionInsert(db);
  const writeEvents = createSqliteEventWriter(db);
  const hooks = sqliteWriteHooks(db);
  const selectIdentities = db.prepare<[string], { id: string; company: string; city: string }>(
    'SELECT id, company, city FROM dossiers WHERE team_id = ?'
  );
  const dossierExists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM dossiers WHERE id = ?');
  const topSeq = db.prepare<[], { top: number | null }>(
    `SELECT max(coalesce((SELECT max(seq) FROM dossiers), 0), coalesce((SELECT max(seq) FROM import_staged_dossiers), 0)) AS top`
  );
  // A plain INSERT: a document that already exists under this id is a taken id (unique violation → conflict).
  const insertHead = db.prepare<[string, number]>(
    'INSERT INTO doc_heads (doc_id, last_seq, tail_count, tail_bytes) VALUES (?, 1, 1, ?)'
  );
  const insertUpdate = db.prepare<[string, Buffer]>('INSERT INTO doc_updates (doc_id, seq, data) VALUES (?, 1, ?)');
  const insertFts = db.prepare<[number, string]>('INSERT INTO dossier_fts (rowid, search) VALUES (?, ?)');
  const stageRow = db.prepare(
    `INSERT INTO import_staged_dossiers (import_id, ${STAGED_COLUMNS})
     VALUES (@importId, @seq, @id, @teamId, @ownerId, @company, @companySort, @street, @postalCode, @city, @industry,
       @stage, @tags, @contactNames, @search, @createdAt, @createdBy, @updatedAt, @keyAccountManagerId, @standInIds,
       @knowledge)`
  );
  // The final transaction's main cost (≈ 100 ms CPU for 10,000 rows: the dossier row's ten indexes).
  const moveDossiers = db.prepare<[string]>(
    `INSERT INTO dossiers (${STAGED_COLUMNS})
     SELECT ${STAGED_COLUMNS} FROM import_staged_dossiers WHERE import_id = ? ORDER BY seq`
  );
  const moveTags = db.prepare<[string]>(
    `INSERT OR IGNORE INTO dossier_tags (tag, dossier_seq)
     SELECT t.value, s.seq FROM import_staged_dossiers s, json_each(s.tags) t WHERE s.import_id = ?`
  );

  // Removing staged rows. A row whose dossier exists under its seq was published: only the staging row goes.
  // Otherwise the import failed or was abandoned and what it wrote goes too — unless a dossier with that id
  // exists under another seq (created meanwhile: a staged id was checked free when staged), whose documents
  // and search entries are then left alone.
  const stagedSlice = db.prepare<[number], { import_id: string; seq: number; id: string }>(
    'SELECT import_id, seq, id FROM import_staged_dossiers ORDER BY import_id, seq LIMIT ?'
  );
  const stagedSliceOf = db.prepare<[string, number], { import_id: string; seq: number; id: string }>(
    'SELECT import_id, seq, id FROM import_staged_dossiers WHERE import_id = ? ORDER BY seq LIMIT ?'
  );
  const unstage = [
    db.prepare<[string]>('DELETE FROM doc_updates WHERE doc_id = ?'),
    db.prepare<[string]>('DELETE FROM doc_heads WHERE doc_id = ?'),
    db.prepare<[string]>('DELETE FROM doc_versions WHERE doc_id = ?'),
    db.prepare<[string]>('DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_entries WHERE dossier_id = ?)'),
    db.prepare<[string]>('DELETE FROM search_entries WHERE dossier_id = ?')
  ];
  const deleteFts = db.prepare<[number]>('DELETE FROM dossier_fts WHERE rowid = ?');
  const deleteStagedRow = db.prepare<[string, number]>(
    'DELETE FROM import_staged_dossiers WHERE import_id = ? AND seq = ?'
  );
  const seqOf = db.prepare<[string], { seq: number }>('SELECT seq FROM dossiers WHERE id = ?');
  const discard = db.transaction((rows: ReadonlyArray<{ import_id: string; seq: number; id: string }>) => {
    for (const row of rows) {
      const live = seqOf.get(row.id)?.seq;
      if (live !== row.seq) {
        if (live === undefined) for (const statement of unstage) statement.run(row.id);
        deleteFts.run(row.seq);
      }
      deleteStagedRow.run(row.import_id, row.seq);
    }
  });

  const stage = db.transaction(
    (importId: string, firstSeq: number | null, rows: readonly ImportedDossier[]): number => {
      let seq = firstSeq ?? (topSeq.get()?.top ?? 0) + SEQ_GAP;
      const start = seq;
      for (const { dossier: d, document, version } of rows) {
        if (dossierExists.get(d.id)) throw new DomainError('conflict', 'a dossier already exists');
        insertHead.run(d.id, document.byteLength);
        insertUpdate.run(d.id, toBuffer(document));
        insertVersion(version);
        const search = dossierSearchText(d);
        stageRow.run({
          ...d,
          importId,
          seq,
          companySort: companySortKey(d.company),
          tags: JSON.stringify(d.tags),
          contactNames: JSON.stringify(d.contactNames),
          standInIds: JSON.stringify(d.standInIds),
          knowledge: d.knowledge ? JSON.stringify(d.knowledge) : null,
          search
        });
        insertFts.run(seq, search);
        seq++;
      }
      // The slice's search entries (SearchIndex SI8): written with it, unreachable until the dossiers are.
      const dossiers: Dossier[] = rows.map((r) => r.dossier);
      for (const hook of hooks.imported) hook(dossiers);
      return start + rows.length;
    }
  );

  const publish = db.transaction((importId: string, events: Parameters<ImportStore['commit']>[0]['events']) => {
    moveDossiers.run(importId);
    moveTags.run(importId);
    writeEvents(events);
  });

  /** Removes an import's staging rows in short slices (after a publish: only those rows; after a failure: its writes). */
  async function discardImport(importId: string): Promise<void> {
    for (;;) {
      const rows = stagedSliceOf.all(importId, SLICE);
      if (rows.length === 0) return;
      discard(rows);
      await nextTick();
    }
  }

  // Whatever a previous process staged and never published (it stopped mid-import): removed before use.
  for (let rows = stagedSlice.all(SLICE); rows.length > 0; rows = stagedSlice.all(SLICE)) discard(rows);

  return {
    async identities(teamId) {
      return selectIdentities.all(teamId);
    },
    async commit(options) {
      const importId = randomUUID();
      try {
        let seq: number | null = null;
        const total = options.dossiers.length;
        for (let i = 0; i < total; i += SLICE) {
          if (i > 0) await nextTick();
          seq = withConflict('a dossier', () => stage(importId, seq, options.dossiers.slice(i, i + SLICE)));
          // IM3: after each slice. The last report (every row staged) comes before the publish: the caller
          // must not read it as "committed" — that is when commit resolves.
          await options.onProgress?.(Math.min(i + SLICE, total));
        }
        await nextTick();
        withConflict('a dossier', () => publish(importId, options.events));
      } catch (error) {
        await discardImport(importId);
        throw error;
      }
      // Published: the staging rows are dead weight, dropped in slices (a stop before that: dropped on open),
      // starting in a later task so the publish's task stays as short as it is.
      await nextTick();
      await discardImport(importId);
    }
  };
}
