import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUpdate } from '../../server/collab/update-check';
import { createSeededRandom } from '../../server/seed/seeded-random';
import { deleteUpdate, futureOriginUpdate, gcUpdate, itemAfter } from '../helpers/yjs-wire';

/** A document like a dossier: a map of texts, an array of maps, rich-text notes, edited by client 1. */
function baseDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 1;
  const fields = doc.getMap<Y.Text>('fields');
  fields.set('company', new Y.Text('Müller GmbH & Co. KG'));
  const contact = new Y.Map<unknown>();
  doc.getArray('contacts').push([contact]);
  contact.set('name', new Y.Text('Anna'));
  fields.get('company')!.insert(3, 'XYZ');
  fields.get('company')!.delete(1, 2);
  doc.getXmlFragment('notes').insert(0, [new Y.XmlElement('p')]);
  return doc;
}

const check = (doc: Y.Doc, update: Uint8Array) =>
  checkUpdate({ decoded: Y.decodeUpdate(update), stateOf: (client) => Y.getState(doc.store, client) });

describe('update check', () => {
  it('names the client ids an update writes past the current state, and no others', () => {
    const server = baseDoc();
    const editor = new Y.Doc();
    editor.clientID = 2;
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(server));
    const before = Y.encodeStateVector(editor);
    editor.getMap<Y.Text>('fields').get('company')!.delete(0, 4); // deletes client 1's known content
    editor.getMap<Y.Text>('fields').get('company')!.insert(0, 'Neu ');
    expect(check(server, Y.encodeStateAsUpdate(editor, before))).toEqual({ ok: true, writes: new Set([2]) });
    // the whole state again (as IndexedDB replays it): client 1's part is known, so only 2 is written
    expect(check(server, Y.encodeStateAsUpdate(editor))).toEqual({ ok: true, writes: new Set([2]) });
  });

  it("counts a GC struct or a deletion past another client's state as writing that client", () => {
    const server = baseDoc();
    const clock = Y.getState(server.store, 1);
    expect(check(server, gcUpdate(1, clock, 5))).toEqual({ ok: true, writes: new Set([1]) });
    expect(check(server, deleteUpdate(1, clock - 1, 3))).toEqual({ ok: true, writes: new Set([1]) });
    expect(check(server, deleteUpdate(1, 0, clock))).toEqual({ ok: true, writes: new Set() });
  });

  it("counts waiting for another client's future as writing it, and referring to its past as nothing", () => {
    const server = baseDoc();
    const clock = Y.getState(server.store, 1);
    expect(check(server, itemAfter(9, 1, clock + 3, 'x'))).toEqual({ ok: true, writes: new Set([9, 1]) });
    expect(check(server, itemAfter(9, 1, clock - 1, 'x'))).toEqual({ ok: true, writes: new Set([9]) });
  });

  it('refuses a struct that refers to its own future and a struct of length 0', () => {
    const server = baseDoc();
    expect(check(server, futureOriginUpdate(77))).toEqual({ ok: false, reason: 'struct refers to its own future' });
    expect(check(server, gcUpdate(77, 0, 0))).toEqual({ ok: false, reason: 'empty struct' });
    expect(() => Y.applyUpdate(baseDoc(), futureOriginUpdate(77))).toThrow();
  });

  // Property: whatever passes the check applies without throwing. Real updates are mutated byte by byte; those
  // that still decode are checked and applied to a copy of the document.
  const seed = process.env.UPDATE_CHECK_SEED ? Number(process.env.UPDATE_CHECK_SEED) : randomInt(2 ** 31);
  it(`lets nothing through that Yjs throws on while applying (seed=${seed})`, () => {
    const rng = createSeededRandom(seed);
    const base = Y.encodeStateAsUpdate(baseDoc());
    let passed = 0;
    let refusedWouldThrow = 0;
    for (let i = 0; i < 2000; i++) {
      const editor = new Y.Doc();
      editor.clientID = 2;
      Y.applyUpdate(editor, base);
      const before = Y.encodeStateVector(editor);
      const company = editor.getMap<Y.Text>('fields').get('company')!;
      for (let op = rng.int(1, 4); op > 0; op--) {
        const r = rng.next();
        const at = rng.int(0, company.length);
        if (r < 0.4) company.insert(at, 'ab');
        else if (r < 0.55 && company.length > at) company.delete(at, 1);
        else if (r < 0.7) (editor.getArray('contacts').get(0) as Y.Map<unknown>).set('role', `r${op}`);
        else if (r < 0.8) editor.getArray('contacts').push([new Y.Map()]);
        else if (r < 0.9) (editor.getXmlFragment('notes').get(0) as Y.XmlElement).insert(0, [new Y.XmlText('hi')]);
        else company.format(0, 2, { bold: true });
      }
      const update = Y.encodeStateAsUpdate(editor, before);
      for (let m = rng.int(1, 3); m > 0; m--) {
        update[rng.int(0, update.length - 1)] = rng.chance(0.5) ? rng.int(0, 255) : rng.int(0, 5);
      }
      let decoded;
      try {
        decoded = Y.decodeUpdate(update);
      } catch {
        continue; // refused before the check, as the server does
      }
      const target = new Y.Doc();
      target.clientID = 3;
      Y.applyUpdate(target, base);
      const verdict = checkUpdate({ decoded, stateOf: (client) => Y.getState(target.store, client) });
      let threw = false;
      try {
        Y.applyUpdate(target, update);
      } catch {
        threw = true;
      }
      if (verdict.ok) {
        expect(threw, `update passed the check but threw (seed=${seed}, case ${i})`).toBe(false);
        passed++;
      } else if (threw) refusedWouldThrow++;
    }
    // The mutations must exercise both sides, or the property says nothing.
    expect(passed).toBeGreaterThan(200);
    expect(refusedWouldThrow).toBeGreaterThan(3);
  });
});
