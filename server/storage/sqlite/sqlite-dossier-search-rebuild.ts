import * as Y from 'yjs';
import { projectDossier } from '../../../src/lib/dossier-doc';
import { companySortKey, dossierSearchText } from '../../kernel/search-text';
import type { SqliteDatabase } from './sqlite-database';

interface Row {
  seq: number;
  id: string;
  company: string;
  street: string;
  postal_code: string;
  city: string;
  industry: string;
  tags: string;
  contact_names: string;
}

/**
 * Recomputes every dossier's derived columns (company_sort, search) and its trigram index entry with the
 * current rules, and fills street and postal_code from the stored document where the row has none yet
 * (rows written before those were projected). A migration step calls it whenever the search or order rules
 * change; it runs inside the step's transaction. Cost: one document decode per dossier with a document
 * (~0.2 ms for a demo dossier), once.
 */
export function rebuildDossierSearch(db: SqliteDatabase): void {
  const rows = db
    .prepare<[], Row>(
      'SELECT seq, id, company, street, postal_code, city, industry, tags, contact_names FROM dossiers ORDER BY seq'
    )
    .all();
  const snapshot = db.prepare<[string], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM doc_snapshots WHERE doc_id = ?'
  );
  const tail = db.prepare<[string, number], { data: Buffer }>(
    'SELECT data FROM doc_updates WHERE doc_id = ? AND seq > ? ORDER BY seq'
  );
  const update = db.prepare(
    'UPDATE dossiers SET street = @street, postal_code = @postalCode, company_sort = @companySort, search = @search WHERE seq = @seq'
  );
  const insertFts = db.prepare('INSERT INTO dossier_fts (rowid, search) VALUES (?, ?)');
  db.exec("INSERT INTO dossier_fts (dossier_fts) VALUES ('delete-all')");

  const address = (id: string): { street: string; postalCode: string } | null => {
    const head = snapshot.get(id);
    const updates = [...(head ? [head.data] : []), ...tail.all(id, head?.seq ?? 0).map((r) => r.data)];
    if (updates.length === 0) return null;
    const doc = new Y.Doc();
    try {
      for (const u of updates) Y.applyUpdate(doc, u);
      const { street, postalCode } = projectDossier(doc);
      return { street, postalCode };
    } catch {
      return null; // an unreadable document keeps its row as it was; the next edit projects it again
    } finally {
      doc.destroy();
    }
  };

  const changes: Array<Record<string, unknown>> = [];
  for (const row of rows) {
    const fromDoc = row.street || row.postal_code ? null : address(row.id);
    const street = fromDoc?.street ?? row.street;
    const postalCode = fromDoc?.postalCode ?? row.postal_code;
    const search = dossierSearchText({
      company: row.company,
      street,
      postalCode,
      city: row.city,
      industry: row.industry,
      tags: JSON.parse(row.tags) as string[],
      contactNames: JSON.parse(row.contact_names) as string[]
    });
    changes.push({ seq: row.seq, street, postalCode, companySort: companySortKey(row.company), search });
  }
  for (const change of changes) {
    update.run(change);
    insertFts.run(change.seq, change.search);
  }
}
