/**
 * The four servers of benchmark 3 (co-editing), each started inside coediting-host.ts's child process:
 *
 *   ours        the real Staffel app: cookie auth, SQLite DocumentStore (append before relay), projection.
 *   reference   y-websocket@2.1.0 bin/utils setupWSConnection, persisted with its built-in y-leveldb
 *               support (YPERSISTENCE=<dir>, read by the module when it is first required).
 *   hocuspocus  @hocuspocus/server 3.4 + @hocuspocus/extension-database, fetch/store on better-sqlite3.
 *               WHY not @hocuspocus/extension-sqlite: it depends on `sqlite3`, whose install downloads a
 *               prebuilt binary from GitHub (not allowed here). We replicate extension-sqlite's schema and
 *               SQL verbatim (one row per document, the full state re-written on every debounced store),
 *               so the persistence cost is the same; only the driver differs (better-sqlite3 is synchronous
 *               and, if anything, faster than sqlite3's thread pool).
 *   relay       a raw `ws` relay: every message is forwarded, undecoded, to every other client of the same
 *               path. No Yjs, no persistence: the physical limit of one Node process fanning out bytes.
 *
 * Each starter seeds its store BEFORE listening (see SeedSpec) and exposes the same small interface, so
 * the host's stats hook (heap after gc, loaded documents, store bytes) works the same for all of them.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as Y from 'yjs';
import { WebSocketServer, type WebSocket } from 'ws';

export type C3Kind = 'ours' | 'reference' | 'hocuspocus' | 'relay';

/** Documents to create before the server listens: `count` copies of the updates in `file` (length-prefixed). */
export interface SeedSpec {
  file: string;
  count: number;
}

export interface C3Doc {
  id: string;
  /** Accounts that may edit it (ours only; the others have no auth). */
  logins: string[];
}

export interface StoreBytes {
  appendBytes: number;
  appendUpdates: number;
  compactBytes: number;
  compactions: number;
  versionBytes: number;
}

export interface C3Server {
  port: number;
  /** URL path of a document, e.g. /yjs/b-000001 or /doc-1. */
  path: (docId: string) => string;
  docs: C3Doc[];
  /** Demo documents usable for fan-out (ours: small demo dossiers d-0001…; others: fresh names). */
  fanoutDocs: C3Doc[];
  password: string;
  loadedDocs: () => number;
  storeBytes: () => StoreBytes | null;
  close: () => Promise<void>;
}

