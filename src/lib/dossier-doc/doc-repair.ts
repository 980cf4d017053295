import * as Y from 'yjs';
import { sortedContacts } from './contact-order';
import { CONTACT_KEY, CONTACT_TEXT_KEYS, contactsOf, fieldsOf, FIELD_KEYS } from './doc-schema';

/*
 * Repairs are deterministic functions of the document, so two editors repairing the same state at once write
 * the same values and their repairs merge instead of fighting.
 */

/**
 * Creates fields and contact texts that are missing (or still plain strings from an older layout). Call only
 * after the first sync with the server, so it adds what is really missing rather than racing the server's
 * own Y.Text for the same key. Returns whether it wrote anything.
 */
export function ensureDocShape(doc: Y.Doc): boolean {
  const fields = fieldsOf(doc);
  const missing = FIELD_KEYS.filter((key) => !(fields.get(key) instanceof Y.Text));
  const incomplete = contactsOf(doc)
    .toArray()
    .filter((entry) => entry instanceof Y.Map && CONTACT_TEXT_KEYS.some((k) => !(entry.get(k) instanceof Y.Text)));
  if (missing.length === 0 && incomplete.length === 0) return false;
  doc.transact(() => {
    for (const key of missing) {
      const legacy = fields.get(key) as unknown;
      fields.set(key, new Y.Text(typeof legacy === 'string' ? legacy : ''));
    }
    for (const entry of incomplete) {
      for (const key of CONTACT_TEXT_KEYS) {
        const value = entry.get(key);
        if (!(value instanceof Y.Text)) entry.set(key, new Y.Text(typeof value === 'string' ? value : ''));
      }
    }
  });
  return true;
}

/** True when contacts exist but not exactly one carries the primary flag. */
export function needsPrimaryRepair(doc: Y.Doc): boolean {
  const list = contactsOf(doc)
    .toArray()
    .filter((e) => e instanceof Y.Map);
  return list.length > 0 && list.filter((e) => e.get(CONTACT_KEY.primary) === true).length !== 1;
}

/**
 * Concurrent "make primary" (or removing the primary while another is made primary) can leave two flags or
 * none. Keeps the first flagged contact in display order, else the first contact. Returns whether it wrote.
 */
export function repairPrimaryContact(doc: Y.Doc): boolean {
  if (!needsPrimaryRepair(doc)) return false;
  const list = sortedContacts(contactsOf(doc));
  const keep = list.find((e) => e.get(CONTACT_KEY.primary) === true) ?? list[0];
  doc.transact(() => {
    for (const entry of list) {
      const want = entry === keep;
      if (entry.get(CONTACT_KEY.primary) !== want) entry.set(CONTACT_KEY.primary, want);
    }
  });
  return true;
}
