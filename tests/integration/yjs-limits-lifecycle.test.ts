import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { login, rawYjsSocket, yClient } from '../helpers/clients';
import { startCastServer, withCastServer } from '../helpers/demo-cast';
import { awarenessMessage } from '../helpers/yjs-wire';
import { manualClock, startTestServer } from '../helpers/start-test-server';

// Each test here needs a server with its own limits, clock or data directory.

const text = (doc: Y.Doc, key: string) => (doc.getMap('fields').get(key) as Y.Text | undefined)?.toString();

describe('limits', () => {
  it('closes a flooding connection with 4429 and an oversized document with 4413', async () => {
    await withCastServer(
      {
        demoDossiers: 4,
        env: { YJS_MAX_MESSAGES_PER_SECOND: '20', YJS_MAX_DOC_BYTES: '30000' }
      },
      async ({ server: limited, cast: lc, cookieA1: cookie }) => {
        const flood = rawYjsSocket(limited.url, lc.dossierA.id, { cookie });
        await flood.opened;
        const query = new Uint8Array([3]); // query-awareness: harmless on its own, not in bulk
        for (let i = 0; i < 200; i++) flood.ws.send(query);
        expect(await flood.closed).toMatchObject({ code: 4429 });

        const big = yClient(limited.url, lc.dossierA.id, cookie);
        await big.synced;
        const closed = new Promise<{ code: number; reason: string }>((resolve) =>
          big.provider.on('connection-close', (event: any) =>
            resolve({ code: event.code, reason: String(event.reason) })
          )
        );
        // 4,500 characters per field (within FIELD_MAX_CHARS), field after field, until the document is full
        const keys = [
          'mainInterests',
          'agreedConditions',
          'street',
          'city',
          'website',
          'segment',
          'industry',
          'country'
        ];
        for (const key of keys) (big.doc.getMap('fields').get(key) as Y.Text).insert(0, 'x'.repeat(4500));
        expect(await closed).toMatchObject({ code: 4413, reason: expect.stringMatching(/document size/) });
        big.destroy();
        // what was accepted before the limit is still there
        const check = yClient(limited.url, lc.dossierA.id, cookie);
        await check.synced;
        const accepted = keys.filter((key) => text(check.doc, key)!.startsWith('x'.repeat(4500)));
        expect(accepted.length).toBeGreaterThanOrEqual(4);
        expect(accepted.length).toBeLessThan(keys.length);
        check.destroy();
      }
    );
  });
});

describe('byte rate limit', () => {
  it('closes a connection that pushes more bytes per second than allowed with 4429', async () => {
    await withCastServer(
      {
        demoDossiers: 4,
        env: { YJS_MAX_MESSAGE_BYTES: '65536', YJS_MAX_BYTES_PER_SECOND: '20000' }
      },
      async ({ server: limited, cast: lc, cookieA1: cookie }) => {
        const flood = rawYjsSocket(limited.url, lc.dossierA.id, { cookie });
        await flood.opened;
        const padded = new Uint8Array(60_000);
        padded[0] = 3; // query-awareness plus padding: cheap to decode, but every byte counts
        for (let i = 0; i < 5; i++) flood.ws.send(padded);
        expect(await flood.closed).toMatchObject({ code: 4429 });

        // Presence counts too: the same 8 ids (within the per-connection cap) with large states, again and again.
        const presence = rawYjsSocket(limited.url, lc.dossierA.id, { cookie });
        await presence.opened;
        for (let clock = 1; clock <= 5; clock++) {
          presence.ws.send(
            awarenessMessage(
              Array.from({ length: 8 }, (_, i) => ({ clientId: 700 + i, clock, state: { focus: 'x'.repeat(7000) } }))
            )
          );
        }
        expect(await presence.closed).toMatchObject({ code: 4429, reason: expect.stringMatching(/slow down/) });
      }
    );
  });
});

describe('memory and compaction', () => {
  it('evicts a document after its last client leaves and folds its log into a snapshot', async () => {
    await withCastServer(
      // A tiny tail ratio makes folding on unload certain: otherwise whether the tail is "worth" folding depends on
      // how the 45 edits happened to batch (bytes per batch), which varies with machine load.
      {
        demoDossiers: 4,
        env: { YJS_EVICT_AFTER_MS: '50', YJS_COMPACT_AFTER_UPDATES: '20', YJS_COMPACT_TAIL_RATIO: '0.001' }
      },
      async ({ server: own, cast: oc, cookieA1: cookie }) => {
        const c = yClient(own.url, oc.dossierA.id, cookie);
        await c.synced;
        const t = c.doc.getMap('fields').get('website') as Y.Text;
        for (let i = 0; i < 45; i++) t.insert(t.length, String(i % 10));
        await vi.waitFor(() => expect(c.allSaved()).toBe(true));
        expect((await own.app.store.documents.tailStats(oc.dossierA.id)).count).toBeLessThan(20); // compacted past the threshold
        expect(own.app.registry.loadedIds()).toContain(oc.dossierA.id);
        c.destroy();
        await vi.waitFor(() => expect(own.app.registry.loadedIds()).not.toContain(oc.dossierA.id), { timeout: 5000 });
        const stored = await own.app.store.documents.load(oc.dossierA.id);
        expect(stored.tail).toEqual([]);
        const doc = new Y.Doc();
        Y.applyUpdate(doc, stored.snapshot!);
        expect(text(doc, 'website')).toContain('0123456789012');
      }
    );
  });
});

describe('re-authorization of open connections', () => {
  it('closes a connection with 4401 once its session has expired', async () => {
    const clock = manualClock();
    await withCastServer(
      {
        demoDossiers: 4,
        clock,
        env: { YJS_REAUTHORIZE_EVERY_MS: '50', SESSION_IDLE_MINUTES: '10' }
      },
      async ({ server: own, cast: oc, cookieA1: cookie }) => {
        const c = yClient(own.url, oc.dossierA.id, cookie);
        await c.synced;
        const closed = new Promise<number>((resolve) => c.provider.on('connection-close', (e: any) => resolve(e.code)));
        clock.advance(11 * 60_000);
        expect(await closed).toBe(4401);
        c.destroy();
      }
    );
  });
});

describe('persistence', () => {
  it('keeps edits across a graceful restart', async () => {
    const { server: own, cast: ownCast, cookieA1: cookie } = await startCastServer({ demoDossiers: 10 });
    const a = yClient(own.url, ownCast.dossierA.id, cookie);
    await a.synced;
    const notes = a.doc.getMap('fields').get('agreedConditions') as Y.Text;
    notes.insert(0, 'Skonto 2 % bis 10 Tage. ');
    const witness = yClient(own.url, ownCast.dossierA.id, cookie);
    await witness.synced;
    await vi.waitFor(() => expect(text(witness.doc, 'agreedConditions')).toContain('Skonto 2 %'));
    a.destroy();
    witness.destroy();
    await own.close({ keepData: true });

    const again = await startTestServer({ dataDir: own.dataDir });
    try {
      const cookie2 = await login(again.url, ownCast.repA1.email, ownCast.password);
      const b = yClient(again.url, ownCast.dossierA.id, cookie2);
      await b.synced;
      expect(text(b.doc, 'agreedConditions')).toContain('Skonto 2 % bis 10 Tage.');
      b.destroy();
    } finally {
      await again.close();
    }
  });
});
