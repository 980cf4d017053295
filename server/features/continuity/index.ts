/** Continuity (issue #9): absences, deputies, coverage, the desk, hand-offs, digest, offboarding. Public face. */
export type { CoverageService, CoverageSubject } from './coverage.service';
export { createCoverageAudience, DEFAULT_SHADOW_DAYS, type CoverageAudience } from './coverage-audience';
