import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import { SaveTracker } from '../../src/lib/realtime/save-tracker';
import { login, yClient } from '../helpers/clients';
import { startCastServer, type DemoCast } from '../helpers/demo-cast';
import type { TestServer } from '../helpers/start-test-server';

const text = (doc: Y.Doc) => doc.getMap<Y.Text>('fields').get('mainInterests') as Y.Text;

/** Stands in for the WebsocketProvider: its message table (where SAVED lands) and its identity as an origin. */
function fakeProvider() {
  const provider = { messageHandlers: [] as unknown[] };
  return {
    provider,
    /** The server's SAVED message carrying `serverDoc`'s state vector as durable. */
    saved(serverDoc: Y.Doc) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint8Array(encoder, Y.encodeStateVector(serverDoc));
      const handler = provider.messageHandlers[100] as (e: unknown, d: decoding.Decoder) => void;
      handler(encoding.createEncoder(), decoding.createDecoder(encoding.toUint8Array(encoder)));
    },
    /** An update the server sent (relayed or its sync answer): y-websocket applies it with itself as origin. */
    receive(doc: Y.Doc, from: Y.Doc) {
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(from, Y.encodeStateVector(doc)), provider);
    }
  };
}

/** The server's copy with one field, and a tab that synced it (so its offline copy holds the server's state). */
function serverAndSyncedTab() {
  const server = new Y.Doc();
  const field = new Y.Text('Maschinenbau');
  server.getMap('fields').set('mainInterests', field);
  const tab = new Y.Doc();
  Y.applyUpdate(tab, Y.encodeStateAsUpdate(server));
  return { server, tab };
}

/** A reload: a new Y.Doc (new clientID) filled from the device's copy of the previous tab. */
function reloadFrom(previousTab: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(previousTab), 'indexeddb');
  return doc;
}

function track(doc: Y.Doc, provider: { messageHandlers: unknown[] }) {
  const onChange = vi.fn<(pending: boolean) => void>();
  const tracker = new SaveTracker({ doc, provider: provider as never, onChange });
  return { tracker, onChange };
}

