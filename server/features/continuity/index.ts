/** Continuity (issue #9): absences, deputies, coverage, the desk, hand-offs, digest, offboarding. Public face. */
export type { CoverageService, CoverageSubject } from './coverage.service';
export { createDigestService, type DigestService, type DigestAbsences } from './digest.service';
export { createDigestRoutes } from './digest.routes';
export { createKnowledgeRiskService, type KnowledgeRiskService } from './knowledge-risk.service';
export { createKnowledgeRiskRoutes } from './knowledge-risk.routes';
export { createDigestAbsences } from './digest-absences';
export {
  createCoverageService,
  type CoverageEngine,
  type CoverageOverlay,
  type CoverageServiceDeps
} from './create-coverage-service';
export { createAbsenceService, type AbsenceService } from './absence.service';
export { createAbsenceRoutes } from './absences.routes';
export { createAbsenceJobs } from './absence.jobs';
export type { Absence, AbsenceStore } from './absence-store';
