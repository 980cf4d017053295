import type { ActivityFilter, ActivityPage } from '$lib/contract';
import { request, type Fetch } from './request';

/** GET /api/activity: a page of the activity feed, newest first; `beforeSeq` pages older. */
export function getActivity(options: {
  filter: ActivityFilter;
  beforeSeq?: number;
  limit?: number;
  fetch?: Fetch;
}): Promise<ActivityPage> {
  const { filter } = options;
  return request<ActivityPage>({
    path: '/api/activity',
    query: {
      team: filter.team,
      user: filter.user,
      dossier: filter.dossier,
      type: filter.type?.join(','),
      pointOfSale: filter.pointOfSale,
      beforeSeq: options.beforeSeq,
      limit: options.limit
    },
    fetch: options.fetch
  });
}
