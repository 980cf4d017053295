import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { YJS_MESSAGE_SAVED } from '../../src/lib/contract';
import { rawYjsSocket } from './clients';

/**
 * Hand-made y-websocket messages for tests that play a hostile or unusual client: the real provider never
 * sends these, so they are encoded here byte by byte (y-protocols' sync and awareness layout, Yjs update v1).
 */

/** A sync message: sub 0 = step 1 (state vector), 1 = step 2, 2 = update. */
export function syncMessage(sub: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, sub);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/** An awareness message announcing `entries` (client id, clock, JSON state). */
export function awarenessMessage(entries: Array<{ clientId: number; clock: number; state: unknown }>): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(inner, entry.clientId);
    encoding.writeVarUint(inner, entry.clock);
    encoding.writeVarString(inner, JSON.stringify(entry.state));
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

/**
 * A Yjs update (v1) holding one GC struct over `client`'s clocks [clock, clock + length) and an empty delete
 * set: 13 bytes or so, and enough to claim that range of someone else's client id.
 */
export function gcUpdate(client: number, clock: number, length: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // one client
  encoding.writeVarUint(e, 1); // one struct
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  encoding.writeUint8(e, 0); // info: GC
  encoding.writeVarUint(e, length);
  encoding.writeVarUint(e, 0); // delete set: no clients
  return encoding.toUint8Array(e);
}

/** A delete set only: deletes `client`'s clocks [clock, clock + length). */
export function deleteUpdate(client: number, clock: number, length: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0); // no structs
  encoding.writeVarUint(e, 1); // delete set: one client
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, 1); // one range
  encoding.writeVarUint(e, clock);
  encoding.writeVarUint(e, length);
  return encoding.toUint8Array(e);
}

/**
 * An update that decodes cleanly but makes Yjs throw halfway through applying it: a string item whose left
 * origin is a clock of its own client that does not exist yet (Yjs trusts same-client references).
 */
export function futureOriginUpdate(client: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, 0);
  encoding.writeUint8(e, 0x80 | 4); // origin present, ContentString
  encoding.writeVarUint(e, client); // origin.client
  encoding.writeVarUint(e, 5); // origin.clock: in the future of this very item
  encoding.writeVarString(e, 'x');
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/**
 * A string item of `client` (at clock 0) whose left origin is `waitsFor`'s clock `clock`: if that clock is in
 * the future, Yjs keeps the item pending until that client writes it, and integrates it then.
 */
export function itemAfter(client: number, waitsFor: number, clock: number, text: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, 0);
  encoding.writeUint8(e, 0x80 | 4); // origin present, ContentString
  encoding.writeVarUint(e, waitsFor);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, text);
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/**
 * A raw /yjs socket that records the server's first state vector (its sync step 1), every SAVED vector and
 * every awareness message, so a test can act on what a real client would know.
 */
export async function rawPeer(baseUrl: string, dossierId: string, cookie: string) {
  const socket = rawYjsSocket(baseUrl, dossierId, { cookie });
  const saved: Array<Map<number, number>> = [];
  let serverState: Map<number, number> | null = null;
  let resolveState: (sv: Map<number, number>) => void = () => {};
  const stateKnown = new Promise<Map<number, number>>((resolve) => (resolveState = resolve));
  socket.ws.on('message', (data: Buffer) => {
    const d = decoding.createDecoder(new Uint8Array(data));
    const type = decoding.readVarUint(d);
    if (type === YJS_MESSAGE_SAVED) saved.push(Y.decodeStateVector(decoding.readVarUint8Array(d)));
    else if (type === 0 && decoding.readVarUint(d) === 0 && !serverState) {
      serverState = Y.decodeStateVector(decoding.readVarUint8Array(d));
      resolveState(serverState);
    }
  });
  await socket.opened;
  return {
    ...socket,
    saved,
    /** The server's state vector from its sync step 1 (sent right after the upgrade). */
    serverState: () => stateKnown,
    send: (message: Uint8Array) => socket.ws.send(message)
  };
}
