import * as Y from 'yjs';

/**
 * Layout of a dossier's Y.Doc: the one place that names its keys. The browser editor, the server's
 * projection, history diffs, restore, the seed and the tests all go through this module (src/lib/dossier-doc),
 * so a key is spelled once. Isomorphic: imports yjs and nothing browser- or node-only.
 *
 * - `fields`   Y.Map<Y.Text>   one Y.Text per FIELD_KEYS entry (character-level merging)
 * - `contacts` Y.Array<Y.Map>  each contact: CONTACT_TEXT_KEYS as Y.Text, plus `id` (string),
 *                               `primary` (boolean), `confirmedAt` (ISO string), `confirmedBy` (user id),
 *                               `confirmedByName` (the confirmer's name then, shown when the id is unknown)
 *                               and `order` (number; lists sort by it, then by id — array position is not
 *                               the display order, see contact-order.ts)
 * - `notes`    Y.XmlFragment   rich-text notes (ProseMirror/Tiptap schema)
 */
export const DOC_FIELDS = 'fields';
export const DOC_CONTACTS = 'contacts';
export const DOC_NOTES = 'notes';

export const FIELD_KEYS = [
  'company',
  'industry',
  'street',
  'postalCode',
  'city',
  'country',
  'website',
  'segment',
  'mainInterests',
  'agreedConditions',
  'preferredChannel'
] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];

/** Fields edited in a multi-line textarea rather than a single-line input. */
export const MULTILINE_FIELDS: ReadonlySet<FieldKey> = new Set(['mainInterests', 'agreedConditions']);

export const CONTACT_TEXT_KEYS = ['name', 'role', 'phone', 'email'] as const;
export type ContactTextKey = (typeof CONTACT_TEXT_KEYS)[number];

/** The non-text keys of a contact Y.Map. */
export const CONTACT_KEY = {
  id: 'id',
  primary: 'primary',
  order: 'order',
  confirmedAt: 'confirmedAt',
  confirmedBy: 'confirmedBy',
  confirmedByName: 'confirmedByName'
} as const;

/** Upper bound the editor puts on a single field value, in characters. */
export const FIELD_MAX_CHARS = 5000;

/** One contact in the document. */
export type ContactEntry = Y.Map<unknown>;

export const fieldsOf = (doc: Y.Doc): Y.Map<Y.Text> => doc.getMap<Y.Text>(DOC_FIELDS);
export const contactsOf = (doc: Y.Doc): Y.Array<ContactEntry> => doc.getArray<ContactEntry>(DOC_CONTACTS);
export const notesOf = (doc: Y.Doc): Y.XmlFragment => doc.getXmlFragment(DOC_NOTES);
