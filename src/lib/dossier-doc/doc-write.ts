import * as Y from 'yjs';
import { diffText } from '../contract/text-diff';
import { appendOrder, moveContactInOrder } from './contact-order';
import { findContact, readField } from './doc-read';
import { repairPrimaryContact } from './doc-repair';
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

/*
 * Every write command of the dossier document. Each runs in one transaction (joining the caller's, if any),
 * so peers never see a half-done command (e.g. two primaries during a "make primary").
 */

export interface ContactSeed {
  id: string;
  name: string;
  role?: string;
  phone?: string;
  email?: string;
  primary?: boolean;
  /** "Still right as of" (seed and imports): written as confirmedAt / confirmedBy / confirmedByName. */
  confirmed?: { at: string; by: string; byName: string };
}

function newContactEntry(options: { id: string; texts?: Partial<Record<ContactTextKey, string>>; primary: boolean }) {
  const entry = new Y.Map<unknown>();
  entry.set(CONTACT_KEY.id, options.id);
  for (const key of CONTACT_TEXT_KEYS) entry.set(key, new Y.Text(options.texts?.[key] ?? ''));
  entry.set(CONTACT_KEY.primary, options.primary);
  return entry;
}

/** Writes a new dossier's first content: every FIELD_KEYS entry (empty when not given) and the contacts. */
export function writeDossierContent(
  doc: Y.Doc,
  content: { fields: Partial<Record<FieldKey, string>>; contacts?: ContactSeed[] }
): void {
  doc.transact(() => {
    const fields = fieldsOf(doc);
    for (const key of FIELD_KEYS) {
      // Every key gets its Y.Text up front: two clients creating a missing one concurrently would each
      // make their own, and one of them would silently win.
      fields.set(key, new Y.Text(content.fields[key] ?? ''));
    }
    const contacts = contactsOf(doc);
    for (const c of content.contacts ?? []) {
      const entry = newContactEntry({ id: c.id, texts: c, primary: c.primary ?? false });
      entry.set(CONTACT_KEY.order, appendOrder(contacts));
      if (c.confirmed) {
        entry.set(CONTACT_KEY.confirmedAt, c.confirmed.at);
        entry.set(CONTACT_KEY.confirmedBy, c.confirmed.by);
        entry.set(CONTACT_KEY.confirmedByName, c.confirmed.byName);
      }
      contacts.push([entry]);
    }
  });
}

/** Appends an empty contact; it becomes primary when no contact is yet. */
export function addContact(doc: Y.Doc, options: { id: string }): void {
  doc.transact(() => {
    const contacts = contactsOf(doc);
    const hasPrimary = contacts.toArray().some((e) => e instanceof Y.Map && e.get(CONTACT_KEY.primary) === true);
    const entry = newContactEntry({ id: options.id, primary: !hasPrimary });
    entry.set(CONTACT_KEY.order, appendOrder(contacts));
    contacts.push([entry]);
  });
}

/** Makes one contact primary and clears the flag everywhere else in the same transaction. */
export function setPrimaryContact(doc: Y.Doc, contactId: string): void {
  doc.transact(() => {
    for (const entry of contactsOf(doc)) {
      if (!(entry instanceof Y.Map)) continue;
      const want = entry.get(CONTACT_KEY.id) === contactId;
      if (entry.get(CONTACT_KEY.primary) !== want) entry.set(CONTACT_KEY.primary, want);
    }
  });
}

/** One place up (-1) or down (+1) in display order (a key write, see contact-order.ts); false at either end. */
export function moveContact(doc: Y.Doc, contactId: string, delta: -1 | 1): boolean {
  let moved = false;
  doc.transact(() => (moved = moveContactInOrder(contactsOf(doc), contactId, delta)));
  return moved;
}

/** "Still right as of `at`": stamps who checked the contact and when; false when it is gone. */
export function confirmContact(
  doc: Y.Doc,
  options: { contactId: string; at: string; by: string; byName: string }
): boolean {
  const entry = findContact(doc, options.contactId);
  if (!entry) return false;
  doc.transact(() => {
    entry.set(CONTACT_KEY.confirmedAt, options.at);
    entry.set(CONTACT_KEY.confirmedBy, options.by);
    entry.set(CONTACT_KEY.confirmedByName, options.byName);
  });
  return true;
}

/** Removes a contact; when it was the primary, the first one shown takes over, so exactly one stays primary. */
export function removeContact(doc: Y.Doc, contactId: string): boolean {
  let removed = false;
  doc.transact(() => {
    const contacts = contactsOf(doc);
    const index = contacts.toArray().findIndex((e) => e instanceof Y.Map && e.get(CONTACT_KEY.id) === contactId);
    if (index < 0) return;
    contacts.delete(index, 1);
    removed = true;
    repairPrimaryContact(doc);
  });
  return removed;
}

/** Replaces `text` with `next` by one splice of the differing middle, so untouched parts keep their identity. */
export function spliceText(text: Y.Text, next: string): void {
  const change = diffText(text.toString(), next);
  if (!change) return;
  text.delete(change.index, change.deleteCount);
  text.insert(change.index, change.insert);
}

/** Sets a field's text by splicing (creating the Y.Text when it is missing). */
export function writeField(doc: Y.Doc, key: FieldKey, value: string): void {
  doc.transact(() => {
    const fields = fieldsOf(doc);
    const text = fields.get(key);
    if (text instanceof Y.Text) spliceText(text, value);
    else fields.set(key, new Y.Text(value));
  });
}

/**
 * Makes `target`'s content equal to `source`'s as a new change (restore never rewrites history): fields are
 * spliced, contacts and notes replaced by copies.
 */
export function replaceDossierContent(target: Y.Doc, source: Y.Doc): void {
  target.transact(() => {
    for (const key of FIELD_KEYS) writeField(target, key, readField(source, key));
    const contacts = contactsOf(target);
    contacts.delete(0, contacts.length);
    contacts.push(
      contactsOf(source)
        .toArray()
        .map((c: ContactEntry) => c.clone())
    );
    const notes = notesOf(target);
    notes.delete(0, notes.length);
    notes.insert(
      0,
      notesOf(source)
        .toArray()
        .filter((n): n is Y.XmlElement | Y.XmlText => !(n instanceof Y.XmlHook))
        .map((n) => n.clone())
    );
  });
}
