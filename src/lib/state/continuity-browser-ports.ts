import { getAtRiskDossiers, getDigest, getKnowledgeRisk } from '$lib/api/continuity-api';
import type { DigestPorts } from './digest-state.svelte';
import type { KnowledgeRiskPorts } from './knowledge-risk-state.svelte';

/** The digest screen's ports over the real API. */
export const browserDigestPorts = (): DigestPorts => ({
  load: ({ absenceId }) => getDigest({ absenceId })
});

/** The knowledge-risk panel's and page's ports over the real API. */
export const browserKnowledgeRiskPorts = (): KnowledgeRiskPorts => ({
  summary: ({ team }) => getKnowledgeRisk({ team }),
  dossiersOf: (userId) => getAtRiskDossiers({ userId })
});
