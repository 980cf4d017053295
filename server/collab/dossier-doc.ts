import * as Y from 'yjs';
import {
  CONTACT_TEXT_KEYS,
  DOC_CONTACTS,
  DOC_FIELDS,
  FIELD_KEYS,
  type ContactTextKey,
  type FieldKey
} from '../../src/lib/contract';
import type { DossierProjection } from '../domain/types';

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
  const contacts = doc.getArray<Y.Map<unknown>>(DOC_CONTACTS).toArray();
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
