import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate, applyAwarenessUpdate } from 'y-protocols/awareness';
import { stampAwarenessUpdate } from '../../server/collab/awareness-stamp';
import { CollabConnection } from '../../server/collab/collab-connection';

const conn = (id: string, userId: string): CollabConnection =>
  new CollabConnection({
    id,
    user: { id: userId, name: `Name ${userId}`, color: '#123456' },
    access: 'edit',
    send: () => {},
    close: () => {}
  });

function updateFrom(state: Record<string, unknown>) {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  awareness.setLocalState(state);
  return { clientId: doc.clientID, update: encodeAwarenessUpdate(awareness, [doc.clientID]) };
}

function decode(update: Uint8Array) {
  const target = new Awareness(new Y.Doc());
  applyAwarenessUpdate(target, update, null);
  return target.getStates();
}

describe('awareness stamping', () => {
  it('replaces the claimed user with the authenticated one and keeps other fields', () => {
    const { clientId, update } = updateFrom({
      user: { id: 'boss', name: 'The Boss' },
      focus: 'city',
      cursor: { a: 1 }
    });
    const stamped = stampAwarenessUpdate({ update, connection: conn('c1', 'u1'), ownerOf: () => undefined });
    expect(stamped.liveIds).toEqual([clientId]);
    expect(decode(stamped.update).get(clientId)).toEqual({
      user: { id: 'u1', name: 'Name u1', color: '#123456' },
      focus: 'city',
      cursor: { a: 1 }
    });
  });

  it('drops entries for a client id owned by another connection', () => {
    const { update } = updateFrom({ focus: 'city' });
    const stamped = stampAwarenessUpdate({ update, connection: conn('c2', 'u2'), ownerOf: () => 'c1' });
    expect(stamped.liveIds).toEqual([]);
  });

  it("drops a removal of an id nobody owns (a client echoing a departed colleague's removal), keeps its own", () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState({ focus: 'city' });
    awareness.setLocalState(null);
    const removal = encodeAwarenessUpdate(awareness, [doc.clientID]);
    const echoed = stampAwarenessUpdate({ update: removal, connection: conn('c1', 'u1'), ownerOf: () => undefined });
    expect(new Uint8Array(echoed.update)).toEqual(new Uint8Array([0])); // no entries
    const own = stampAwarenessUpdate({ update: removal, connection: conn('c1', 'u1'), ownerOf: () => 'c1' });
    expect(own.update.byteLength).toBeGreaterThan(1);
    expect(own.liveIds).toEqual([]);
  });

  it('throws on a state that is not an object', () => {
    const bad = updateFrom({ focus: 'x' });
    const text = Buffer.from(bad.update);
    // Replace the JSON object with a JSON array of the same length
    const json = JSON.stringify({ focus: 'x' });
    const idx = text.indexOf(json);
    text.write(`[${'1'.repeat(json.length - 2)}]`, idx);
    expect(() =>
      stampAwarenessUpdate({ update: new Uint8Array(text), connection: conn('c', 'u'), ownerOf: () => undefined })
    ).toThrow();
  });
});
