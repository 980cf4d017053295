import * as Y from 'yjs';
import { WS_CLOSE } from '../../src/lib/contract';
import type { ClientOwner, DocumentStore } from '../ports/document-store';
import { SEALED_OWNER } from './client-ownership';
import { CollabDocument } from './collab-document';
import type { CollabConnection } from './collab-connection';
import { LOADER, type CollabHooks, type CollabLimits } from './collab-types';

export interface DocRegistry {
  /** Loads (once, however many connect at the same moment) and attaches a connection to a document. */
  connect(docId: string, conn: CollabConnection): Promise<CollabDocument>;
  /** Detaches; the document is evicted `evictAfterMs` after its last connection leaves. */
  disconnect(doc: CollabDocument, conn: CollabConnection): void;
  /** Loads a document for server-side use (history, restore); it stays loaded until released. */
  open(docId: string): Promise<{ doc: CollabDocument; release(): void }>;
  /** Loaded document ids (for tests and metrics). */
  loadedIds(): string[];
  /** Closes every connection with 1012, flushes and compacts every document. */
  close(): Promise<void>;
}

/**
 * Replays a stored document (snapshot first, then the tail in one transaction) with the recorded owners of
 * its client ids. Ids it holds without an owner are attributed once through `attributeClients` and the rest
 * sealed; both are stored, so this happens once per document (see ClientOwnership).
 */
async function loadDocument(options: {
  documents: DocumentStore;
  docId: string;
  hooks: CollabHooks;
  limits: CollabLimits;
  onBroken: (doc: CollabDocument) => void;
}): Promise<CollabDocument> {
  const { documents, docId, hooks } = options;
  const [stored, owners] = await Promise.all([documents.load(docId), documents.loadClientOwners(docId)]);
  const collab = new CollabDocument(
    docId,
    { documents, hooks, limits: options.limits, onBroken: options.onBroken },
    {
      tailCount: stored.tail.length,
      // Compaction folds up to this seq: what was loaded, until new batches move it on.
      lastSeq: stored.tail.at(-1)?.seq ?? stored.snapshotSeq,
      tailBytes: stored.tail.reduce((n, t) => n + t.update.byteLength, 0),
      snapshotBytes: stored.snapshot?.byteLength ?? 0,
      owners
    }
  );
  // Replayed with the LOADER origin, which the document's persistence listener skips.
  collab.doc.transact(() => {
    if (stored.snapshot) Y.applyUpdate(collab.doc, stored.snapshot, LOADER);
    for (const { update } of stored.tail) Y.applyUpdate(collab.doc, update, LOADER);
  }, LOADER);
  try {
    collab.replayed(await settleUnowned({ collab, documents, docId, hooks }));
  } catch (err) {
    collab.dispose(); // the load fails: nobody will ever unload this copy
    throw err;
  }
  // A long tail (a crash before compaction, an import) is folded at once, so the next load is fast.
  collab.compactIfDue().catch((err) => hooks.onError?.(err, { docId, phase: 'compact' }));
  return collab;
}

/** Owners for the client ids a freshly loaded document holds without one: attributed, else sealed. */
async function settleUnowned(options: {
  collab: CollabDocument;
  documents: DocumentStore;
  docId: string;
  hooks: CollabHooks;
}): Promise<ClientOwner[]> {
  const { collab, documents, docId, hooks } = options;
  const unowned = collab.unownedClientIds();
  if (unowned.length === 0) return [];
  let attributed = new Map<number, string>();
  let settled = true;
  try {
    attributed = (await hooks.attributeClients?.({ docId, clientIds: unowned })) ?? attributed;
  } catch (err) {
    // Sealed for now, and not stored: the next load asks again.
    hooks.onError?.(err, { docId, phase: 'attribute' });
    settled = false;
  }
  const owners = unowned.map((clientId) => ({ clientId, ownerId: attributed.get(clientId) ?? SEALED_OWNER }));
  if (settled) await documents.claimClients(docId, owners);
  return owners;
}

export function createDocRegistry(deps: {
  documents: DocumentStore;
  hooks: CollabHooks;
  limits: CollabLimits;
}): DocRegistry {
  const loaded = new Map<string, Promise<CollabDocument>>();
  const evictTimers = new Map<string, NodeJS.Timeout>();
  const evicting = new Map<string, Promise<void>>();
  let closed = false;

  async function evict(docId: string): Promise<void> {
    evictTimers.delete(docId);
    const entry = loaded.get(docId);
    if (!entry) return;
    const collab = await entry;
    if (collab.useCount > 0) return;
    loaded.delete(docId);
    const done = collab.destroy().finally(() => evicting.delete(docId));
    evicting.set(docId, done);
    await done;
  }

  /** Drops a document whose memory state cannot be trusted; what was flushed stays, nothing is compacted. */
  function discard(collab: CollabDocument): void {
    if (loaded.get(collab.id) === undefined) return;
    loaded.delete(collab.id);
    const timer = evictTimers.get(collab.id);
    if (timer) clearTimeout(timer);
    evictTimers.delete(collab.id);
    const done = collab.destroy().finally(() => evicting.delete(collab.id));
    evicting.set(collab.id, done);
  }

  /** The loaded document (loading it once), with any pending eviction cancelled. */
  async function acquire(docId: string): Promise<CollabDocument> {
    if (closed) throw new Error('collab registry is closed');
    const timer = evictTimers.get(docId);
    if (timer) {
      clearTimeout(timer);
      evictTimers.delete(docId);
    }
    await evicting.get(docId);
    let entry = loaded.get(docId);
    if (!entry) {
      entry = loadDocument({
        documents: deps.documents,
        docId,
        hooks: deps.hooks,
        limits: deps.limits,
        onBroken: discard
      });
      loaded.set(docId, entry);
      entry.catch(() => loaded.delete(docId));
    }
    return entry;
  }

  function scheduleEviction(collab: CollabDocument): void {
    if (collab.useCount > 0 || closed || collab.broken || evictTimers.has(collab.id)) return;
    const timer = setTimeout(() => {
      evict(collab.id).catch((err) => deps.hooks.onError?.(err, { docId: collab.id, phase: 'evict' }));
    }, deps.limits.evictAfterMs);
    timer.unref();
    evictTimers.set(collab.id, timer);
  }

  return {
    async connect(docId, conn) {
      const collab = await acquire(docId);
      collab.attach(conn);
      return collab;
    },

    disconnect(collab, conn) {
      collab.detach(conn);
      scheduleEviction(collab);
    },

    async open(docId) {
      const collab = await acquire(docId);
      collab.hold();
      let released = false;
      return {
        doc: collab,
        release() {
          if (released) return;
          released = true;
          collab.release();
          scheduleEviction(collab);
        }
      };
    },

    loadedIds: () => [...loaded.keys()],

    async close() {
      closed = true;
      for (const timer of evictTimers.values()) clearTimeout(timer);
      evictTimers.clear();
      const docs = await Promise.allSettled(loaded.values());
      loaded.clear();
      await Promise.all(
        docs.map(async (r) => {
          if (r.status !== 'fulfilled') return;
          r.value.closeAll(WS_CLOSE.shutting_down, 'server shutting down');
          await r.value.destroy();
        })
      );
      await Promise.all(evicting.values());
    }
  };
}
