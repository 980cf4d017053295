import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import { YJS_MESSAGE_SAVED } from '../../src/lib/contract';

export interface TrackedYClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves on the first completed sync. */
  synced: Promise<void>;
  /** True when the server has confirmed that every local edit of this client is on disk. */
  allSaved(): boolean;
  /** Connected and synced right now (after any number of reconnects). */
  live(): boolean;
  /** Close codes the provider saw, for failure messages. */
  closeCodes: number[];
  destroy(): void;
}

/**
 * The real `y-websocket` provider, authenticated by cookie, with SAVED bookkeeping that stays correct when
 * messages arrive out of order (as they do through the fault relay): the durable state vector is merged
 * by maximum, never overwritten, because what is on disk only grows. `onSaved` sees every merged vector,
 * so callers can confirm individual edits.
 */
export function trackedYClient(options: {
  /** http://host:port of the server or of a relay in front of it. */
  url: string;
  dossierId: string;
  cookie: string;
  onSaved?: (durable: ReadonlyMap<number, number>) => void;
  maxBackoffTime?: number;
}): TrackedYClient {
  const headers = { cookie: options.cookie };
  class CookieWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers, perMessageDeflate: false });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(options.url.replace(/^http/, 'ws') + '/yjs', options.dossierId, doc, {
    WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    resyncInterval: -1,
    maxBackoffTime: options.maxBackoffTime ?? 2500
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    provider.on('sync', (isSynced: boolean) => isSynced && resolve());
  });
  const closeCodes: number[] = [];
  provider.on('connection-close', (event: { code?: number } | null) => closeCodes.push(event?.code ?? 0));
  const durable = new Map<number, number>();
  (provider as unknown as { messageHandlers: unknown[] }).messageHandlers[YJS_MESSAGE_SAVED] = (
    _encoder: unknown,
    decoder: decoding.Decoder
  ) => {
    for (const [client, clock] of Y.decodeStateVector(decoding.readVarUint8Array(decoder))) {
      if (clock > (durable.get(client) ?? 0)) durable.set(client, clock);
    }
    options.onSaved?.(durable);
  };
  return {
    doc,
    provider,
    synced,
    closeCodes,
    allSaved: () => (durable.get(doc.clientID) ?? 0) >= Y.getState(doc.store, doc.clientID),
    live: () => provider.wsconnected && provider.synced,
    destroy() {
      provider.destroy();
      doc.destroy();
    }
  };
}
