import type { UserSummaryDTO } from '$lib/contract';
import { request, type Fetch } from './request';

/** GET /api/users: the caller's colleagues. */
export async function listUsers(options: { fetch?: Fetch } = {}): Promise<UserSummaryDTO[]> {
  const res = await request<{ items: UserSummaryDTO[] }>({ path: '/api/users', fetch: options.fetch });
  return res.items;
}
