/** Continuity (issue #9): absences, deputies, coverage, the desk, hand-offs, digest, offboarding. Public face. */
export type { CoverageService, CoverageSubject } from './coverage.service';
export { createDigestService, type DigestService, type DigestAbsences } from './digest.service';
export { createDigestRoutes } from './digest.routes';
export { createKnowledgeRiskService, type KnowledgeRiskService } from './knowledge-risk.service';
export { createKnowledgeRiskRoutes } from './knowledge-risk.routes';
export { createDigestAbsences } from './digest-absences';
