import type * as Y from 'yjs';
import { notesPlainText, readContacts, readFields } from './doc-read';
import { FIELD_KEYS, type FieldKey } from './doc-schema';

/**
 * What full-text search (issue #11) indexes of a dossier's document, projected on save next to
 * projectDossier so the search index never opens documents at query time. Caps keep one pasted novel from
 * dominating the index: a field is at most 5,000 characters in the editor; notes are cut at 20,000
 * (about ten printed pages, far more than any real dossier note).
 */
export interface DossierSearchProjection {
  company: string;
  /** Every non-empty field except the company (that is the "name" hit). */
  fields: Array<{ key: FieldKey; text: string }>;
  /** One text per contact: name, role, e-mail and phone, in display order. */
  contacts: Array<{ id: string; text: string }>;
  notes: string;
}

export const SEARCH_PROJECTION_LIMITS = { field: 5000, notes: 20_000, contacts: 50 } as const;

export function projectDossierSearch(doc: Y.Doc): DossierSearchProjection {
  const fields = readFields(doc);
  return {
    company: fields.company.trim().slice(0, 200),
    fields: FIELD_KEYS.filter((key) => key !== 'company')
      .map((key) => ({ key, text: fields[key].trim().slice(0, SEARCH_PROJECTION_LIMITS.field) }))
      .filter((f) => f.text.length > 0),
    contacts: readContacts(doc)
      .slice(0, SEARCH_PROJECTION_LIMITS.contacts)
      .map((c) => ({
        id: c.id,
        text: [c.name, c.role, c.email, c.phone]
          .map((v) => v.trim())
          .filter(Boolean)
          .join(' · ')
      }))
      .filter((c) => c.id && c.text.length > 0),
    notes: notesPlainText(doc).trim().slice(0, SEARCH_PROJECTION_LIMITS.notes)
  };
}