/** Reads a file of [uint32 LE length][bytes]… records. */
export function readUpdates(file: string): Uint8Array[] {
  const buf = readFileSync(file);
  const out: Uint8Array[] = [];
  for (let at = 0; at < buf.length;) {
    const len = buf.readUInt32LE(at);
    out.push(buf.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  return out;
}

const listenOn = async (server: ReturnType<typeof createServer>) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
};

export async function startOurs(dataDir: string, appEnv: Record<string, string>, seed?: SeedSpec): Promise<C3Server> {
  const { pino } = await import('pino');
  const { createApp } = await import('../../server/app');
  const { benchConfig } = await import('./bench-config');
  const { createSqliteStore } = await import('../../server/storage/sqlite/create-sqlite-store');
  const { generateBulkDossiers } = await import('../../server/seed/demo-company');
  const { dossierAccess } = await import('../../server/kernel/permissions');
  const config = benchConfig(dataDir, appEnv);
  // The real store, with its writes counted from outside (bytes only: write amplification of part c).
  const store = createSqliteStore({ file: join(dataDir, 'staffel.db') });
  const bytes: StoreBytes = { appendBytes: 0, appendUpdates: 0, compactBytes: 0, compactions: 0, versionBytes: 0 };
  const { documents, versions } = store;
  const counted: typeof store = {
    ...store,
    documents: {
      ...documents,
      append: (docId, updates) => {
        bytes.appendUpdates += updates.length;
        for (const u of updates) bytes.appendBytes += u.byteLength;
        return documents.append(docId, updates);
      },
      compact: (docId, snapshot, uptoSeq) => {
        bytes.compactions++;
        bytes.compactBytes += snapshot.byteLength;
        return documents.compact(docId, snapshot, uptoSeq);
      }
    },
    versions: {
      ...versions,
      add: (v, events) => ((bytes.versionBytes += v.snapshot.byteLength), versions.add(v, events))
    }
  };
  const app = await createApp({ config, logger: pino({ level: 'silent' }), demoDossiers: 200, store: counted });
  const company = app.seed.company!;
  const editorsOf = (teamId: string) =>
    company.users.filter((u) => dossierAccess(u, { teamId }) === 'edit').map((u) => u.email);
  const docs: C3Doc[] = [];
  if (seed) {
    // Seeded straight into the store, before listen(): what a long-running server would find on disk.
    const updates = readUpdates(seed.file);
    const teams = company.teams.map((t) => ({
      teamId: t.id,
      ownerIds: company.users.filter((u) => u.role !== 'admin' && u.teamIds.includes(t.id)).map((u) => u.id)
    }));
    const rows = generateBulkDossiers({ seed: 33, count: seed.count, teams, now: Date.now(), idPrefix: 'c3-' });
    for (const row of rows) {
      // Chunks of 5,000 keep one SQLite transaction per chunk; the rows are the same as 170k single appends.
      for (let i = 0; i < updates.length; i += 5000) await documents.append(row.id, updates.slice(i, i + 5000));
      docs.push({ id: row.id, logins: editorsOf(row.teamId) });
    }
    await store.dossiers.createMany(rows);
  }
  Object.assign(bytes, { appendBytes: 0, appendUpdates: 0, compactBytes: 0, compactions: 0, versionBytes: 0 });
  const { port } = await app.listen();
  const fanoutDocs = company.dossiers
    .slice(0, 8)
    .map(({ dossier }) => ({ id: dossier.id, logins: editorsOf(dossier.teamId) }));
  return {
    port,
    docs,
    fanoutDocs,
    password: app.seed.password,
    path: (id) => `/yjs/${id}`,
    loadedDocs: () => app.registry.loadedIds().length,
    storeBytes: () => ({ ...bytes }),
    close: () => app.close()
  };
}

export async function startReference(persistDir: string | null, seed?: SeedSpec): Promise<C3Server> {
  // bin/utils reads YPERSISTENCE once, when first required: set (or clear) it before.
  if (persistDir) process.env.YPERSISTENCE = persistDir;
  else delete process.env.YPERSISTENCE;
  delete process.env.CALLBACK_URL;
  const require = createRequire(import.meta.url);
  const utils = require('y-websocket-ref/bin/utils') as {
    setupWSConnection: (conn: unknown, req: unknown) => void;
    getPersistence: () => { provider: any } | null;
    docs: Map<string, unknown>;
  };
  const persistence = utils.getPersistence();
  if (Boolean(persistence) !== Boolean(persistDir))
    throw new Error('reference: y-leveldb persistence not as configured');
  const docs: C3Doc[] = [];
  if (seed) {
    const ldb = persistence!.provider;
    const updates = readUpdates(seed.file);
    for (let i = 0; i < seed.count; i++) {
      const id = `doc-${i + 1}`;
      // storeUpdate writes the state-vector key and clock 0; the rest goes in raw batches with y-leveldb's
      // own key layout ['v1', doc, 'update', clock], because 170,000 sequential storeUpdate calls take minutes.
      await ldb.storeUpdate(id, updates[0]);
      for (let at = 1; at < updates.length; at += 5000) {
        const ops = updates
          .slice(at, at + 5000)
          .map((u, k) => ({ type: 'put', key: ['v1', id, 'update', at + k], value: Buffer.from(u) }));
        await ldb._transact((db: any) => db.batch(ops));
      }
      docs.push({ id, logins: [] });
    }
  }
  const server = createServer((_req, res) => res.writeHead(200).end('ok'));
  const wss = new WebSocketServer({ server });
  wss.on('connection', (conn, req) => utils.setupWSConnection(conn, req));
  const port = await listenOn(server);
  return {
    port,
    docs,
    password: '',
    fanoutDocs: Array.from({ length: 8 }, (_, i) => ({ id: `fan-${i + 1}`, logins: [] })),
    path: (id) => `/${id}`,
    loadedDocs: () => utils.docs.size,
    storeBytes: () => null,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
      await persistence?.provider.destroy?.();
    }
  };
}

