import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import { YJS_MESSAGE_SAVED } from '$lib/contract';

type MessageHandler = (encoder: unknown, decoder: decoding.Decoder) => void;

/**
 * Knows whether every local edit of this tab is durable on the server. The server sends SAVED
 * (see collab-protocol.ts) with the state vector it has on disk after each batch holding our updates;
 * we are saved when that vector covers our own clock. Re-evaluated on each local doc update and each
 * SAVED, so "Saved" is never shown for an edit the server has only relayed, not stored.
 *
 * Only our own clientID counts: updates of other clients reached us through the server, so they are its
 * business, and comparing them would leave us "Saving…" after every remote edit until we type again.
 */
export class SaveTracker {
  private durable = new Map<number, number>();
  private last: boolean | null = null;
  private readonly doc: Y.Doc;
  private readonly provider: WebsocketProvider;
  private readonly onChange: (pending: boolean) => void;

  constructor(options: { doc: Y.Doc; provider: WebsocketProvider; onChange(pending: boolean): void }) {
    this.doc = options.doc;
    this.provider = options.provider;
    this.onChange = options.onChange;
    // y-websocket dispatches by message type through this per-provider table; 100+ is ours.
    (this.provider.messageHandlers as unknown as MessageHandler[])[YJS_MESSAGE_SAVED] = (_encoder, decoder) => {
      this.durable = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      this.evaluate();
    };
    this.doc.on('update', this.evaluate);
    this.evaluate();
  }

  /** True while some local edit is not yet confirmed durable by the server. */
  get pending(): boolean {
    return (this.durable.get(this.doc.clientID) ?? 0) < Y.getState(this.doc.store, this.doc.clientID);
  }

  private evaluate = (): void => {
    const pending = this.pending;
    if (pending === this.last) return;
    this.last = pending;
    this.onChange(pending);
  };

  destroy(): void {
    this.doc.off('update', this.evaluate);
    delete (this.provider.messageHandlers as unknown as MessageHandler[])[YJS_MESSAGE_SAVED];
  }
}
