import type { DocumentStore } from '../../server/ports/document-store';

/** An in-memory DocumentStore for collab unit tests, with a switch that makes appends fail. */
export function memoryDocumentStore() {
  const logs = new Map<
    string,
    { snapshot: Uint8Array | null; snapshotSeq: number; tail: Array<{ seq: number; update: Uint8Array }>; seq: number }
  >();
  const entry = (id: string) => {
    let e = logs.get(id);
    if (!e) logs.set(id, (e = { snapshot: null, snapshotSeq: 0, tail: [], seq: 0 }));
    return e;
  };
  const owners = new Map<string, Map<number, string>>();
  const control = { failAppends: false, appends: 0 };
  const store: DocumentStore = {
    async load(id) {
      const e = entry(id);
      return { snapshot: e.snapshot, snapshotSeq: e.snapshotSeq, tail: [...e.tail] };
    },
    async append(id, updates) {
      if (control.failAppends) throw new Error('disk full');
      control.appends++;
      const e = entry(id);
      for (const update of updates) e.tail.push({ seq: ++e.seq, update });
      return e.seq;
    },
    async compact(id, snapshot, uptoSeq) {
      const e = entry(id);
      if (uptoSeq < e.snapshotSeq) return;
      e.snapshot = snapshot;
      e.snapshotSeq = uptoSeq;
      e.tail = e.tail.filter((t) => t.seq > uptoSeq);
    },
    async tailStats(id) {
      const e = entry(id);
      return { count: e.tail.length, bytes: e.tail.reduce((n, t) => n + t.update.byteLength, 0) };
    },
    async claimClients(id, claims) {
      if (control.failAppends) throw new Error('disk full');
      let doc = owners.get(id);
      if (!doc) owners.set(id, (doc = new Map()));
      for (const { clientId, ownerId } of claims) if (!doc.has(clientId)) doc.set(clientId, ownerId);
    },
    async loadClientOwners(id) {
      return [...(owners.get(id) ?? [])].map(([clientId, ownerId]) => ({ clientId, ownerId }));
    }
  };
  return { store, control };
}