// extension-sqlite's SQL (packages/extension-sqlite/src/SQLite.ts, 3.x), unchanged.
const HP_SCHEMA = `CREATE TABLE IF NOT EXISTS "documents" (
  "name" varchar(255) NOT NULL,
  "data" blob NOT NULL,
  UNIQUE(name)
)`;
const HP_SELECT = `SELECT data FROM "documents" WHERE name = $name ORDER BY rowid DESC`;
const HP_UPSERT = `INSERT INTO "documents" ("name", "data") VALUES ($name, $data)
    ON CONFLICT(name) DO UPDATE SET data = $data`;

export async function startHocuspocus(dataDir: string, seed?: SeedSpec): Promise<C3Server> {
  const { Server } = await import('@hocuspocus/server');
  const { Database } = await import('@hocuspocus/extension-database');
  const { default: BetterSqlite } = await import('better-sqlite3');
  const db = new BetterSqlite(join(dataDir, 'hocuspocus.db'));
  db.exec(HP_SCHEMA);
  const select = db.prepare<{ name: string }, { data: Buffer }>(HP_SELECT);
  const upsert = db.prepare(HP_UPSERT);
  const docs: C3Doc[] = [];
  if (seed) {
    // extension-sqlite keeps only the full state: a long history is stored as its merged result.
    const doc = new Y.Doc();
    doc.transact(() => readUpdates(seed.file).forEach((u) => Y.applyUpdate(doc, u)));
    const state = Buffer.from(Y.encodeStateAsUpdate(doc));
    db.transaction(() => {
      for (let i = 0; i < seed.count; i++) upsert.run({ name: `doc-${i + 1}`, data: state });
    })();
    for (let i = 0; i < seed.count; i++) docs.push({ id: `doc-${i + 1}`, logins: [] });
  }
  const server = new Server({
    port: 0,
    address: '127.0.0.1',
    quiet: true,
    stopOnSignals: false,
    extensions: [
      new Database({
        fetch: async ({ documentName }) => select.get({ name: documentName })?.data ?? null,
        store: async ({ documentName, state }) => void upsert.run({ name: documentName, data: state })
      })
    ]
  });
  await server.listen();
  const port = (server.httpServer.address() as AddressInfo).port;
  return {
    port,
    docs,
    password: '',
    fanoutDocs: Array.from({ length: 8 }, (_, i) => ({ id: `fan-${i + 1}`, logins: [] })),
    path: (id) => `/${id}`,
    loadedDocs: () => server.hocuspocus.getDocumentsCount(),
    storeBytes: () => null,
    close: async () => {
      await server.destroy();
      db.close();
    }
  };
}

/** The physical limit: bytes in, the same bytes out to every other socket of the path. ~20 lines. */
export async function startRelay(): Promise<C3Server> {
  const rooms = new Map<string, Set<WebSocket>>();
  const server = createServer((_req, res) => res.writeHead(200).end('ok'));
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  wss.on('connection', (ws, req) => {
    const key = req.url ?? '/';
    let room = rooms.get(key);
    if (!room) rooms.set(key, (room = new Set()));
    room.add(ws);
    ws.on('message', (data: Buffer) => {
      for (const peer of room) if (peer !== ws) peer.send(data);
    });
    ws.on('close', () => {
      room.delete(ws);
      if (room.size === 0) rooms.delete(key);
    });
  });
  const port = await listenOn(server);
  return {
    port,
    docs: [],
    password: '',
    fanoutDocs: Array.from({ length: 8 }, (_, i) => ({ id: `fan-${i + 1}`, logins: [] })),
    path: (id) => `/${id}`,
    loadedDocs: () => rooms.size,
    storeBytes: () => null,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    }
  };
}
