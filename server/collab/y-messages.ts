import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { YJS_MESSAGE_SAVED } from '../../src/lib/contract/collab-protocol';

/** y-websocket message types (first varUint of every message). */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** Sub-types of MESSAGE_SYNC (y-protocols/sync). */
export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_STEP1);
  encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
  return encoding.toUint8Array(e);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_STEP2);
  encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, stateVector));
  return encoding.toUint8Array(e);
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_UPDATE);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** Tells a client which state is durable (see YJS_MESSAGE_SAVED in the contract). */
export function encodeSavedMessage(stateVector: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, YJS_MESSAGE_SAVED);
  encoding.writeVarUint8Array(e, stateVector);
  return encoding.toUint8Array(e);
}

export function encodeAwarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(e, awarenessUpdate);
  return encoding.toUint8Array(e);
}

export type IncomingMessage =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' }
  | { kind: 'auth' };

/** Decodes one client message; throws on anything malformed or unknown. */
export function decodeIncoming(data: Uint8Array): IncomingMessage {
  const d = decoding.createDecoder(data);
  const type = decoding.readVarUint(d);
  switch (type) {
    case MESSAGE_SYNC: {
      const sub = decoding.readVarUint(d);
      const payload = decoding.readVarUint8Array(d);
      if (sub === SYNC_STEP1) {
        // Decoded here, not first when answering: a malformed one is the sender's error (4400), not ours.
        try {
          Y.decodeStateVector(payload);
        } catch {
          throw new Error('malformed state vector');
        }
        return { kind: 'sync-step1', stateVector: payload };
      }
      if (sub === SYNC_STEP2 || sub === SYNC_UPDATE) return { kind: 'update', update: payload };
      throw new Error(`unknown sync message ${sub}`);
    }
    case MESSAGE_AWARENESS:
      return { kind: 'awareness', update: decoding.readVarUint8Array(d) };
    case MESSAGE_QUERY_AWARENESS:
      return { kind: 'query-awareness' };
    case MESSAGE_AUTH:
      return { kind: 'auth' };
    default:
      throw new Error(`unknown message type ${type}`);
  }
}
