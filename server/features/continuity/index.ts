/** Continuity (issue #9): absences, deputies, coverage, the desk, hand-offs, digest, offboarding. Public face. */
export type { CoverageService, CoverageSubject } from './coverage.service';
export { createOffboardingService, type OffboardingService } from './offboarding.service';
export type { OffboardingPorts } from './offboarding-ports';
export { createOffboardingRoutes } from './offboarding.routes';
