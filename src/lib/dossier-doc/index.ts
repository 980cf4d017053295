/**
 * The one home of the dossier document (its Y.Doc): keys, readers, write commands, repairs and the projection
 * into the listable dossier row. Browser and server both use it; nothing here is browser- or node-only.
 */
export * from './doc-schema';
export { sortedContacts, appendOrder, moveContactInOrder, contactIdOf } from './contact-order';
export * from './doc-read';
export * from './doc-write';
export * from './doc-repair';
export * from './doc-projection';
export { inspectDossierUpdate } from './doc-limits';
export * from './doc-search-projection';
