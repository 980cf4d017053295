/** Continuity (issue #9): absences, deputies, coverage, the desk, hand-offs, digest, offboarding. Public face. */
export type { CoverageService, CoverageSubject } from './coverage.service';
export { createOffboardingService, type OffboardingService } from './offboarding.service';
export type { OffboardingPorts } from './offboarding-ports';
export { createOffboardingRoutes } from './offboarding.routes';
export { createHandoffService, type HandoffService } from './handoff.service';
export { createHandoffRoutes } from './handoffs.routes';
export { createHandoffJobs } from './handoff.jobs';
export { createBriefingGenerator, type BriefingGenerator, type BriefingSources } from './briefing';
export type { Handoff, HandoffStore } from './handoff-store';
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
