/**
 * A lean y-websocket client for load generation, on raw `ws`.
 *
 * Sending: the client keeps a Y.Doc (synced once at connect) so its edits are real Yjs updates, sent one
 * per edit as MESSAGE_SYNC/SYNC_UPDATE with the server's own encoders (server/collab/y-messages.ts).
 * Each edit inserts a marker `⟦<sender>:<seq>⟧` into a Y.Text.
 *
 * Receiving: after the handshake the client never decodes Yjs. Yjs writes inserted strings as UTF-8 into
 * the update, so a receiver finds markers with Buffer.indexOf on the raw message and looks the send time
 * up in a table shared by all clients of this process. That keeps the receive path at a few µs per
 * message, so with 10 clients the load generator measures the server, not itself. Incoming updates are
 * also not applied to the local doc: each sender inserts at the end of its own view, which Yjs handles
 * like any concurrent insert.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { DOC_FIELDS, type FieldKey } from '../../src/lib/dossier-doc';
import {
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  MESSAGE_SYNC,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE
} from '../../server/collab/y-messages';
import * as decoding from 'lib0/decoding';

/** Field length each client keeps its view under (50 editors × 80 < 5,000, the server's field limit). */
const TRIM_ABOVE = 80;
const TRIM_TO = 40;

const OPEN = Buffer.from('⟦', 'utf8');
const CLOSE_BYTE = Buffer.from('⟧', 'utf8')[0];
const COLON = 0x3a;

/** Called for every marker found in an incoming update: who sent it, its sequence number, arrival time. */
export type MarkerSink = (receiver: number, sender: number, seq: number, arrivedAt: number) => void;

export interface LoadClientOptions {
  url: string;
  index: number;
  headers?: Record<string, string>;
  field: FieldKey;
  onMarker: MarkerSink;
  /** Records the moment an edit leaves (set before the update is encoded and sent). */
  onSend: (sender: number, seq: number, sentAt: number) => void;
  /** A doc whose full state this client offers the server during the handshake (seeding an empty server). */
  seedDoc?: Y.Doc;
}

export class LoadClient {
  readonly doc: Y.Doc;
  private ws!: WebSocket;
  private seq = 0;
  private synced!: Promise<void>;
  /** Resolves on the first SYNC_UPDATE received (the reference server echoes a seed back to its sender). */
  firstUpdate!: Promise<void>;
  unexpectedClose: string | null = null;

  constructor(private readonly options: LoadClientOptions) {
    this.doc = options.seedDoc ?? new Y.Doc();
    // Our own edits go out one message per transaction, as the y-websocket provider would send them.
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'server' && this.ws?.readyState === WebSocket.OPEN) this.ws.send(encodeSyncUpdate(update));
    });
  }

  /** Opens the socket and completes the handshake: answer the server's step 1, apply its step 2. */
  connect(): Promise<void> {
    const ws = new WebSocket(this.options.url, { headers: this.options.headers, perMessageDeflate: false });
    this.ws = ws;
    let resolveSynced!: () => void;
    let resolveFirst!: () => void;
    this.synced = new Promise((r) => (resolveSynced = r));
    this.firstUpdate = new Promise((r) => (resolveFirst = r));
    let isSynced = false;
    ws.on('message', (data: Buffer) => {
      if (data[0] !== MESSAGE_SYNC) return; // awareness and anything else: not part of this benchmark
      const sub = data[1];
      if (sub === SYNC_UPDATE && isSynced) {
        this.scan(data, performance.now());
        resolveFirst();
        return;
      }
      const d = decoding.createDecoder(data);
      decoding.readVarUint(d);
      decoding.readVarUint(d);
      const payload = decoding.readVarUint8Array(d);
      if (sub === SYNC_STEP1) ws.send(encodeSyncStep2(this.doc, payload));
      else if (sub === SYNC_STEP2 && !isSynced) {
        Y.applyUpdate(this.doc, payload, 'server');
        isSynced = true;
        resolveSynced();
      }
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => {
        ws.send(encodeSyncStep1(this.doc));
        this.synced.then(resolve, reject);
      });
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)));
      ws.once('error', reject);
      ws.on('close', (code, reason) => {
        this.unexpectedClose ??= `${code} ${reason.toString()}`;
        if (!isSynced) reject(new Error(`closed before sync: ${code} ${reason.toString()}`));
      });
    });
  }

  /** One edit: a small insert at the end of this client's view of the field. */
  edit(): void {
    const text = this.doc.getMap<Y.Text>(DOC_FIELDS).get(this.options.field);
    if (!(text instanceof Y.Text)) throw new Error(`field ${this.options.field} is not a Y.Text after sync`);
    const seq = ++this.seq;
    this.options.onSend(this.options.index, seq, performance.now());
    // The server refuses a field past FIELD_MAX_CHARS (5,000), so each client keeps its view short: dropping
    // its oldest text in the same transaction bounds the field at clients × 80 characters.
    this.doc.transact(() => {
      if (text.length > TRIM_ABOVE) text.delete(0, text.length - TRIM_TO);
      text.insert(text.length, `⟦${this.options.index}:${seq}⟧`);
    });
  }

  get sent(): number {
    return this.seq;
  }

  /** Finds every ⟦sender:seq⟧ in a raw message; ASCII digits only, so no string decoding is needed. */
  private scan(data: Buffer, arrivedAt: number): void {
    let at = data.indexOf(OPEN, 2);
    while (at !== -1) {
      let i = at + OPEN.length;
      let sender = 0;
      let seq = 0;
      let part = 0;
      for (; i < data.length && data[i] !== CLOSE_BYTE; i++) {
        const c = data[i];
        if (c === COLON) part = 1;
        else if (c >= 0x30 && c <= 0x39) {
          if (part === 0) sender = sender * 10 + (c - 0x30);
          else seq = seq * 10 + (c - 0x30);
        } else break;
      }
      if (i < data.length && data[i] === CLOSE_BYTE && part === 1)
        this.options.onMarker(this.options.index, sender, seq, arrivedAt);
      at = data.indexOf(OPEN, i);
    }
  }

  close(): Promise<void> {
    this.unexpectedClose = 'closed by benchmark';
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
      setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 1000).unref();
    });
  }
}
