/** History: versions of a dossier's document, diffs and restore. The only public face of the feature. */
export { createHistoryService, type HistoryService, type LiveDocuments } from './history.service';
export { createVersionRecorder, type VersionRecorder, type CheckpointInput } from './version-recorder';
export { createVersionChain } from './version-chain';
export { draftInitialDocument, storeInitialDocument } from './initial-document';
export { createHistoryRoutes } from './history.routes';
export type { VersionStore, DocVersion, DocVersionMeta } from './version-store';
export { createClientAttribution } from './client-attribution';
export { createVersionChanges, type VersionChanges } from './version-changes';
