/**
 * Load client of benchmark 3: one raw `ws` socket speaking the y-websocket protocol (ours, reference),
 * Hocuspocus's variant of it (every message prefixed with the document name, an auth message first), or
 * nothing at all (relay: bytes in, bytes out, no handshake).
 *
 * WHY it differs from y-load-client.ts: part (a) runs up to 50 clients at thousands of updates/s and part
 * (b) holds 3,000 sockets, so the generator must stay far lighter than the servers it measures:
 *   - edits are PRE-GENERATED outside the measured window (prepare()); sending is one ws.send per edit.
 *     That is exact because a client never applies what it receives: its own edit stream depends only on
 *     the seed and its own earlier edits (the same trick y-load-client uses).
 *   - receipts are never decoded: markers ⟦sender:seq⟧ are found with Buffer.indexOf (Yjs writes inserted
 *     strings as UTF-8), as in y-load-client.
 *   - "lite" clients (part b) keep no Y.Doc at all: they send a state vector and wait for step 2.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { DOC_FIELDS, type FieldKey } from '../../src/lib/dossier-doc';
import { MESSAGE_AWARENESS, MESSAGE_SYNC, SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE } from '../../server/collab/y-messages';

/** Field length each editor keeps its view under (see prepare). */
const TRIM_ABOVE = 80;
const TRIM_TO = 40;

export type Protocol = 'y' | 'hp' | 'raw';
const OPEN = Buffer.from('⟦', 'utf8');
const CLOSE_BYTE = Buffer.from('⟧', 'utf8')[0];

export interface C3ClientOptions {
  url: string;
  protocol: Protocol;
  /** Document name (Hocuspocus prefixes every message with it). */
  docName: string;
  index: number;
  headers?: Record<string, string>;
  /** Full clients: the field their edits go into. Absent: a lite client without Y.Doc. */
  field?: FieldKey;
  /** Applied locally before connecting (targets whose server starts empty: everyone shares this seed). */
  seed?: Uint8Array;
  /** Lite clients: state vector offered in step 1 (a client that already has the document cached). */
  stateVector?: Uint8Array;
  /** Synced = the first message containing these bytes (cold load); default: the server's step 2. */
  sentinel?: Buffer;
  onMarker?: (receiver: number, sender: number, seq: number, at: number) => void;
  /** One awareness (cursor) update after every n-th edit; 0 = none. */
  awarenessEvery?: number;
}

export class C3Client {
  private ws!: WebSocket;
  private readonly prefix: Buffer;
  readonly doc: Y.Doc | null;
  /** Pre-generated outgoing messages; seq > 0 marks an edit (its send time is recorded). */
  private queue: Array<{ msg: Uint8Array; seq: number }> = [];
  private generated = 0;
  private awarenessClock = 0;
  sent = 0;
  sentAt: number[] = [0];
  /** ms from socket creation to synced (cold-load measurement). */
  syncMs = NaN;
  unexpectedClose: string | null = null;

  constructor(private readonly o: C3ClientOptions) {
    const e = encoding.createEncoder();
    if (o.protocol === 'hp') encoding.writeVarString(e, o.docName);
    this.prefix = Buffer.from(encoding.toUint8Array(e));
    this.doc = o.field ? new Y.Doc() : null;
    if (this.doc && o.seed) Y.applyUpdate(this.doc, o.seed, 'server');
  }

  private frame(write: (e: encoding.Encoder) => void): Uint8Array {
    const e = encoding.createEncoder();
    encoding.writeUint8Array(e, this.prefix);
    write(e);
    return encoding.toUint8Array(e);
  }

