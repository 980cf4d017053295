import type * as Y from 'yjs';
import { sortedContacts } from './contact-order';
import { readContactsLive, readContactText, readField } from './doc-read';
import { contactsOf } from './doc-schema';

/**
 * The listable and searchable values of a dossier, projected from its document on save so lists and search
 * never open documents. Lengths are capped so one pasted novel cannot bloat every list row and the search
 * index (the editor allows 5,000 characters per field; a list cell shows well under 200).
 */
export interface DossierDocProjection {
  company: string;
  city: string;
  industry: string;
  street: string;
  postalCode: string;
  /** Names of the contacts in display order, blank ones left out. */
  contactNames: string[];
  knowledge: DocKnowledgeProjection;
}

/**
 * What "knowledge at risk" (issue #9, server knowledge-risk.rules.ts K2/K3) needs of the document, projected so
 * the per-person counts never open documents.
 */
export interface DocKnowledgeProjection {
  hasPrimaryContact: boolean;
  /** ISO time the primary contact was last confirmed as still right; null when never or no primary contact. */
  primaryContactConfirmedAt: string | null;
  hasMainInterests: boolean;
  hasAgreedConditions: boolean;
}

export function projectKnowledge(doc: Y.Doc): DocKnowledgeProjection {
  const primary = readContactsLive(doc).find((c) => c.primary);
  return {
    hasPrimaryContact: primary !== undefined,
    primaryContactConfirmedAt: primary?.confirmed?.at ?? null,
    hasMainInterests: readField(doc, 'mainInterests').trim().length > 0,
    hasAgreedConditions: readField(doc, 'agreedConditions').trim().length > 0
  };
}

export const PROJECTION_LIMITS = {
  company: 200,
  city: 100,
  industry: 100,
  street: 200,
  postalCode: 20,
  contactName: 200,
  contacts: 50
} as const;

export function projectDossier(doc: Y.Doc): DossierDocProjection {
  const value = (key: 'company' | 'city' | 'industry' | 'street' | 'postalCode') =>
    readField(doc, key).trim().slice(0, PROJECTION_LIMITS[key]);
  return {
    company: value('company'),
    city: value('city'),
    industry: value('industry'),
    street: value('street'),
    postalCode: value('postalCode'),
    contactNames: sortedContacts(contactsOf(doc))
      .map((c) => readContactText(c, 'name').trim().slice(0, PROJECTION_LIMITS.contactName))
      .filter((n) => n.length > 0)
      .slice(0, PROJECTION_LIMITS.contacts),
    knowledge: projectKnowledge(doc)
  };
}
