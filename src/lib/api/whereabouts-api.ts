import type { WhereaboutsDTO } from '$lib/contract';
import { request, type Fetch } from './request';

/** GET /api/whereabouts?team= (issue #10 "who is where"): 403 for a team the caller may not watch. */
export function getWhereabouts(
  options: { team?: string | null; fetch?: Fetch; signal?: AbortSignal } = {}
): Promise<WhereaboutsDTO> {
  return request<WhereaboutsDTO>({
    path: '/api/whereabouts',
    query: { team: options.team ?? undefined },
    fetch: options.fetch,
    signal: options.signal
  });
}
