/** Dossiers: the authoritative record, its projection from the document, list and search. Public face. */
export { createDossierService, type DossierService, type InitialDocumentWriter } from './dossier.service';
export { createDossierRoutes } from './dossiers.routes';
export { registerDossierSocket } from './dossiers.socket';
export type { DossierStore, DossierListFilter, DossierOwnership, DossierSortKey } from './dossier-store';
export { stageAfterEvent, type LifecycleEvent } from './dossiers.rules';
