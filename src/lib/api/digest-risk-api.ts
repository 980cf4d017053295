import type { AtRiskDossierDTO, DigestDTO, KnowledgeRiskDTO } from '$lib/contract';
import { request, type Fetch } from './request';

/** GET /api/digest[?absenceId=]: "while you were away" for the caller's last ended absence, or the given one. */
export function getDigestFor(options: { absenceId?: string; fetch?: Fetch } = {}): Promise<DigestDTO> {
  return request<DigestDTO>({ path: '/api/digest', query: { absenceId: options.absenceId }, fetch: options.fetch });
}

/** GET /api/knowledge-risk: per person of the caller's teams (managers) or the caller alone (reps). */
export function getKnowledgeRisk(options: { team?: string; fetch?: Fetch } = {}): Promise<KnowledgeRiskDTO[]> {
  return request<KnowledgeRiskDTO[]>({
    path: '/api/knowledge-risk',
    query: { team: options.team },
    fetch: options.fetch
  });
}

/** GET /api/knowledge-risk/:userId/dossiers: that person's dossiers at risk, worst first, with their reasons. */
export function getAtRiskDossiers(options: { userId: string; fetch?: Fetch }): Promise<AtRiskDossierDTO[]> {
  return request<AtRiskDossierDTO[]>({
    path: `/api/knowledge-risk/${encodeURIComponent(options.userId)}/dossiers`,
    fetch: options.fetch
  });
}
