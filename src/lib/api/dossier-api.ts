import type { CreateDossierInput, DossierDTO, DossierPage, DossierSort, Stage } from '$lib/contract';
import { request, type Fetch } from './request';

export interface ListDossiersParams {
  q?: string;
  tag?: string;
  stage?: Stage;
  owner?: string;
  sort?: DossierSort;
  limit?: number;
  cursor?: string;
}

/** GET /api/dossiers: one page; follow `nextCursor` for the next. */
export function listDossiers(options: {
  params: ListDossiersParams;
  fetch?: Fetch;
  signal?: AbortSignal;
}): Promise<DossierPage> {
  const { q, tag, stage, owner, sort, limit, cursor } = options.params;
  return request<DossierPage>({
    path: '/api/dossiers',
    query: { q: q?.trim(), tag, stage, owner, sort, limit, cursor },
    fetch: options.fetch,
    signal: options.signal
  });
}

/** POST /api/dossiers. */
export function createDossier(options: {
  input: Partial<CreateDossierInput> & { company: string };
  fetch?: Fetch;
}): Promise<DossierDTO> {
  return request<DossierDTO>({ method: 'POST', path: '/api/dossiers', body: options.input, fetch: options.fetch });
}

/** GET /api/dossiers/:id; rejects with 'not_found' or 'forbidden'. */
export function getDossier(options: { id: string; fetch?: Fetch; signal?: AbortSignal }): Promise<DossierDTO> {
  return request<DossierDTO>({
    path: `/api/dossiers/${encodeURIComponent(options.id)}`,
    fetch: options.fetch,
    signal: options.signal
  });
}
