/**
 * Layout of a dossier's Y.Doc. Both the browser editor and the server projection read these keys,
 * so they live here and nowhere else.
 *
 * - `fields`   Y.Map<Y.Text>   one Y.Text per FIELD_KEYS entry (character-level merging)
 * - `contacts` Y.Array<Y.Map>  each contact: CONTACT_TEXT_KEYS as Y.Text, plus `id` (string),
 *                               `primary` (boolean), `confirmedAt` (ISO string) and `confirmedBy` (user id),
 *                               `confirmedByName` (the confirmer's name then, shown when the id is unknown)
 *                               and `order` (number; lists sort by it, then by id — array position is
 *                               not the display order, see src/lib/contract/contact-order.ts)
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

/** Upper bounds the server enforces on a single field value, in characters. */
export const FIELD_MAX_CHARS = 5000;

/** Awareness state each client publishes; the server overwrites `user` with the authenticated identity. */
export interface PresenceState {
  user: { id: string; name: string; color: string };
  /** Field or contact cell the user is in, e.g. `company` or `contact:<id>:phone`; null when none. */
  focus: string | null;
}
