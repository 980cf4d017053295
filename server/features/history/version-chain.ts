import * as Y from 'yjs';
import type { VersionStore } from './version-store';

/** A full state every this many versions bounds how many deltas a read applies. */
const FULL_EVERY = 20;
/** Guards a read against a corrupt chain (a cycle or a missing base). */
const MAX_CHAIN = FULL_EVERY * 4;

export interface VersionChain {
  /**
   * How to store a new version of `docId` whose whole state is `state`: as a delta on top of the previous
   * version (a document's state only grows, so state = previous state + delta), or in full when there is
   * none yet or the chain is long. The previous version is remembered, or read once per document and process.
   */
  encode(docId: string, state: Uint8Array): Promise<{ snapshot: Uint8Array; baseId: string | null; depth: number }>;
  /** Call after the version is stored, so the next one can build on it. */
  remember(docId: string, versionId: string, state: Uint8Array, depth: number): void;
  /** The whole state of a stored version, or null if it (or a base it needs) is missing. */
  load(docId: string, versionId: string): Promise<Uint8Array | null>;
}

/**
 * Versions used to repeat the whole document each time (a 200 KB dossier wrote 200 KB per checkpoint, 8.5× the
 * bytes typed); as deltas they cost about what changed.
 */
export function createVersionChain(deps: { versions: VersionStore }): VersionChain {
  const heads = new Map<string, { id: string; stateVector: Uint8Array; depth: number }>();

  /** The state and chain depth of a stored version, or null if it (or a base it needs) is missing. */
  async function read(docId: string, versionId: string): Promise<{ state: Uint8Array; depth: number } | null> {
    const parts: Uint8Array[] = [];
    let id: string | null = versionId;
    for (let i = 0; id !== null; i++) {
      if (i >= MAX_CHAIN) return null;
      const version = await deps.versions.get(docId, id);
      if (!version) return null;
      parts.push(version.snapshot);
      id = version.baseId;
    }
    const state = parts.length === 1 ? parts[0] : Y.mergeUpdates(parts.reverse());
    return { state, depth: parts.length - 1 };
  }

  async function headOf(docId: string) {
    if (heads.has(docId)) return heads.get(docId);
    const [latest] = await deps.versions.list(docId, { limit: 1 });
    const stored = latest ? await read(docId, latest.id) : null;
    if (!latest || !stored) return undefined;
    const head = { id: latest.id, stateVector: Y.encodeStateVectorFromUpdate(stored.state), depth: stored.depth };
    heads.set(docId, head);
    return head;
  }

  return {
    async encode(docId, state) {
      const head = await headOf(docId);
      if (!head || head.depth + 1 >= FULL_EVERY) return { snapshot: state, baseId: null, depth: 0 };
      return { snapshot: Y.diffUpdate(state, head.stateVector), baseId: head.id, depth: head.depth + 1 };
    },
    remember(docId, versionId, state, depth) {
      heads.set(docId, { id: versionId, stateVector: Y.encodeStateVectorFromUpdate(state), depth });
    },
    async load(docId, versionId) {
      return (await read(docId, versionId))?.state ?? null;
    }
  };
}
