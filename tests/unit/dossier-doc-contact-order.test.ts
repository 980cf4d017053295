import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addContact, contactIdOf, contactsOf, moveContact, sortedContacts } from '../../src/lib/dossier-doc';

function docWithContacts(ids: string[]): Y.Doc {
  const doc = new Y.Doc();
  for (const id of ids) addContact(doc, { id });
  return doc;
}
const order = (doc: Y.Doc) => sortedContacts(contactsOf(doc)).map(contactIdOf);
const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
};

describe('contact order', () => {
  it('moves a contact up and down, and not past either end', () => {
    const doc = docWithContacts(['a', 'b', 'c']);
    expect(moveContact(doc, 'c', -1)).toBe(true);
    expect(order(doc)).toEqual(['a', 'c', 'b']);
    expect(moveContact(doc, 'a', -1)).toBe(false);
    expect(moveContact(doc, 'a', 1)).toBe(true);
    expect(order(doc)).toEqual(['c', 'a', 'b']);
    expect(moveContact(doc, 'b', 1)).toBe(false);
    expect(moveContact(doc, 'ghost', 1)).toBe(false);
  });

  it('a move is one key write: the array keeps its order and the contact its identity', () => {
    const doc = docWithContacts(['a', 'b', 'c']);
    const before = contactsOf(doc).toArray();
    moveContact(doc, 'c', -1);
    expect(contactsOf(doc).toArray()).toEqual(before);
  });

  it('never duplicates or loses a contact when two people move it at once, and both end with one order', () => {
    const a = docWithContacts(['p', 'q', 'r', 's']);
    const b = new Y.Doc();
    sync(a, b);
    moveContact(a, 'r', -1);
    moveContact(b, 'r', 1);
    (contactsOf(b).get(2).get('name') as Y.Text).insert(0, 'typed during the move');
    sync(a, b);
    expect(order(a)).toEqual(order(b));
    expect([...order(a)].sort()).toEqual(['p', 'q', 'r', 's']);
    const r = sortedContacts(contactsOf(a)).find((c) => contactIdOf(c) === 'r')!;
    expect((r.get('name') as Y.Text).toString()).toBe('typed during the move');
  });

  it('contacts without an order key (older documents) keep their array position and get keys on the next move', () => {
    const doc = new Y.Doc();
    doc.transact(() => {
      for (const id of ['x', 'y', 'z']) {
        const entry = new Y.Map<unknown>();
        entry.set('id', id);
        contactsOf(doc).push([entry]);
      }
    });
    expect(order(doc)).toEqual(['x', 'y', 'z']);
    expect(moveContact(doc, 'z', -1)).toBe(true);
    expect(order(doc)).toEqual(['x', 'z', 'y']);
    expect(sortedContacts(contactsOf(doc)).map((c) => c.get('order'))).toEqual([0, 1, 2]);
  });
});
