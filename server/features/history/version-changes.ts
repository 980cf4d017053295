import * as Y from 'yjs';
import { FIELD_KEYS, notesPlainText, readContacts, readField } from '../../../src/lib/dossier-doc';
import type { VersionChain } from './version-chain';
import type { VersionStore } from './version-store';

/** Which document keys a version changed against its predecessor (FIELD_KEYS, then 'contacts', 'notes'). */
export type VersionChanges = (options: {
  dossierId: string;
  versionIds: readonly string[];
}) => Promise<Map<string, string[]>>;

/** The comparable values of a state: fields, contacts as JSON, notes as text. */
function valuesOf(state: Uint8Array | null): Map<string, string> {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  const values = new Map<string, string>(FIELD_KEYS.map((key) => [key, readField(doc, key)]));
  values.set('contacts', JSON.stringify(readContacts(doc)));
  values.set('notes', notesPlainText(doc));
  doc.destroy();
  return values;
}

/** The keys (as VersionChanges names them) whose values differ between two states; null: an empty document. */
export function changedKeys(before: Uint8Array | null, after: Uint8Array): string[] {
  const a = valuesOf(before);
  const b = valuesOf(after);
  return [...b.keys()].filter((key) => b.get(key) !== a.get(key));
}

/**
 * For the digest ("changed fields" while someone was away). The versions are diffed in their order, each
 * against the one before it, so n versions cost n + 1 state loads (the chain caches deltas); a version of
 * another document or an unknown id is left out.
 */
export function createVersionChanges(deps: { versions: VersionStore; chain: VersionChain }): VersionChanges {
  return async ({ dossierId, versionIds }) => {
    const result = new Map<string, string[]>();
    const metas = (await Promise.all(versionIds.map((id) => deps.versions.get(dossierId, id))))
      .filter((v) => v !== null)
      .sort((a, b) => a.createdAt - b.createdAt);
    if (metas.length === 0) return result;
    const [previous] = await deps.versions.list(dossierId, { limit: 1, before: metas[0]!.createdAt });
    let before = valuesOf(previous ? await deps.chain.load(dossierId, previous.id) : null);
    for (const meta of metas) {
      const after = valuesOf(await deps.chain.load(dossierId, meta.id));
      result.set(
        meta.id,
        [...after.keys()].filter((key) => after.get(key) !== before.get(key))
      );
      before = after;
    }
    return result;
  };
}
