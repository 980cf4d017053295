import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendOrder, moveContact, sortedContacts } from '../../src/lib/contract/contact-order';

function docWithContacts(ids: string[]): Y.Doc {
  const doc = new Y.Doc();
  const contacts = doc.getArray<Y.Map<unknown>>('contacts');
  doc.transact(() => {
    for (const id of ids) {
      const c = new Y.Map<unknown>();
      c.set('id', id);
      c.set('order', appendOrder(contacts));
      contacts.push([c]);
    }
  });
  return doc;
}
const order = (doc: Y.Doc) => sortedContacts(doc.getArray<Y.Map<unknown>>('contacts')).map((c) => c.get('id'));
const sync = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
};

describe('contact order', () => {
  it('moves a contact up and down', () => {
    const doc = docWithContacts(['a', 'b', 'c']);
    const contacts = doc.getArray<Y.Map<unknown>>('contacts');
    expect(moveContact(contacts, 'c', -1)).toBe(true);
    expect(order(doc)).toEqual(['a', 'c', 'b']);
    expect(moveContact(contacts, 'a', -1)).toBe(false);
    expect(moveContact(contacts, 'a', 1)).toBe(true);
    expect(order(doc)).toEqual(['c', 'a', 'b']);
  });

  it('never duplicates or loses a contact when two people move it at once, and both end with one order', () => {
    const a = docWithContacts(['p', 'q', 'r', 's']);
    const b = new Y.Doc();
    sync(a, b);
    const ta = new Y.Text();
    a.getArray<Y.Map<unknown>>('contacts').get(2).set('name', ta);
    sync(a, b);
    moveContact(a.getArray('contacts'), 'r', -1);
    moveContact(b.getArray('contacts'), 'r', 1);
    (b.getArray<Y.Map<unknown>>('contacts').get(2).get('name') as Y.Text).insert(0, 'typed during the move');
    sync(a, b);
    expect(order(a)).toEqual(order(b));
    expect([...order(a)].sort()).toEqual(['p', 'q', 'r', 's']);
    const r = sortedContacts(a.getArray('contacts')).find((c) => c.get('id') === 'r')!;
    expect((r.get('name') as Y.Text).toString()).toBe('typed during the move');
  });
});
