import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import { YJS_MESSAGE_SAVED } from '$lib/contract';

type MessageHandler = (encoder: unknown, decoder: decoding.Decoder) => void;

/**
 * Knows whether everything this tab's Y.Doc holds is confirmed durable by the server *in this session*.
 * Nothing is trusted from before: content loaded from the device's offline copy (IndexedDB) may hold edits
 * typed offline in an earlier tab, so after an offline reload the tab is unconfirmed until the server says
 * otherwise (it used to claim "Saved" there, because only this tab's fresh clientID was compared).
 *
 * What counts as confirmed, per client of the doc (a state vector):
 * - SAVED (see collab-protocol.ts): the state vector the server has on disk, sent after the initial sync
 *   and after each batch holding our updates;
 * - whatever the server itself sent us (transaction origin = the provider): it relays only what is on disk
 *   and answers a sync only after pending writes are durable, so a colleague's edit arriving here does not
 *   leave us "Saving…" until we type again.
 * Everything else (typed here, loaded from IndexedDB) is pending until one of those covers it.
 *
 * Deletions do not advance a state vector, so a local change that only deletes keeps the tracker pending
 * until the next SAVED (the server sends one after the batch holding it). That SAVED may, in a race of one
 * round trip, belong to an earlier batch; the indicator holds "Saving…" ≥ 600 ms anyway.
 */
export class SaveTracker {
  private readonly confirmed = new Map<number, number>();
  /** Clients whose local clock is ahead of `confirmed`; "Saved" needs it empty. */
  private readonly unconfirmed = new Set<number>();
  private deletionAwaitingSaved = false;
  private last: boolean | null = null;
  private readonly doc: Y.Doc;
  private readonly provider: Pick<WebsocketProvider, 'messageHandlers'>;
  private readonly onChange: (pending: boolean) => void;

  constructor(options: {
    doc: Y.Doc;
    provider: Pick<WebsocketProvider, 'messageHandlers'>;
    onChange(pending: boolean): void;
  }) {
    this.doc = options.doc;
    this.provider = options.provider;
    this.onChange = options.onChange;
    // y-websocket dispatches by message type through this per-provider table; 100+ is ours.
    (this.provider.messageHandlers as unknown as MessageHandler[])[YJS_MESSAGE_SAVED] = (_encoder, decoder) => {
      this.confirm(Y.decodeStateVector(decoding.readVarUint8Array(decoder)));
      this.deletionAwaitingSaved = false;
      this.evaluate();
    };
    for (const client of this.doc.store.clients.keys()) this.unconfirmed.add(client);
    this.doc.on('afterTransaction', this.onTransaction);
    this.evaluate();
  }

  /** True while something in the doc is not yet confirmed durable by the server in this session. */
  get pending(): boolean {
    return this.deletionAwaitingSaved || this.unconfirmed.size > 0;
  }

  private onTransaction = (tr: Y.Transaction): void => {
    const advanced = new Map<number, number>();
    for (const [client, clock] of tr.afterState) {
      if (clock > (tr.beforeState.get(client) ?? 0)) advanced.set(client, clock);
    }
    if (tr.origin === this.provider) {
      this.confirm(advanced);
    } else {
      for (const client of advanced.keys()) this.unconfirmed.add(client);
      if (advanced.size === 0 && tr.deleteSet.clients.size > 0) this.deletionAwaitingSaved = true;
      this.recheck(advanced.keys());
    }
    this.evaluate();
  };

  private confirm(stateVector: Map<number, number>): void {
    for (const [client, clock] of stateVector) {
      if (clock > (this.confirmed.get(client) ?? 0)) this.confirmed.set(client, clock);
    }
    this.recheck(this.unconfirmed);
  }

  private recheck(clients: Iterable<number>): void {
    for (const client of [...clients]) {
      if (Y.getState(this.doc.store, client) <= (this.confirmed.get(client) ?? 0)) this.unconfirmed.delete(client);
    }
  }

  private evaluate = (): void => {
    const pending = this.pending;
    if (pending === this.last) return;
    this.last = pending;
    this.onChange(pending);
  };

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
    delete (this.provider.messageHandlers as unknown as MessageHandler[])[YJS_MESSAGE_SAVED];
  }
}
