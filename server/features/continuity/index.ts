/** Continuity (issue #9): absences, deputies, coverage, the desk, hand-offs, digest, offboarding. Public face. */
export type { CoverageService, CoverageSubject } from './coverage.service';
export { createHandoffService, type HandoffService } from './handoff.service';
export { createHandoffRoutes } from './handoffs.routes';
export { createHandoffJobs } from './handoff.jobs';
export { createHandoffsInForce } from './handoffs-in-force';
export { createBriefingGenerator, type BriefingGenerator, type BriefingSources } from './briefing';
export type { Handoff, HandoffStore } from './handoff-store';
