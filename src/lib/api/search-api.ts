import type { SearchResultDTO } from '$lib/contract';
import { request } from './request';

/** GET /api/search?q= (issue #11): ranked hits; `q` is sent as typed (a trailing space ends the prefix word). */
export function searchDossiers(options: { q: string; signal?: AbortSignal }): Promise<SearchResultDTO> {
  return request<SearchResultDTO>({ path: '/api/search', query: { q: options.q }, signal: options.signal });
}
