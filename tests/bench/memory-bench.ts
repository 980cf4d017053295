/**
 * Benchmark 3b: memory with many dossiers open — 1,000 × 3 clients, 200 × 10, 50 × 20 — on ~100 KB
 * dossiers seeded into each server's store before it starts (coediting-servers.ts).
 *
 * One host per server and repetition serves the three shapes in turn (the same 1,000 seeded dossiers; a
 * shape uses the first D of them). Per shape, heap after two full gc() passes in the host (coediting-host 'mem'):
 *   mem0  before anyone connects (nothing loaded)
 *   memA  one idle client per dossier: D dossiers loaded
 *   memB  all C clients per dossier
 * → heap per idle connection = (memB − memA) / ((C − 1) · D)   (the document itself is already in memA)
 * → memory per loaded dossier = (memA − mem0) / D − per-connection
 * → freed share = (memB − memAfter) / (memB − mem0), memAfter measured once the server reports no loaded
 *   document, or 30 s after the last client left. Ours runs with YJS_EVICT_AFTER_MS=2000 (default 30 s).
 * Clients are "lite" (no Y.Doc): they offer the dossier's final state vector in step 1, like a browser
 * with the dossier cached, so the generator does not receive 100 KB per socket.
 */
import { C3Client } from './coediting-client';
import { protocolOf, cookieJar } from './coediting-fanout';
import { sleep, startC3Host } from './coediting-host-control';
import type { C3Kind } from './coediting-servers';
import type { Fixture } from './coediting-docs';

export interface MemoryOptions {
  shapes: Array<{ docs: number; clients: number }>;
  evictAfterMs: number;
  freeWithinS: number;
}

export interface MemoryResult {
  target: string;
  rep: number;
  docs: number;
  clients: number;
  perConnBytes: number;
  perDocBytes: number;
  freedPct: number;
  /** ms from the last client leaving until the server reported no loaded document (NaN: never). */
  unloadMs: number;
  rssDeltaMB: number;
  connectS: number;
}

export async function runMemoryRep(
  kind: C3Kind,
  target: string,
  rep: number,
  o: MemoryOptions,
  fixture: Fixture,
  log: (l: string) => void
): Promise<MemoryResult[]> {
  const maxDocs = Math.max(...o.shapes.map((s) => s.docs));
  const host = await startC3Host({
    kind,
    persist: true,
    appEnv: { YJS_EVICT_AFTER_MS: String(o.evictAfterMs) },
    seed: kind === 'relay' ? undefined : { file: fixture.file, count: maxDocs }
  });
  const results: MemoryResult[] = [];
  try {
    const cookie = await cookieJar(host);
    const docs =
      kind === 'relay'
        ? Array.from({ length: maxDocs }, (_, i) => ({ id: `doc-${i + 1}`, logins: [] as string[] }))
        : host.ready.docs;
    for (const shape of o.shapes) {
      const clients: C3Client[] = [];
      const open = async (docIndexes: number[]) => {
        // 100 handshakes in flight at a time: fast, without a SYN flood the kernel would throttle.
        for (let at = 0; at < docIndexes.length; at += 100) {
          await Promise.all(
            docIndexes.slice(at, at + 100).map(async (d, k) => {
              const doc = docs[d];
              const headers =
                kind === 'ours' ? { cookie: await cookie(doc.logins[(at + k) % doc.logins.length]) } : undefined;
              const c = new C3Client({
                url: `ws://127.0.0.1:${host.ready.port}${host.ready.pathPrefix}${doc.id}`,
                protocol: protocolOf(kind),
                docName: doc.id,
                index: clients.length,
                headers,
                stateVector: fixture.stateVector
              });
              clients.push(c);
              await c.connect();
            })
          );
        }
      };
      const settle = async (want: number) => {
        // The reference loads from y-leveldb after the handshake: wait until every dossier is in memory.
        const until = performance.now() + 30_000;
        while ((await host.stats()).loaded < want && performance.now() < until) await sleep(100);
        await sleep(200);
      };
      const ids = Array.from({ length: shape.docs }, (_, i) => i);
      const mem0 = await host.mem();
      const t = performance.now();
      await open(ids);
      await settle(shape.docs);
      const memA = await host.mem();
      for (let k = 1; k < shape.clients; k++) await open(ids);
      await settle(shape.docs);
      const connectS = (performance.now() - t) / 1000;
      const memB = await host.mem();
      await Promise.all(clients.map((c) => c.close()));
      const left = performance.now();
      let unloadMs = NaN;
      while (performance.now() - left < o.freeWithinS * 1000) {
        if ((await host.stats()).loaded === 0) {
          unloadMs = performance.now() - left;
          break;
        }
        await sleep(250);
      }
      await sleep(300);
      const memC = await host.mem();
      const perConn = (memB.heapUsed - memA.heapUsed) / ((shape.clients - 1) * shape.docs);
      const r: MemoryResult = {
        target,
        rep,
        docs: shape.docs,
        clients: shape.clients,
        perConnBytes: perConn,
        perDocBytes: (memA.heapUsed - mem0.heapUsed) / shape.docs - perConn,
        freedPct: ((memB.heapUsed - memC.heapUsed) / (memB.heapUsed - mem0.heapUsed)) * 100,
        unloadMs,
        rssDeltaMB: (memB.rss - mem0.rss) / 2 ** 20,
        connectS
      };
      results.push(r);
      log(
        `    ${target.padEnd(10)} rep ${rep} ${shape.docs}×${shape.clients}: ${(r.perConnBytes / 1024).toFixed(1)} KB/conn, ` +
          `${(r.perDocBytes / 1024).toFixed(0)} KB/dossier, freed ${r.freedPct.toFixed(1)}% ` +
          `(unloaded after ${Number.isFinite(unloadMs) ? (unloadMs / 1000).toFixed(1) + ' s' : 'never'}), connect ${connectS.toFixed(1)} s`
      );
    }
  } finally {
    await host.stop();
  }
  return results;
}
