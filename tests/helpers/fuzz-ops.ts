import * as Y from 'yjs';
import { CONTACT_TEXT_KEYS, DOC_CONTACTS, DOC_FIELDS, DOC_NOTES, FIELD_KEYS } from '../../src/lib/dossier-doc';
import type { SeededRandom } from '../../server/seed/seeded-random';

// No astral characters: random offsets would split surrogate pairs, which Yjs itself patches with U+FFFD;
// that is Yjs behaviour, not the server's, and the browser inputs never split a pair.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzäöüß ,.-\n';

function randomText(rng: SeededRandom, min: number, max: number): string {
  let out = '';
  for (let i = rng.int(min, max); i > 0; i--) out += rng.pick([...ALPHABET]);
  return out;
}

/** Inserts or deletes a few characters at a random position. */
function editText(rng: SeededRandom, text: Y.Text | Y.XmlText): void {
  if (text.length > 0 && rng.chance(0.4)) {
    const at = rng.int(0, text.length - 1);
    text.delete(at, rng.int(1, Math.min(6, text.length - at)));
  } else {
    text.insert(rng.int(0, text.length), randomText(rng, 1, 6));
  }
}

export type FuzzOp =
  | 'field-edit'
  | 'contact-add'
  | 'contact-remove'
  | 'contact-edit'
  | 'contact-primary'
  | 'note-add'
  | 'note-remove'
  | 'note-edit';

const WEIGHTS: ReadonlyArray<readonly [FuzzOp, number]> = [
  ['field-edit', 40],
  ['contact-add', 6],
  ['contact-remove', 4],
  ['contact-edit', 14],
  ['contact-primary', 4],
  ['note-add', 8],
  ['note-remove', 4],
  ['note-edit', 20]
];

/**
 * One random local edit on the dossier layout of doc-keys.ts. Every op reads the client's current view, so
 * concurrent clients regularly edit contacts or paragraphs another client is removing at the same moment.
 * Returns the op that ran (a fallback when the chosen one had nothing to act on).
 */
export function randomOp(doc: Y.Doc, rng: SeededRandom, label: string): FuzzOp {
  const fields = doc.getMap<Y.Text>(DOC_FIELDS);
  const contacts = doc.getArray<Y.Map<unknown>>(DOC_CONTACTS);
  const notes = doc.getXmlFragment(DOC_NOTES);
  let op = rng.weighted(WEIGHTS);
  if ((op === 'contact-remove' || op === 'contact-edit' || op === 'contact-primary') && contacts.length === 0)
    op = 'contact-add';
  if ((op === 'note-remove' || op === 'note-edit') && notes.length === 0) op = 'note-add';
  switch (op) {
    case 'field-edit': {
      const text = fields.get(rng.pick(FIELD_KEYS));
      if (text instanceof Y.Text) editText(rng, text);
      break;
    }
    case 'contact-add': {
      const contact = new Y.Map<unknown>();
      contact.set('id', label);
      for (const key of CONTACT_TEXT_KEYS) contact.set(key, new Y.Text(randomText(rng, 0, 8)));
      contact.set('primary', false);
      contacts.insert(rng.int(0, contacts.length), [contact]);
      break;
    }
    case 'contact-remove':
      contacts.delete(rng.int(0, contacts.length - 1), 1);
      break;
    case 'contact-edit': {
      const text = contacts.get(rng.int(0, contacts.length - 1)).get(rng.pick(CONTACT_TEXT_KEYS));
      if (text instanceof Y.Text) editText(rng, text);
      break;
    }
    case 'contact-primary': {
      // One transaction, as the UI does it; concurrent choices can still leave two primaries, which is
      // fine here: the test asks for identical documents, not for the app's invariants.
      const chosen = rng.int(0, contacts.length - 1);
      doc.transact(() => contacts.forEach((c, i) => c.set('primary', i === chosen)));
      break;
    }
    case 'note-add': {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(randomText(rng, 1, 12))]);
      notes.insert(rng.int(0, notes.length), [paragraph]);
      break;
    }
    case 'note-remove':
      notes.delete(rng.int(0, notes.length - 1), 1);
      break;
    case 'note-edit': {
      const paragraph = notes.get(rng.int(0, notes.length - 1));
      const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
      if (text instanceof Y.XmlText) editText(rng, text);
      break;
    }
  }
  return op;
}

/** Everything the test compares, as one string: the three shared types plus the state vector. */
export function docFingerprint(doc: Y.Doc): { content: string; stateVector: string } {
  const content = JSON.stringify({
    fields: doc.getMap(DOC_FIELDS).toJSON(),
    contacts: doc.getArray(DOC_CONTACTS).toJSON(),
    notes: doc.getXmlFragment(DOC_NOTES).toString()
  });
  return { content, stateVector: Buffer.from(Y.encodeStateVector(doc)).toString('base64') };
}
