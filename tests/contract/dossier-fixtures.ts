import { companySortKey, dossierSearchText, searchWords } from '../../server/kernel/search-text';
import type { Dossier } from '../../server/kernel/types';
import type { DossierListFilter, DossierStore } from '../../server/features/dossiers/dossier-store';

/** A dossier with plausible defaults; tests override what they assert on. */
export const dossier = (over: Partial<Dossier> & { id: string }): Dossier => ({
  teamId: 't1',
  ownerId: 'u1',
  company: `Firma ${over.id}`,
  street: 'Am Ring 1',
  postalCode: '10115',
  city: 'Berlin',
  industry: 'Bau',
  stage: 'lead',
  tags: [],
  contactNames: [],
  createdAt: 1_000,
  createdBy: 'u1',
  updatedAt: 2_000,
  keyAccountManagerId: null,
  standInIds: [],
  ...over
});

/** Follows nextCursor to the end and returns every item in page order (fails on a runaway loop). */
export async function listAll(store: DossierStore, filter: Omit<DossierListFilter, 'cursor'>): Promise<Dossier[]> {
  const items: Dossier[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const result = await store.list({ ...filter, cursor });
    items.push(...result.items);
    if (result.items.length > filter.limit) throw new Error('page larger than limit');
    if (result.nextCursor === null) return items;
    cursor = result.nextCursor;
  }
  throw new Error('pagination did not terminate');
}

const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The order the port promises, computed independently of any adapter. */
export function expectedOrder(dossiers: Dossier[], sort: DossierListFilter['sort']): Dossier[] {
  return [...dossiers].sort((a, b) =>
    sort === 'name'
      ? byBytes(companySortKey(a.company), companySortKey(b.company)) || byBytes(a.id, b.id)
      : b.updatedAt - a.updatedAt || byBytes(a.id, b.id)
  );
}

/** Brute-force reference of the list filter (DS6, DS7). */
export function matchesFilter(d: Dossier, f: Omit<DossierListFilter, 'cursor' | 'limit' | 'sort'>): boolean {
  if (f.teamIds !== 'all' && !f.teamIds.includes(d.teamId)) return false;
  if (f.tag !== undefined && !d.tags.includes(f.tag)) return false;
  if (f.stage !== undefined && d.stage !== f.stage) return false;
  if (f.ownerId !== undefined && d.ownerId !== f.ownerId) return false;
  // Every word is a substring of one value (values folded one by one, so no word spans two of them).
  const values = [d.company, d.street, d.postalCode, d.city, d.industry, ...d.tags, ...d.contactNames].map((v) =>
    dossierSearchText({ company: v, street: '', postalCode: '', city: '', industry: '', tags: [], contactNames: [] })
  );
  for (const word of searchWords(f.q ?? '')) if (!values.some((v) => v.includes(word))) return false;
  return true;
}

/** Seeded PRNG (mulberry32): randomised tests print their seed so a failure can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
