import { getDossier, isNetworkError } from '$lib/api';
import type { DossierDTO } from '$lib/contract';
import { readJson, removeKeysWithPrefix, writeJson } from './local-store';
import { NotAvailableOfflineError } from './offline-errors';

export { NotAvailableOfflineError };
import { dossierDbName, dossierMetaKey, userPrefix } from './offline-keys';

interface CachedDossier {
  dossier: DossierDTO;
  openedAt: number;
}
type DossierMetaCache = Record<string, CachedDossier>;

/** Enough for every dossier a rep touches in weeks; keeps the localStorage entry small (~1 KB each). */
const MAX_CACHED = 150;

function isMetaCache(value: unknown): value is DossierMetaCache {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readCache(userId: string): DossierMetaCache {
  return readJson(dossierMetaKey(userId), isMetaCache) ?? {};
}

function remember(userId: string, dossier: DossierDTO): void {
  const cache = readCache(userId);
  cache[dossier.id] = { dossier, openedAt: Date.now() };
  const entries = Object.entries(cache);
  // Evict the least recently opened metadata only. Its Y.Doc stays in IndexedDB (it may hold unsent edits
  // that sync when the dossier is opened online again) and is removed on sign-out with the rest.
  if (entries.length > MAX_CACHED) {
    entries.sort(([, a], [, b]) => b.openedAt - a.openedAt);
    writeJson(dossierMetaKey(userId), Object.fromEntries(entries.slice(0, MAX_CACHED)));
  } else {
    writeJson(dossierMetaKey(userId), cache);
  }
}

/**
 * GET /api/dossiers/:id, remembered per user; when the server is unreachable, the copy from the last
 * visit. Only a network failure falls back: a 403 or 404 is the server's verdict and must not be papered
 * over with a stale copy.
 */
export async function loadDossierMeta(options: {
  userId: string;
  dossierId: string;
}): Promise<{ dossier: DossierDTO; fromCache: boolean }> {
  try {
    const dossier = await getDossier({ id: options.dossierId });
    remember(options.userId, dossier);
    return { dossier, fromCache: false };
  } catch (err) {
    if (!isNetworkError(err)) throw err;
    const cached = readCache(options.userId)[options.dossierId];
    if (!cached) throw new NotAvailableOfflineError();
    return { dossier: cached.dossier, fromCache: true };
  }
}

/** Dossiers this user opened on this device, most recently opened first: what works offline. */
export function dossiersOpenedHere(userId: string): DossierDTO[] {
  return Object.values(readCache(userId))
    .filter((entry) => typeof entry?.dossier?.id === 'string')
    .sort((a, b) => b.openedAt - a.openedAt)
    .map((entry) => entry.dossier);
}

/**
 * Explicit sign-out: removes this user's cached metadata and every dossier database. indexedDB.databases()
 * finds databases even when the metadata entry was evicted. Deletion of a database that is still open (the
 * dossier page during sign-out) waits until that page closes it, so the promise is not awaited by callers
 * that navigate away right after.
 */
export async function clearUserOfflineData(userId: string): Promise<void> {
  const prefix = userPrefix(userId);
  const ids = Object.keys(readCache(userId));
  removeKeysWithPrefix(prefix);
  if (typeof indexedDB === 'undefined') return;
  const names = new Set(ids.map((dossierId) => dossierDbName({ userId, dossierId })));
  try {
    for (const db of await indexedDB.databases()) if (db.name?.startsWith(prefix)) names.add(db.name);
  } catch {
    // databases() is missing in older browsers; the metadata index above still covers recent dossiers
  }
  for (const name of names) indexedDB.deleteDatabase(name);
}