describe('SaveTracker: "Saved" only for what the server confirmed in this session', () => {
  it('after an offline reload, is pending even when the device holds nothing new, until SAVED covers it', () => {
    const { server, tab } = serverAndSyncedTab();
    const fake = fakeProvider();
    const { tracker } = track(new Y.Doc(), fake.provider);
    expect(tracker.pending).toBe(false);
    const reloaded = reloadFrom(tab);
    const { tracker: afterReload, onChange } = track(reloaded, fake.provider);
    // The old tracker compared only this tab's fresh clientID (clock 0) and said "Saved" here.
    expect(afterReload.pending).toBe(true);
    expect(onChange).toHaveBeenLastCalledWith(true);

    fake.saved(server);
    expect(afterReload.pending).toBe(false);
    expect(onChange).toHaveBeenLastCalledWith(false);
  });

  it('keeps edits typed offline in an earlier tab pending until the server has them on disk', () => {
    const { server, tab } = serverAndSyncedTab();
    text(tab).insert(text(tab).length, ' und Robotik'); // typed offline, never sent
    const reloaded = reloadFrom(tab);
    const fake = fakeProvider();
    const { tracker } = track(reloaded, fake.provider);
    expect(tracker.pending).toBe(true);

    // Reconnect: the SAVED answering our sync step 1 is the server's state before our step 2 arrived.
    fake.saved(server);
    expect(tracker.pending).toBe(true);
    // Our step 2 reaches the server and is written; the SAVED after that batch covers the offline edit.
    Y.applyUpdate(server, Y.encodeStateAsUpdate(reloaded, Y.encodeStateVector(server)));
    fake.saved(server);
    expect(tracker.pending).toBe(false);
  });

  it('marks a local edit pending until SAVED covers it', () => {
    const { server } = serverAndSyncedTab();
    const doc = new Y.Doc();
    const fake = fakeProvider();
    const { tracker, onChange } = track(doc, fake.provider);
    fake.receive(doc, server);
    fake.saved(server);
    expect(tracker.pending).toBe(false);

    text(doc).insert(0, 'x');
    expect(tracker.pending).toBe(true);
    fake.saved(server); // a SAVED from before our edit reached the server
    expect(tracker.pending).toBe(true);
    fake.receive(server, doc);
    fake.saved(server);
    expect(tracker.pending).toBe(false);
    expect(onChange.mock.calls.map(([p]) => p)).toEqual([false, true, false]);
  });

  it("counts a colleague's edit relayed by the server as confirmed (the server relays only what is on disk)", () => {
    const { server, tab: colleague } = serverAndSyncedTab();
    const doc = new Y.Doc();
    const fake = fakeProvider();
    const { tracker } = track(doc, fake.provider);
    fake.receive(doc, server);
    fake.saved(server);

    text(colleague).insert(0, 'Neu: ');
    Y.applyUpdate(server, Y.encodeStateAsUpdate(colleague, Y.encodeStateVector(server)));
    fake.receive(doc, server);
    expect(text(doc).toString()).toBe('Neu: Maschinenbau');
    expect(tracker.pending).toBe(false);
  });

  it('keeps a deletion (which advances no clock) pending until the next SAVED', () => {
    const { server } = serverAndSyncedTab();
    const doc = new Y.Doc();
    const fake = fakeProvider();
    const { tracker } = track(doc, fake.provider);
    fake.receive(doc, server);
    fake.saved(server);

    text(doc).delete(0, 5);
    expect(tracker.pending).toBe(true);
    fake.saved(server);
    expect(tracker.pending).toBe(false);
  });

  it('stops listening on destroy', () => {
    const fake = fakeProvider();
    const doc = new Y.Doc();
    const { tracker, onChange } = track(doc, fake.provider);
    tracker.destroy();
    doc.getMap('fields').set('mainInterests', new Y.Text('x'));
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(fake.provider.messageHandlers[100]).toBeUndefined();
  });
});

describe('SaveTracker against the real server (y-websocket provider, SAVED over /yjs)', () => {
  let server: TestServer;
  let cast: DemoCast;
  let cookie: string;
  beforeAll(async () => {
    ({ server, cast, cookieA1: cookie } = await startCastServer());
  });
  afterAll(() => server?.close());

  function provider(doc: Y.Doc) {
    class CookieWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie } });
      }
    }
    return new WebsocketProvider(server.url.replace(/^http/, 'ws') + '/yjs', cast.dossierA.id, doc, {
      WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      connect: false
    });
  }

  it('turns an offline reload with unsent edits into "Saved" only once the server stored them', async () => {
    // An earlier tab synced, then typed offline; its device copy is all the reloaded tab starts from.
    const earlier = yClient(server.url, cast.dossierA.id, cookie);
    await earlier.synced;
    earlier.provider.disconnect();
    text(earlier.doc).insert(0, 'Offline getippt. ');
    const reloaded = reloadFrom(earlier.doc);
    earlier.destroy();

    const live = provider(reloaded);
    const states: boolean[] = [];
    const tracker = new SaveTracker({ doc: reloaded, provider: live, onChange: (p) => states.push(p) });
    try {
      expect(tracker.pending).toBe(true);
      live.connect();
      await vi.waitFor(() => expect(tracker.pending).toBe(false), { timeout: 5_000 });
      expect(states).toEqual([true, false]);

      // What "Saved" claimed is true: a fresh client reads the offline edit from the server.
      const reader = yClient(server.url, cast.dossierA.id, await login(server.url, cast.repA2.email, cast.password));
      await reader.synced;
      expect(text(reader.doc).toString()).toMatch(/^Offline getippt\. /);
      reader.destroy();
    } finally {
      tracker.destroy();
      live.destroy();
    }
  });
});
