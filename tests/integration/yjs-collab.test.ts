import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { YJS_MESSAGE_SAVED } from '../../src/lib/contract';
import { api, login, rawYjsSocket, yClient } from '../helpers/clients';
import { startCastServer, type DemoCast } from '../helpers/demo-cast';
import type { TestServer } from '../helpers/start-test-server';

let server: TestServer;
let cast: DemoCast;
let cookieA1: string, cookieA2: string, cookieB: string;
const cleanup: Array<() => void> = [];

beforeAll(async () => {
  ({ server, cast, cookieA1, cookieA2, cookieB } = await startCastServer({
    env: { YJS_MAX_MESSAGE_BYTES: String(64 * 1024) }
  }));
});
afterEach(() => cleanup.splice(0).forEach((fn) => fn()));
afterAll(() => server?.close());

function client(dossierId: string, cookie: string) {
  const c = yClient(server.url, dossierId, cookie);
  cleanup.push(() => c.destroy());
  return c;
}
const text = (doc: Y.Doc, key: string) => (doc.getMap('fields').get(key) as Y.Text | undefined)?.toString();

describe('live co-editing', () => {
  it('loads the seeded content of a dossier', async () => {
    const a = client(cast.dossierA.id, cookieA1);
    await a.synced;
    expect(text(a.doc, 'company')).toBe(cast.dossierA.company);
  });

  it('converges when two clients type into the same field at the same time', async () => {
    const a = client(cast.dossierA.id, cookieA1);
    const b = client(cast.dossierA.id, cookieA2);
    await Promise.all([a.synced, b.synced]);
    const ta = a.doc.getMap('fields').get('mainInterests') as Y.Text;
    const tb = b.doc.getMap('fields').get('mainInterests') as Y.Text;
    const base = ta.length;
    for (let i = 0; i < 20; i++) {
      ta.insert(base, 'a');
      tb.insert(0, 'b');
    }
    await vi.waitFor(() => expect(ta.toString()).toBe(tb.toString()), { timeout: 5000 });
    expect(ta.toString().match(/a/g)!.length).toBeGreaterThanOrEqual(20);
    expect(ta.toString().startsWith('b'.repeat(20))).toBe(true);
  });

  it('relays presence with the server-stamped identity, not the one a client claims', async () => {
    const a = client(cast.dossierA.id, cookieA1);
    const b = client(cast.dossierA.id, cookieA2);
    await Promise.all([a.synced, b.synced]);
    a.provider.awareness.setLocalState({ user: { id: 'someone-else', name: 'Mallory', color: '#000' }, focus: 'city' });
    await vi.waitFor(() => {
      const seen = [...b.provider.awareness.getStates().values()].find((s) => s.focus === 'city');
      expect(seen?.user).toMatchObject({ id: cast.repA1.id, name: cast.repA1.name });
    });
  });

  it('projects edited fields into the list so search finds them without opening documents', async () => {
    const a = client(cast.dossierA.id, cookieA1);
    await a.synced;
    const city = a.doc.getMap('fields').get('city') as Y.Text;
    a.doc.transact(() => {
      city.delete(0, city.length);
      city.insert(0, 'Quedlinburg');
    });
    await vi.waitFor(
      async () => {
        const res = await api(server.url, '/api/dossiers?q=quedlinburg', { cookie: cookieA2 });
        expect(res.body.items.map((d: { id: string }) => d.id)).toContain(cast.dossierA.id);
      },
      { timeout: 5000 }
    );
  });
});

describe('saved confirmation', () => {
  it('confirms an edit only once it is durable, with a state vector covering it', async () => {
    const a = client(cast.dossierA.id, cookieA1);
    await a.synced;
    expect(a.allSaved()).toBe(true); // nothing local yet
    (a.doc.getMap('fields').get('segment') as Y.Text).insert(0, 'Key Account ');
    expect(a.allSaved()).toBe(false);
    await vi.waitFor(() => expect(a.allSaved()).toBe(true));
    const stored = await server.app.store.documents.load(cast.dossierA.id);
    const check = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(check, stored.snapshot);
    for (const { update } of stored.tail) Y.applyUpdate(check, update);
    expect(text(check, 'segment')).toContain('Key Account ');
  });
});

