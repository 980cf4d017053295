import { DomainError } from '../../kernel/domain-error';

/** True for a UNIQUE or PRIMARY KEY violation reported by better-sqlite3. */
export function isSqliteUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Runs a write and turns a uniqueness violation into DomainError('conflict'); other errors pass through. */
export function withConflict<T>(what: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (isSqliteUniqueViolation(error)) throw new DomainError('conflict', `${what} already exists`);
    throw error;
  }
}
