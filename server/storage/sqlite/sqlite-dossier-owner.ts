import { DomainError } from '../../kernel/domain-error';
import type { SqliteDatabase } from './open-sqlite-database';

/** A conditional owner move (DossierStore DS14): only while the owner is still `expectedOwnerId`. */
export interface OwnerChange {
  id: string;
  expectedOwnerId: string;
  ownerId: string;
  updatedAt: number;
}

/**
 * Moves a dossier to its new owner inside the caller's transaction: true when moved, false for an unknown
 * dossier; another owner (a concurrent change won) throws 'conflict', so the caller's transaction rolls back.
 * Shared by the dossier store (DS14) and the hand-off store, which writes a permanent hand-off and its owner
 * change in one transaction (HandoffStore HO12).
 */
export function createSqliteOwnerChange(db: SqliteDatabase): (change: OwnerChange) => boolean {
  const update = db.prepare(
    `UPDATE dossiers SET owner_id = @ownerId, updated_at = @updatedAt WHERE id = @id AND owner_id = @expectedOwnerId`
  );
  const exists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM dossiers WHERE id = ?');
  return (change) => {
    if (update.run(change).changes === 1) return true;
    if (!exists.get(change.id)) return false;
    throw new DomainError('conflict', 'the dossier changed owner meanwhile');
  };
}
