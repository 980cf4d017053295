import * as Y from 'yjs';
import { projectKnowledge } from '../../../src/lib/dossier-doc';
import type { SqliteDatabase } from './sqlite-database';

/**
 * Issue #9 knowledge at risk: fills `dossiers.knowledge` from each stored document for rows that have none
 * (written before it was projected). Runs inside its migration step's transaction, like
 * rebuildDossierSearch; one document decode per dossier (~0.2 ms for a demo dossier), once. A row without a
 * readable document stays NULL (read as "nothing known"); its next edit projects it.
 */
export function backfillDossierKnowledge(db: SqliteDatabase): void {
  const rows = db.prepare<[], { id: string }>('SELECT id FROM dossiers WHERE knowledge IS NULL').all();
  const snapshot = db.prepare<[string], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM doc_snapshots WHERE doc_id = ?'
  );
  const tail = db.prepare<[string, number], { data: Buffer }>(
    'SELECT data FROM doc_updates WHERE doc_id = ? AND seq > ? ORDER BY seq'
  );
  const update = db.prepare('UPDATE dossiers SET knowledge = ? WHERE id = ?');
  for (const { id } of rows) {
    const head = snapshot.get(id);
    const updates = [...(head ? [head.data] : []), ...tail.all(id, head?.seq ?? 0).map((r) => r.data)];
    if (updates.length === 0) continue;
    const doc = new Y.Doc();
    try {
      for (const u of updates) Y.applyUpdate(doc, u);
      update.run(JSON.stringify(projectKnowledge(doc)), id);
    } catch {
      // an unreadable document keeps NULL; the next edit projects it again
    } finally {
      doc.destroy();
    }
  }
}
