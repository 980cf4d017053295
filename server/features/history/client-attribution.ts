import * as Y from 'yjs';
import type { DocVersionMeta, VersionStore } from './version-store';

/** Versions are listed in pages of this many. */
const PAGE = 200;

/**
 * Who wrote which Yjs client ids of a document, read from its versions: CollabHooks.attributeClients for
 * documents stored before client ids had owners (see ClientOwnership in server/collab).
 *
 * Each version names the users who changed the document since the previous one, and its snapshot shows which
 * client ids' clocks moved in that time (Y.parseUpdateMeta: a delta's end clocks, a full state's too). A
 * client id belongs to one user, so its owner is in the author list of every version that moved it: the
 * intersection of those lists. Only an intersection of exactly one user attributes the id; an empty or
 * ambiguous one (two people always editing together, or edits a crash kept out of the version that named
 * their author) leaves it out, and the runtime seals it. Reads every version once; it runs once per document.
 */
export function createClientAttribution(deps: { versions: VersionStore }) {
  async function allVersions(docId: string): Promise<DocVersionMeta[]> {
    const all: DocVersionMeta[] = [];
    for (let before: number | undefined; ;) {
      const page = await deps.versions.list(docId, { limit: PAGE, before });
      all.push(...page);
      if (page.length < PAGE) break;
      before = page.at(-1)!.createdAt;
    }
    return all.sort((a, b) => a.createdAt - b.createdAt);
  }

  return async function attributeClients(options: {
    docId: string;
    clientIds: number[];
  }): Promise<Map<number, string>> {
    const wanted = new Set(options.clientIds);
    const reached = new Map<number, number>();
    const candidates = new Map<number, Set<string>>();
    for (const meta of await allVersions(options.docId)) {
      const version = await deps.versions.get(options.docId, meta.id);
      if (!version) continue;
      for (const [clientId, clock] of Y.parseUpdateMeta(version.snapshot).to) {
        if (clock <= (reached.get(clientId) ?? 0)) continue;
        reached.set(clientId, clock);
        if (!wanted.has(clientId)) continue;
        const known = candidates.get(clientId);
        candidates.set(
          clientId,
          known ? new Set(meta.authorIds.filter((id) => known.has(id))) : new Set(meta.authorIds)
        );
      }
    }
    const owners = new Map<number, string>();
    for (const [clientId, users] of candidates) if (users.size === 1) owners.set(clientId, [...users][0]);
    return owners;
  };
}
