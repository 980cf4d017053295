import { companySortKey, dossierSearchText } from '../../kernel/search-text';
import type { Dossier } from '../../kernel/types';
import type { SqliteDatabase } from './open-sqlite-database';

/**
 * Inserts one dossier row with its tag rows and search index entry, inside the caller's transaction. Shared
 * by the dossier store and by the intake store, which writes a lead's dossier in the lead's transaction.
 */
export function createSqliteDossierInsert(db: SqliteDatabase): (dossier: Dossier) => void {
  const insert = db.prepare(
    `INSERT INTO dossiers (id, team_id, owner_id, company, company_sort, street, postal_code, city, industry,
       stage, tags, contact_names, search, created_at, created_by, updated_at, key_account_manager_id, stand_in_ids,
       knowledge)
     VALUES (@id, @teamId, @ownerId, @company, @companySort, @street, @postalCode, @city, @industry,
       @stage, @tags, @contactNames, @search, @createdAt, @createdBy, @updatedAt, @keyAccountManagerId, @standInIds,
       @knowledge)`
  );
  const insertTag = db.prepare('INSERT OR IGNORE INTO dossier_tags (tag, dossier_seq) VALUES (?, ?)');
  const insertFts = db.prepare('INSERT INTO dossier_fts (rowid, search) VALUES (?, ?)');
  return (d) => {
    const search = dossierSearchText(d);
    const seq = insert.run({
      ...d,
      companySort: companySortKey(d.company),
      tags: JSON.stringify(d.tags),
      contactNames: JSON.stringify(d.contactNames),
      standInIds: JSON.stringify(d.standInIds),
      knowledge: d.knowledge ? JSON.stringify(d.knowledge) : null,
      search
    }).lastInsertRowid;
    for (const tag of d.tags) insertTag.run(tag, seq);
    insertFts.run(seq, search);
  };
}