  connect(timeoutMs = 60_000): Promise<void> {
    const started = performance.now();
    const ws = new WebSocket(this.o.url, { headers: this.o.headers, perMessageDeflate: false });
    this.ws = ws;
    let synced = false;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`client ${this.o.index}: not synced within ${timeoutMs} ms`)),
        timeoutMs
      );
      const markSynced = () => {
        if (synced) return;
        synced = true;
        this.syncMs = performance.now() - started;
        clearTimeout(timer);
        resolve();
      };
      ws.on('message', (data: Buffer) => {
        const p = this.prefix.length;
        if (this.o.protocol === 'raw') return void (data[p] === MESSAGE_SYNC && this.scan(data, performance.now()));
        if (this.o.sentinel && !synced && data.indexOf(this.o.sentinel, p) !== -1) return markSynced();
        // Hocuspocus answers our step 1 with its own step 1 as a SyncReply (type 4), then step 2 as type 0.
        const type = data[p];
        if (type !== MESSAGE_SYNC && !(type === 4 && this.o.protocol === 'hp')) return; // awareness, auth, acks
        const sub = data[p + 1];
        if (sub === SYNC_UPDATE) return void (synced && this.scan(data, performance.now()));
        if (sub === SYNC_STEP1 && this.doc) {
          // Answer with what we have: seeds an empty reference/Hocuspocus document with the shared seed.
          const d = decoding.createDecoder(data.subarray(p + 2));
          const sv = decoding.readVarUint8Array(d);
          ws.send(
            this.frame(
              (e) => (
                encoding.writeVarUint(e, MESSAGE_SYNC),
                encoding.writeVarUint(e, SYNC_STEP2),
                encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(this.doc!, sv))
              )
            )
          );
        } else if (sub === SYNC_STEP2 && !this.o.sentinel) {
          if (this.doc) {
            const d = decoding.createDecoder(data.subarray(p + 2));
            Y.applyUpdate(this.doc, decoding.readVarUint8Array(d), 'server');
          }
          markSynced();
        }
      });
      ws.once('open', () => {
        if (this.o.protocol === 'raw') return markSynced();
        // Hocuspocus holds every message until the auth message (type 2, token) of the document arrived.
        if (this.o.protocol === 'hp')
          ws.send(
            this.frame(
              (e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint(e, 0), encoding.writeVarString(e, 'bench'))
            )
          );
        const sv = this.doc ? Y.encodeStateVector(this.doc) : (this.o.stateVector ?? new Uint8Array([0]));
        ws.send(
          this.frame(
            (e) => (
              encoding.writeVarUint(e, MESSAGE_SYNC),
              encoding.writeVarUint(e, SYNC_STEP1),
              encoding.writeVarUint8Array(e, sv)
            )
          )
        );
      });
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)));
      ws.once('error', reject);
      ws.on('close', (code, reason) => {
        this.unexpectedClose ??= `${code} ${reason.toString()}`;
        if (!synced) reject(new Error(`closed before sync: ${code} ${reason.toString()}`));
      });
    });
  }

  /** Generates the next `count` edits (and their awareness updates) without sending them. */
  prepare(count: number): void {
    const doc = this.doc!;
    const text = doc.getMap<Y.Text>(DOC_FIELDS).get(this.o.field!);
    if (!(text instanceof Y.Text)) throw new Error(`field ${this.o.field} is not a Y.Text after sync`);
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array, origin: unknown) => void (origin !== 'server' && (update = u));
    doc.on('update', capture);
    const every = this.o.awarenessEvery ?? 0;
    for (let i = 0; i < count; i++) {
      const seq = ++this.generated;
      // The server refuses a field past FIELD_MAX_CHARS (5,000): trim this view in the same transaction, which
      // bounds the field at editors × 80 characters (50 × 80 < 5,000).
      doc.transact(() => {
        if (text.length > TRIM_ABOVE) text.delete(0, text.length - TRIM_TO);
        text.insert(text.length, `⟦${this.o.index}:${seq}⟧`);
      });
      const u = update!;
      this.queue.push({
        msg: this.frame(
          (e) => (
            encoding.writeVarUint(e, MESSAGE_SYNC),
            encoding.writeVarUint(e, SYNC_UPDATE),
            encoding.writeVarUint8Array(e, u)
          )
        ),
        seq
      });
      if (every > 0 && seq % every === 0) this.queue.push({ msg: this.awareness(text.length), seq: 0 });
    }
    doc.off('update', capture);
  }

  /** A cursor update as y-protocols encodes it: [count=1][clientID][clock][JSON state]. */
  private awareness(cursor: number): Uint8Array {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, this.doc!.clientID);
    encoding.writeVarUint(e, ++this.awarenessClock);
    encoding.writeVarString(
      e,
      JSON.stringify({ user: { name: `bench ${this.o.index}` }, cursor: { anchor: cursor, head: cursor } })
    );
    const state = encoding.toUint8Array(e);
    return this.frame((f) => (encoding.writeVarUint(f, MESSAGE_AWARENESS), encoding.writeVarUint8Array(f, state)));
  }

  /** Sends the next pre-generated edit (plus any awareness message queued behind it). */
  sendNext(): boolean {
    const next = this.queue.shift();
    if (!next) return false;
    this.sentAt[next.seq] = performance.now();
    this.ws.send(next.msg);
    this.sent = next.seq;
    while (this.queue.length > 0 && this.queue[0].seq === 0) this.ws.send(this.queue.shift()!.msg);
    return true;
  }

  get pending(): number {
    return this.queue.length;
  }

  private scan(data: Buffer, at: number): void {
    const sink = this.o.onMarker;
    if (!sink) return;
    let i = data.indexOf(OPEN, 2);
    while (i !== -1) {
      let j = i + OPEN.length;
      let sender = 0;
      let seq = 0;
      let part = 0;
      for (; j < data.length && data[j] !== CLOSE_BYTE; j++) {
        const c = data[j];
        if (c === 0x3a) part = 1;
        else if (c >= 0x30 && c <= 0x39) {
          if (part === 0) sender = sender * 10 + c - 0x30;
          else seq = seq * 10 + c - 0x30;
        } else break;
      }
      if (j < data.length && data[j] === CLOSE_BYTE && part === 1) sink(this.o.index, sender, seq, at);
      i = data.indexOf(OPEN, j);
    }
  }

  close(): Promise<void> {
    this.unexpectedClose = 'closed by benchmark';
    if (!this.ws || this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => (this.ws.terminate(), resolve()), 1000);
      this.ws.once('close', () => (clearTimeout(t), resolve()));
      this.ws.close();
    });
  }
}
