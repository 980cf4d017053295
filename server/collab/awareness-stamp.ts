import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { CollabConnection } from './collab-connection';

const MAX_FOCUS_CHARS = 200;

/**
 * Rewrites a client's awareness update so that it cannot impersonate anyone: the `user` of every state is
 * replaced by the connection's authenticated identity, and entries for client ids that another connection
 * owns are dropped. So are removals (null states) of ids nobody owns: y-websocket clients echo every awareness
 * change they receive back to the server, removals of departed colleagues included, and those must not become
 * the echoing connection's ids. Returns the rewritten update, the ids it gives a state (`liveIds`) and the
 * length of its longest stamped state (what the server would hold).
 */
export function stampAwarenessUpdate(options: {
  update: Uint8Array;
  connection: CollabConnection;
  ownerOf: (clientId: number) => string | undefined;
}): { update: Uint8Array; liveIds: number[]; longestState: number } {
  const { connection } = options;
  const d = decoding.createDecoder(options.update);
  const e = encoding.createEncoder();
  const entries: Array<{ clientId: number; clock: number; state: string }> = [];
  const count = decoding.readVarUint(d);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    const raw = decoding.readVarString(d);
    const owner = options.ownerOf(clientId);
    if (owner !== undefined && owner !== connection.id) continue;
    const parsed: unknown = JSON.parse(raw);
    if (parsed === null) {
      if (owner !== undefined) entries.push({ clientId, clock, state: 'null' });
      continue;
    }
    if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('awareness state must be an object');
    const state = parsed as Record<string, unknown>;
    const focus = typeof state.focus === 'string' ? state.focus.slice(0, MAX_FOCUS_CHARS) : null;
    entries.push({ clientId, clock, state: JSON.stringify({ ...state, focus, user: connection.user }) });
  }
  encoding.writeVarUint(e, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(e, entry.clientId);
    encoding.writeVarUint(e, entry.clock);
    encoding.writeVarString(e, entry.state);
  }
  return {
    update: encoding.toUint8Array(e),
    liveIds: entries.filter((x) => x.state !== 'null').map((x) => x.clientId),
    longestState: entries.reduce((n, x) => Math.max(n, x.state.length), 0)
  };
}