describe('authorization and bad input on /yjs', () => {
  it('closes with 4401 without a session', async () => {
    const s = rawYjsSocket(server.url, cast.dossierA.id);
    expect((await s.closed).code).toBe(4401);
  });

  it('closes with 4403 for a dossier of another team', async () => {
    const s = rawYjsSocket(server.url, cast.dossierA.id, { cookie: cookieB });
    expect((await s.closed).code).toBe(4403);
  });

  it('lets a read-only viewer sync but closes with 4403 on their first update, keeping data intact', async () => {
    const cookieViewer = await login(server.url, cast.viewerA.email, cast.password);
    const meta = await api(server.url, `/api/dossiers/${cast.dossierA.id}`, { cookie: cookieViewer });
    expect(meta.body.access).toBe('read');
    const v = client(cast.dossierA.id, cookieViewer);
    await v.synced;
    expect(text(v.doc, 'company')).toBe(cast.dossierA.company);
    // still connected after its handshake (which answers with a sync step 2): it receives live edits
    const editor = client(cast.dossierA.id, cookieA1);
    await editor.synced;
    (editor.doc.getMap('fields').get('segment') as Y.Text).insert(0, 'live-for-viewer ');
    await vi.waitFor(() => expect(text(v.doc, 'segment')).toContain('live-for-viewer'));
    expect(v.provider.wsconnected).toBe(true);
    const closed = new Promise<number>((resolve) => v.provider.on('connection-close', (e: any) => resolve(e.code)));
    (v.doc.getMap('fields').get('industry') as Y.Text).insert(0, 'HACKED ');
    expect(await closed).toBe(4403);
    v.destroy();
    const check = client(cast.dossierA.id, cookieA1);
    await check.synced;
    expect(text(check.doc, 'industry')).not.toContain('HACKED');
  });

  it('closes live connections with 4401 when their session logs out', async () => {
    const cookie = await login(server.url, cast.repA2.email, cast.password);
    const c = client(cast.dossierA.id, cookie);
    await c.synced;
    const closed = new Promise<number>((resolve) => c.provider.on('connection-close', (e: any) => resolve(e.code)));
    expect((await api(server.url, '/api/session', { method: 'DELETE', cookie })).status).toBe(204);
    expect(await closed).toBe(4401);
  });

  it('closes with 4404 for an unknown dossier', async () => {
    const s = rawYjsSocket(server.url, 'no-such-dossier', { cookie: cookieA1 });
    expect((await s.closed).code).toBe(4404);
  });

  it('refuses a foreign Origin before upgrading', async () => {
    const s = rawYjsSocket(server.url, cast.dossierA.id, { cookie: cookieA1, origin: 'https://evil.example' });
    await expect(s.opened).rejects.toThrow(/403/);
  });

  it('closes with 4413 on an oversized message and keeps serving others', async () => {
    const s = rawYjsSocket(server.url, cast.dossierA.id, { cookie: cookieA1 });
    await s.opened;
    s.ws.send(new Uint8Array(70 * 1024));
    expect((await s.closed).code).toBe(4413);
    const a = client(cast.dossierA.id, cookieA2);
    await a.synced;
  });

  it('closes with 4400 on a malformed message without losing accepted data', async () => {
    const a = client(cast.dossierA.id, cookieA1);
    await a.synced;
    (a.doc.getMap('fields').get('website') as Y.Text).insert(0, 'accepted-');
    const b = client(cast.dossierA.id, cookieA2);
    await b.synced;
    await vi.waitFor(() => expect(text(b.doc, 'website')).toContain('accepted-'));

    for (const garbage of [
      new Uint8Array([0, 2, 200, 1, 7]), // update whose length runs past the end
      new Uint8Array([99]), // unknown message type
      (() => {
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, 0);
        encoding.writeVarUint(e, 2);
        encoding.writeVarUint8Array(e, new Uint8Array([1, 1, 255, 255, 255, 255, 15, 0, 0, 0]));
        return encoding.toUint8Array(e);
      })() // crafted update with absurd numbers
    ]) {
      const s = rawYjsSocket(server.url, cast.dossierA.id, { cookie: cookieA1 });
      await s.opened;
      s.ws.send(garbage);
      const { code } = await s.closed;
      expect([4400, 4413]).toContain(code);
    }
    const c = client(cast.dossierA.id, cookieA2);
    await c.synced;
    expect(text(c.doc, 'website')).toContain('accepted-');
  });
});

describe('saved confirmation after a reconnect', () => {
  /** Raw y-websocket peer: collects the server's SAVED state vectors. */
  async function rawPeer(cookie: string) {
    const s = rawYjsSocket(server.url, cast.dossierA.id, { cookie });
    const saved: Array<Map<number, number>> = [];
    s.ws.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(d) === YJS_MESSAGE_SAVED) saved.push(Y.decodeStateVector(decoding.readVarUint8Array(d)));
    });
    await s.opened;
    return { ...s, saved };
  }
  const syncMessage = (sub: number, payload: Uint8Array) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, sub);
    encoding.writeVarUint8Array(e, payload);
    return encoding.toUint8Array(e);
  };

  it('tells a reconnecting client what is durable even when it has nothing new to send', async () => {
    const local = new Y.Doc();
    local.getText('scratch').insert(0, 'typed just before the connection dropped');
    const first = await rawPeer(cookieA1);
    first.ws.send(syncMessage(2, Y.encodeStateAsUpdate(local)));
    await vi.waitFor(() => expect(first.saved.length).toBeGreaterThan(0));
    first.ws.close(); // as if the SAVED had been lost with the connection
    await first.closed;

    const second = await rawPeer(cookieA1);
    second.ws.send(syncMessage(0, Y.encodeStateVector(local)));
    await vi.waitFor(() =>
      expect(second.saved.at(-1)?.get(local.clientID)).toBeGreaterThanOrEqual(Y.getState(local.store, local.clientID))
    );
    second.ws.close();
  });
});
