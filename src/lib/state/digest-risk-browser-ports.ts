import { getAtRiskDossiers, getDigestFor, getKnowledgeRisk } from '$lib/api/digest-risk-api';
import type { DigestPorts } from './digest-state.svelte';
import type { KnowledgeRiskPorts } from './knowledge-risk-state.svelte';

/** The digest screen's ports over the real API. */
export const browserDigestPorts = (): DigestPorts => ({
  load: ({ absenceId }) => getDigestFor({ absenceId })
});

/** The knowledge-risk panel's and page's ports over the real API. */
export const browserKnowledgeRiskPorts = (): KnowledgeRiskPorts => ({
  summary: ({ team }) => getKnowledgeRisk({ team }),
  dossiersOf: (userId) => getAtRiskDossiers({ userId })
});
