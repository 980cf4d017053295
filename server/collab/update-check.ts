import * as Y from 'yjs';

export type UpdateCheck =
  | { ok: true; /** Client ids whose clock ranges beyond the current state the update writes. */ writes: Set<number> }
  | { ok: false; reason: string };

/**
 * Checks a client's update against the document's current state before it is applied, without touching the
 * document. Two things are found:
 *
 * 1. Updates Yjs would throw on halfway through applying (it integrates struct by struct, so the document
 *    would be left half-changed). Yjs checks references into *other* clients against the state vector (a
 *    missing one is legitimate: the struct waits as pending), but trusts references into the struct's own
 *    client, because a real client can only point at what it already wrote. So a struct whose origin, right
 *    origin or parent lies at or after its own clock in its own client, and a struct or deleted range of
 *    length 0 (no Yjs encoder writes one; a pending empty range makes Yjs throw), are refused. A seeded fuzz test (tests/unit/collab-update-check.test.ts) checks that
 *    what passes here applies without throwing.
 * 2. Which client ids the update *writes*: a struct (item, GC or skip) or a deleted range that reaches past
 *    the document's state for that client, or a reference that waits for it. Those ranges are that client's
 *    future, which only its owner may write (ClientOwnership); ranges within the state are already known (a
 *    struct there is a duplicate Yjs skips, a deletion there is an ordinary edit of someone's content, which
 *    anyone may make). A real client only refers to what it has seen, which for other users' client ids is
 *    always what the server relayed.
 */
export function checkUpdate(options: {
  decoded: ReturnType<typeof Y.decodeUpdate>;
  /** The document's current clock of a client (Y.getState): everything below it is known. */
  stateOf: (client: number) => number;
}): UpdateCheck {
  const { decoded, stateOf: known } = options;
  const writes = new Set<number>();
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    if (!(struct.length >= 1)) return { ok: false, reason: 'empty struct' };
    if (clock + struct.length > known(client)) writes.add(client);
    if (!(struct instanceof Y.Item)) continue;
    const parent = struct.parent instanceof Y.ID ? struct.parent : null;
    for (const ref of [struct.origin, struct.rightOrigin, parent]) {
      if (!ref) continue;
      if (ref.client === client && ref.clock >= clock) return { ok: false, reason: 'struct refers to its own future' };
      // Waiting for another client's future counts as writing it: the struct would be integrated inside that
      // client's next transaction, attributed to (and inspected as) whoever sends it.
      if (ref.client !== client && ref.clock >= known(ref.client)) writes.add(ref.client);
    }
  }
  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      // Yjs cannot re-encode an empty range it has to keep pending (it throws then), and never writes one.
      if (!(range.len >= 1)) return { ok: false, reason: 'empty deleted range' };
      if (range.clock + range.len > known(client)) writes.add(client);
    }
  }
  return { ok: true, writes };
}
