import * as Y from 'yjs';
import { CONTACT_TEXT_KEYS, DOC_CONTACTS, DOC_FIELDS, FIELD_KEYS, FIELD_MAX_CHARS } from './doc-schema';

/** The types an update touched, with the keys touched in each (Yjs' transaction.changed; the collab runtime's
 * inspectUpdate hook hands it over). */
export type ChangedTypes = ReadonlyMap<Y.AbstractType<unknown>, ReadonlySet<string | null>>;

/** What the runtime does about an update: repair the document, and/or close the sender. */
export interface UpdateVerdict {
  repair?(doc: Y.Doc): void;
  close?: { code: 'too_large' | 'invalid'; reason: string };
}

/**
 * FIELD_MAX_CHARS on the server. The editor's inputs carry `maxlength`, but any client can send a Yjs update
 * directly (a 20,013-character company was accepted), so the limit is enforced on the update path:
 *
 * - An update that leaves a field or contact value it touched longer than the limit is answered with a server
 *   change that trims that value to the limit (persisted and relayed like any edit, attributed to the sender),
 *   so every copy converges on at most FIELD_MAX_CHARS characters.
 * - If the update took the value past the limit (it was within it, or did not exist, before), the sender is
 *   closed with 4413 "field too long": the UI never sends that, so it is a broken or hostile client. Values
 *   stored over the limit before it was enforced are trimmed when next edited, without blaming the editor.
 *   Two editors each adding text within the limit to the same value at once can also pass it together; the
 *   one whose update arrives second is then closed (rare: both must fill most of 5,000 characters at once).
 * - The projection (lists, search) never holds more than the limit per value, whatever the document holds.
 *
 * Refusing before apply would need the update's effect on each value's length, which depends on where its
 * items land (their parents follow from origins in the document); applying and compensating is exact.
 */

/** A value the limit applies to: a field, or a text value of a contact. */
interface Slot {
  holder: Y.Map<unknown>;
  key: string;
}

const FIELD_KEY_SET: ReadonlySet<string> = new Set(FIELD_KEYS);
const CONTACT_KEY_SET: ReadonlySet<string> = new Set(CONTACT_TEXT_KEYS);

const lengthOf = (value: unknown): number => (value instanceof Y.Text || typeof value === 'string' ? value.length : 0);

/** Lengths of every limited value now, per holder map and key (a few dozen O(1) reads). */
function measure(doc: Y.Doc): Map<Y.Map<unknown>, Map<string, number>> {
  const lengths = new Map<Y.Map<unknown>, Map<string, number>>();
  const fields = doc.getMap<unknown>(DOC_FIELDS);
  lengths.set(fields, new Map(FIELD_KEYS.map((key) => [key, lengthOf(fields.get(key))])));
  for (const contact of doc.getArray<unknown>(DOC_CONTACTS).toArray()) {
    if (contact instanceof Y.Map) {
      lengths.set(contact, new Map(CONTACT_TEXT_KEYS.map((key) => [key, lengthOf(contact.get(key))])));
    }
  }
  return lengths;
}

/** The limited values an update touched, from Yjs' changed types (a value's text, or a key of its map). */
function touchedSlots(doc: Y.Doc, changed: ChangedTypes): Slot[] {
  const fields = doc.getMap<unknown>(DOC_FIELDS);
  const contacts = doc.getArray<unknown>(DOC_CONTACTS);
  const touched = new Map<Y.Map<unknown>, Set<string>>();
  const add = (holder: Y.Map<unknown>, key: string | null | undefined) => {
    const limited = holder === fields ? FIELD_KEY_SET : CONTACT_KEY_SET;
    if (typeof key !== 'string' || !limited.has(key)) return;
    let keys = touched.get(holder);
    if (!keys) touched.set(holder, (keys = new Set()));
    keys.add(key);
  };
  const isHolder = (type: unknown): type is Y.Map<unknown> =>
    type === fields || (type instanceof Y.Map && type.parent === contacts);
  for (const [type, keys] of changed) {
    if (isHolder(type)) {
      for (const key of keys) add(type, key);
    } else if (type === contacts) {
      // Contacts added (new maps are not listed themselves) or moved: check them all, there are few.
      for (const contact of contacts.toArray())
        if (isHolder(contact)) for (const key of CONTACT_TEXT_KEYS) add(contact, key);
    } else if (type instanceof Y.Text && isHolder(type.parent)) {
      add(type.parent, type._item?.parentSub);
    }
  }
  return [...touched].flatMap(([holder, keys]) => [...keys].map((key) => ({ holder, key })));
}

/** Cuts a value to the limit, never between the two halves of a surrogate pair. */
function trim({ holder, key }: Slot): void {
  const value = holder.get(key);
  if (lengthOf(value) <= FIELD_MAX_CHARS) return;
  const text = String(value);
  const code = text.charCodeAt(FIELD_MAX_CHARS - 1);
  const keep = code >= 0xd800 && code <= 0xdbff ? FIELD_MAX_CHARS - 1 : FIELD_MAX_CHARS;
  if (value instanceof Y.Text) value.delete(keep, value.length - keep);
  else holder.set(key, text.slice(0, keep));
}

/** CollabHooks.inspectUpdate for dossier documents. */
export function inspectDossierUpdate(options: { doc: Y.Doc }): (changed: ChangedTypes) => UpdateVerdict | null {
  const before = measure(options.doc);
  return (changed) => {
    const over = touchedSlots(options.doc, changed).filter((s) => lengthOf(s.holder.get(s.key)) > FIELD_MAX_CHARS);
    if (over.length === 0) return null;
    const pushedPast = over.some((s) => (before.get(s.holder)?.get(s.key) ?? 0) <= FIELD_MAX_CHARS);
    return {
      repair: () => over.forEach(trim),
      close: pushedPast
        ? { code: 'too_large', reason: `field too long: at most ${FIELD_MAX_CHARS} characters` }
        : undefined
    };
  };
}
