/**
 * Benchmark 3c: cold load of a ~100 KB dossier whose history holds 34,000 or 170,000 small updates.
 *
 * Per server, repetition and history size, a fresh host seeds `copies` dossiers with the full history
 * (ours: rows straight into the SQLite DocumentStore; reference: y-leveldb keys via YPERSISTENCE;
 * Hocuspocus: extension-sqlite keeps only the merged state, so its "history" is one row). For each copy:
 *   cold       a fresh client connects, the document is not loaded: connect → first message holding the
 *              history's SENTINEL (= the client has everything);
 *   compacted  every client leaves, the server unloads the document (ours compacts on eviction, y-leveldb
 *              trims on load), and a fresh client loads it again.
 * Samples pool over repetitions and copies: with n < 100 the nearest-rank p99 is the maximum.
 *
 * Write amplification (ours, 34k host only): two editors type `editS` seconds into the compacted dossier,
 * then leave until eviction; (bytes appended + snapshot bytes compacted) / bytes of updates received. The
 * store appends received updates verbatim, so "received" = appended bytes.
 */
import { C3Client } from './coediting-client';
import { SENTINEL, type Fixture } from './coediting-docs';
import { protocolOf, cookieJar } from './coediting-fanout';
import { sleep, startC3Host, type C3Host } from './coediting-host-control';
import type { C3Kind } from './coediting-servers';

export interface ColdOptions {
  copies: number;
  evictAfterMs: number;
  editS: number;
  editsPerSecond: number;
}

export interface ColdResult {
  target: string;
  rep: number;
  updates: number;
  coldMs: number[];
  compactedMs: number[];
  startMs: number;
  writeAmp?: {
    appendBytes: number;
    compactBytes: number;
    versionBytes: number;
    compactions: number;
    amp: number;
    ampWithVersions: number;
  };
}

async function waitUnloaded(host: C3Host, timeoutMs: number): Promise<void> {
  const until = performance.now() + timeoutMs;
  while ((await host.stats()).loaded > 0 && performance.now() < until) await sleep(50);
}

export async function runColdRep(
  kind: C3Kind,
  target: string,
  rep: number,
  o: ColdOptions,
  fixture: Fixture,
  measureWrites: boolean
): Promise<ColdResult> {
  const host = await startC3Host(
    {
      kind,
      persist: true,
      seed: { file: fixture.file, count: o.copies },
      appEnv: { YJS_EVICT_AFTER_MS: String(o.evictAfterMs), YJS_MAX_MESSAGE_BYTES: String(16 * 2 ** 20) }
    },
    600_000
  );
  const result: ColdResult = {
    target,
    rep,
    updates: fixture.updates,
    coldMs: [],
    compactedMs: [],
    startMs: host.ready.startMs
  };
  try {
    const cookie = await cookieJar(host);
    const url = (id: string) => `ws://127.0.0.1:${host.ready.port}${host.ready.pathPrefix}${id}`;
    const loadOnce = async (doc: { id: string; logins: string[] }): Promise<number> => {
      const headers = kind === 'ours' ? { cookie: await cookie(doc.logins[0]) } : undefined;
      const c = new C3Client({
        url: url(doc.id),
        protocol: protocolOf(kind),
        docName: doc.id,
        index: 0,
        headers,
        sentinel: SENTINEL
      });
      await c.connect(120_000);
      await c.close();
      return c.syncMs;
    };
    for (const doc of host.ready.docs) {
      result.coldMs.push(await loadOnce(doc));
      await waitUnloaded(host, o.evictAfterMs + 60_000);
      result.compactedMs.push(await loadOnce(doc));
      await waitUnloaded(host, o.evictAfterMs + 60_000);
    }
    if (measureWrites && kind === 'ours') result.writeAmp = await measureWriteAmp(host, o, url, cookie);
  } finally {
    await host.stop();
  }
  return result;
}

async function measureWriteAmp(
  host: C3Host,
  o: ColdOptions,
  url: (id: string) => string,
  cookie: (email: string) => Promise<string>
): Promise<NonNullable<ColdResult['writeAmp']>> {
  const doc = host.ready.docs[0];
  const before = (await host.stats()).store!;
  const clients: C3Client[] = [];
  for (let i = 0; i < 2; i++) {
    const c = new C3Client({
      url: url(doc.id),
      protocol: 'y',
      docName: doc.id,
      index: i,
      field: 'mainInterests',
      headers: { cookie: await cookie(doc.logins[i % doc.logins.length]) }
    });
    await c.connect(120_000);
    clients.push(c);
  }
  const total = Math.round(o.editS * o.editsPerSecond);
  for (const c of clients) c.prepare(Math.ceil(total / 2));
  for (let i = 0; i < total; i++) {
    clients[i % 2].sendNext();
    await sleep(1000 / o.editsPerSecond);
  }
  await sleep(500);
  await Promise.all(clients.map((c) => c.close()));
  await waitUnloaded(host, o.evictAfterMs + 60_000);
  const after = (await host.stats()).store!;
  const appendBytes = after.appendBytes - before.appendBytes;
  const compactBytes = after.compactBytes - before.compactBytes;
  const versionBytes = after.versionBytes - before.versionBytes;
  return {
    appendBytes,
    compactBytes,
    versionBytes,
    compactions: after.compactions - before.compactions,
    amp: (appendBytes + compactBytes) / appendBytes,
    ampWithVersions: (appendBytes + compactBytes + versionBytes) / appendBytes
  };
}
