import * as Y from 'yjs';
import { contactIdOf, sortedContacts } from './contact-order';
import {
  CONTACT_KEY,
  CONTACT_TEXT_KEYS,
  contactsOf,
  fieldsOf,
  FIELD_KEYS,
  notesOf,
  type ContactEntry,
  type ContactTextKey,
  type FieldKey
} from './doc-schema';

/** "Still right as of" this ISO time, by that user (id; name as written then, for when the id is unknown). */
export interface ContactConfirmation {
  at: string;
  by: string;
  byName: string;
}

/** A contact as plain values, in display order (history diffs, tests). */
export interface ContactSnapshot {
  id: string;
  name: string;
  role: string;
  phone: string;
  email: string;
  primary: boolean;
}

/** A contact as live Y.Texts, for editors that bind to them. */
export interface ContactLive {
  id: string;
  /** Only the first flagged contact in display order counts as primary (see repairPrimaryContact). */
  primary: boolean;
  texts: Partial<Record<ContactTextKey, Y.Text>>;
  confirmed: ContactConfirmation | null;
}

// Values written before every key was a Y.Text (or by hand) may be plain strings.
const textOf = (value: unknown): string =>
  value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : '';

export function readField(doc: Y.Doc, key: FieldKey): string {
  return textOf(fieldsOf(doc).get(key));
}

/** Every field as plain text (missing ones empty). */
export function readFields(doc: Y.Doc): Record<FieldKey, string> {
  return Object.fromEntries(FIELD_KEYS.map((key) => [key, readField(doc, key)])) as Record<FieldKey, string>;
}

/** The fields that exist as Y.Text (an editor binds to these; ensureDocShape creates the rest). */
export function fieldTexts(doc: Y.Doc): Partial<Record<FieldKey, Y.Text>> {
  const fields = fieldsOf(doc);
  const texts: Partial<Record<FieldKey, Y.Text>> = {};
  for (const key of FIELD_KEYS) {
    const value = fields.get(key);
    if (value instanceof Y.Text) texts[key] = value;
  }
  return texts;
}

export function readContactText(contact: ContactEntry, key: ContactTextKey): string {
  return textOf(contact.get(key));
}

export function readConfirmation(contact: ContactEntry): ContactConfirmation | null {
  const at = contact.get(CONTACT_KEY.confirmedAt);
  const by = contact.get(CONTACT_KEY.confirmedBy);
  const byName = contact.get(CONTACT_KEY.confirmedByName);
  return typeof at === 'string' && typeof by === 'string'
    ? { at, by, byName: typeof byName === 'string' ? byName : '' }
    : null;
}

/** Contacts in display order, with their Y.Texts; entries without an id are skipped. */
export function readContactsLive(doc: Y.Doc): ContactLive[] {
  const views: ContactLive[] = [];
  let primarySeen = false;
  for (const entry of sortedContacts(contactsOf(doc))) {
    const id = entry.get(CONTACT_KEY.id);
    if (typeof id !== 'string') continue;
    const texts: ContactLive['texts'] = {};
    for (const key of CONTACT_TEXT_KEYS) {
      const value = entry.get(key);
      if (value instanceof Y.Text) texts[key] = value;
    }
    // Concurrent "make primary" on two contacts can leave two flags set; show only the first.
    const primary: boolean = entry.get(CONTACT_KEY.primary) === true && !primarySeen;
    primarySeen ||= primary;
    views.push({ id, primary, texts, confirmed: readConfirmation(entry) });
  }
  return views;
}

/** Contacts as plain values, in display order (the shape history diffs send). */
export function readContacts(doc: Y.Doc): ContactSnapshot[] {
  return sortedContacts(contactsOf(doc)).map((c) => ({
    id: contactIdOf(c),
    name: readContactText(c, 'name'),
    role: readContactText(c, 'role'),
    phone: readContactText(c, 'phone'),
    email: readContactText(c, 'email'),
    primary: c.get(CONTACT_KEY.primary) === true
  }));
}

/** The contact entry with that id, or undefined. */
export function findContact(doc: Y.Doc, contactId: string): ContactEntry | undefined {
  return contactsOf(doc)
    .toArray()
    .find((e) => e instanceof Y.Map && e.get(CONTACT_KEY.id) === contactId);
}

/** How many contacts carry the primary flag (exactly 1 is healthy while any contact exists). */
export function primaryFlagCount(doc: Y.Doc): number {
  return contactsOf(doc)
    .toArray()
    .filter((e) => e instanceof Y.Map && e.get(CONTACT_KEY.primary) === true).length;
}

/** Notes as plain text, one line per block, for diffs and search. */
export function notesPlainText(doc: Y.Doc): string {
  const textOfNode = (node: Y.XmlElement | Y.XmlText | Y.XmlHook): string => {
    if (node instanceof Y.XmlText) {
      return (node.toDelta() as Array<{ insert: unknown }>)
        .map((d) => (typeof d.insert === 'string' ? d.insert : ''))
        .join('');
    }
    if (node instanceof Y.XmlElement) {
      const inner = node.toArray().map((child) => textOfNode(child as Y.XmlElement | Y.XmlText));
      // Block containers (lists) put each child on its own line; inline content joins.
      return node.toArray().some((c) => c instanceof Y.XmlElement) ? inner.join('\n') : inner.join('');
    }
    return '';
  };
  return notesOf(doc)
    .toArray()
    .map((n) => textOfNode(n as Y.XmlElement | Y.XmlText))
    .join('\n');
}
