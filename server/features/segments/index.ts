/** Segments (issue #11): tags, saved lists, CSV out and in. Public face. */
export { createSegmentService, type SegmentService } from './segments.service';
export { createSegmentRoutes } from './segments.routes';
export type { SegmentStore, SavedList, SegmentScope } from './segment-store';
export type { ImportStore, ImportedDossier } from './import-store';
export { createImportService, type ImportService } from './import.service';
export { createImportRoutes } from './import.routes';
