/** Continuity (issue #9): absences, deputies, coverage, the desk, hand-offs, digest, offboarding. Public face. */
export type { CoverageService, CoverageSubject } from './coverage.service';
export { createOffboardingService, type OffboardingService } from './offboarding.service';
export type { OffboardingPorts } from './offboarding-ports';
export { createOffboardingRoutes } from './offboarding.routes';
export { createCoverageAudience, DEFAULT_SHADOW_DAYS, type CoverageAudience } from './coverage-audience';
export { createDigestService, type DigestService, type DigestAbsences } from './digest.service';
export { createDigestRoutes } from './digest.routes';
export { createKnowledgeRiskService, type KnowledgeRiskService } from './knowledge-risk.service';
export { CONTACT_CONFIRM_MS, QUIET_MS } from './knowledge-risk.rules';
export { createKnowledgeRiskRoutes } from './knowledge-risk.routes';
export { createDigestAbsences } from './digest-absences';
export {
  createCoverageService,
  type CoverageEngine,
  type CoverageOverlay,
  type CoverageServiceDeps
} from './create-coverage-service';
export { createCoverageEpoch, COVERAGE_EPOCH_EVENTS, type CoverageEpoch } from './coverage-epoch';
export { createCoverageGapTracker, gapChanges, type CoverageGapTracker } from './coverage-gaps';
export type { CoverageGapStore, OpenCoverageGap } from './coverage-gap-store';
export { createAbsenceService, type AbsenceService } from './absence.service';
export { createAbsenceRoutes } from './absences.routes';
export { createAbsenceJobs } from './absence.jobs';
export type { Absence, AbsenceStore } from './absence-store';
export { createDeskService, type DeskService } from './desk.service';
export { createDeskRoutes } from './desk.routes';
export { registerContinuitySocket, deskAudience } from './continuity.socket';
export { createHandoffService, type HandoffService } from './handoff.service';
export { createHandoffRoutes } from './handoffs.routes';
export { createHandoffJobs } from './handoff.jobs';
export { createHandoffsInForce } from './handoffs-in-force';
export { createBriefingGenerator, type BriefingGenerator, type BriefingSources } from './briefing';
export type { Handoff, HandoffStore } from './handoff-store';
export { offboardingHandoffs } from './offboarding-handoffs';
