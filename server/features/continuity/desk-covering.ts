import type { DeskCoveringByDTO } from '../../../src/lib/contract';
import type { Coverage } from '../../kernel/coverage';
import { compareCodePoints } from '../../kernel/search-text';

/** A dossier I act for (CoverageService.coveringFor), with who is away for it. */
export type CoveredRow = { dossierId: string; coverage: Coverage };

/**
 * The desk's covering totals (GET /api/desk → coveringBy): one row per colleague I cover, counting all their
 * dossiers I act for, whether or not a coveringLimit shows them. `until` is the latest end among the rows (null
 * when any is open-ended: nothing to count down to); `reason` the most frequent one. Most dossiers first.
 */
export function coveringByPerson(
  covering: readonly CoveredRow[],
  names: ReadonlyMap<string, string>
): DeskCoveringByDTO[] {
  const byPerson = new Map<
    string,
    { count: number; until: number | null; reasons: Map<DeskCoveringByDTO['reason'], number> }
  >();
  for (const { coverage: c } of covering) {
    if (c.kind === 'owner' || c.kind === 'gap') continue;
    const row = byPerson.get(c.forUserId) ?? { count: 0, until: c.until, reasons: new Map() };
    row.count += 1;
    row.until = row.until === null || c.until === null ? null : Math.max(row.until, c.until);
    row.reasons.set(c.reason, (row.reasons.get(c.reason) ?? 0) + 1);
    byPerson.set(c.forUserId, row);
  }
  return [...byPerson.entries()]
    .map(([forUserId, r]) => ({
      forUserId,
      forUserName: names.get(forUserId) ?? '',
      count: r.count,
      until: r.until === null ? null : new Date(r.until).toISOString(),
      reason: [...r.reasons.entries()].sort((a, b) => b[1] - a[1])[0][0]
    }))
    .sort(
      (a, b) =>
        b.count - a.count || a.forUserName.localeCompare(b.forUserName) || compareCodePoints(a.forUserId, b.forUserId)
    );
}

/**
 * The first `limit` covered rows in company order ('name' sort key, then id, as the dossier list orders), from
 * the cheap id → key lookup, so only this page is loaded and summarised (the rest are only counted).
 */
export async function firstCoveredInCompanyOrder(
  covering: readonly CoveredRow[],
  limit: number,
  sortKeysOf: (ids: readonly string[]) => Promise<Array<{ id: string; companySort: string }>>
): Promise<CoveredRow[]> {
  return firstInCompanyOrder(covering, (c) => c.dossierId, limit, sortKeysOf);
}

/** The first `limit` of `rows` (dossiers by `idOf`) in company order; all of them, unsorted, when they fit. */
export async function firstInCompanyOrder<T>(
  rows: readonly T[],
  idOf: (row: T) => string,
  limit: number,
  sortKeysOf: (ids: readonly string[]) => Promise<Array<{ id: string; companySort: string }>>
): Promise<T[]> {
  if (rows.length <= limit) return [...rows];
  const keys = new Map((await sortKeysOf(rows.map(idOf))).map((k) => [k.id, k.companySort]));
  return rows
    .filter((r) => keys.has(idOf(r)))
    .sort(
      (a, b) =>
        compareCodePoints(keys.get(idOf(a)) ?? '', keys.get(idOf(b)) ?? '') || compareCodePoints(idOf(a), idOf(b))
    )
    .slice(0, limit);
}
