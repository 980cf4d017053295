import * as Y from 'yjs';
import {
  CONTACT_TEXT_KEYS,
  DOC_CONTACTS,
  DOC_FIELDS,
  DOC_NOTES,
  FIELD_KEYS,
  type ContactSnapshotDTO,
  type ContactTextKey,
  type FieldKey
} from '../../src/lib/contract';
import type { DossierProjection } from '../kernel/types';
import { sortedContacts } from '../../src/lib/contract/contact-order';
import { diffText } from '../../src/lib/contract/text-diff';

export interface ContactSeed {
  id: string;
  name: string;
  role?: string;
  phone?: string;
  email?: string;
  primary?: boolean;
}

/** Writes initial field values (every FIELD_KEYS entry, empty when not given) and contacts into a dossier Y.Doc (used by create and by the demo seed). */
export function writeDossierContent(
  doc: Y.Doc,
  content: { fields: Partial<Record<FieldKey, string>>; contacts?: ContactSeed[] }
): void {
  doc.transact(() => {
    const fields = doc.getMap<Y.Text>(DOC_FIELDS);
    for (const key of FIELD_KEYS) {
      // Every key gets its Y.Text up front: two clients creating a missing one concurrently would each
      // make their own, and one of them would silently win.
      fields.set(key, new Y.Text(content.fields[key] ?? ''));
    }
    const contacts = doc.getArray<Y.Map<unknown>>(DOC_CONTACTS);
    for (const c of content.contacts ?? []) {
      const entry = new Y.Map<unknown>();
      entry.set('id', c.id);
      for (const key of CONTACT_TEXT_KEYS) entry.set(key, new Y.Text(c[key] ?? ''));
      entry.set('primary', c.primary ?? false);
      contacts.push([entry]);
    }
  });
}

const textOf = (value: unknown): string =>
  value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : '';

export function readField(doc: Y.Doc, key: FieldKey): string {
  return textOf(doc.getMap(DOC_FIELDS).get(key));
}

export function readContactText(contact: Y.Map<unknown>, key: ContactTextKey): string {
  return textOf(contact.get(key));
}

/** The listable values of a dossier, read from its document. */
export function projectDossier(doc: Y.Doc): DossierProjection {
  const contacts = sortedContacts(doc.getArray<Y.Map<unknown>>(DOC_CONTACTS));
  return {
    company: readField(doc, 'company').trim().slice(0, 200),
    city: readField(doc, 'city').trim().slice(0, 100),
    industry: readField(doc, 'industry').trim().slice(0, 100),
    contactNames: contacts
      .map((c) => (c instanceof Y.Map ? readContactText(c, 'name').trim() : ''))
      .filter((n) => n.length > 0)
      .slice(0, 50)
  };
}

/** Replaces `text` with `next` by one splice of the differing middle, so untouched parts keep their identity. */
export function spliceText(text: Y.Text, next: string): void {
  const change = diffText(text.toString(), next);
  if (!change) return;
  text.delete(change.index, change.deleteCount);
  text.insert(change.index, change.insert);
}

/**
 * Makes `target`'s content equal to `source`'s as a new change (restore never rewrites history): fields are
 * spliced, contacts and notes replaced by copies. Runs inside the caller's transaction.
 */
export function replaceDossierContent(target: Y.Doc, source: Y.Doc): void {
  const fields = target.getMap<Y.Text>(DOC_FIELDS);
  for (const key of FIELD_KEYS) {
    const value = readField(source, key);
    const text = fields.get(key);
    if (text instanceof Y.Text) spliceText(text, value);
    else fields.set(key, new Y.Text(value));
  }
  const contacts = target.getArray<Y.Map<unknown>>(DOC_CONTACTS);
  contacts.delete(0, contacts.length);
  contacts.push(
    source
      .getArray<Y.Map<unknown>>(DOC_CONTACTS)
      .toArray()
      .map((c) => c.clone())
  );
  const notes = target.getXmlFragment(DOC_NOTES);
  notes.delete(0, notes.length);
  notes.insert(
    0,
    source
      .getXmlFragment(DOC_NOTES)
      .toArray()
      .filter((n): n is Y.XmlElement | Y.XmlText => !(n instanceof Y.XmlHook))
      .map((n) => n.clone())
  );
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
  return doc
    .getXmlFragment(DOC_NOTES)
    .toArray()
    .map((n) => textOfNode(n as Y.XmlElement | Y.XmlText))
    .join('\n');
}

/** Contacts as plain values, in the contract's snapshot shape (history diffs send them as they are). */
/** Contacts in display order (see contact-order.ts), for history diffs. */
export function readContacts(doc: Y.Doc): ContactSnapshotDTO[] {
  return sortedContacts(doc.getArray<Y.Map<unknown>>(DOC_CONTACTS)).map((c) => ({
    id: String(c.get('id') ?? ''),
    name: readContactText(c, 'name'),
    role: readContactText(c, 'role'),
    phone: readContactText(c, 'phone'),
    email: readContactText(c, 'email'),
    primary: c.get('primary') === true
  }));
}
