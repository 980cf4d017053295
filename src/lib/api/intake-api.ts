import type { CreatedIntakeKeyDTO, CreateIntakeKeyInput, IntakeKeyDTO } from '$lib/contract';
import { request, type Fetch } from './request';

const keysPath = (teamId: string) => `/api/teams/${encodeURIComponent(teamId)}/intake-keys`;

/** GET /api/teams/:teamId/intake-keys → the team's keys (never the keys themselves). */
export async function listIntakeKeys(options: { teamId: string; fetch?: Fetch }): Promise<IntakeKeyDTO[]> {
  const res = await request<{ items: IntakeKeyDTO[] }>({ path: keysPath(options.teamId), fetch: options.fetch });
  return res.items;
}

/** POST /api/teams/:teamId/intake-keys → 201 `{ id, key }`: the only time the key is readable. */
export function createIntakeKey(options: {
  teamId: string;
  input: CreateIntakeKeyInput;
  fetch?: Fetch;
}): Promise<CreatedIntakeKeyDTO> {
  return request<CreatedIntakeKeyDTO>({
    method: 'POST',
    path: keysPath(options.teamId),
    body: options.input,
    fetch: options.fetch
  });
}

/** DELETE /api/teams/:teamId/intake-keys/:keyId: revokes; leads sent with it get 401 from then on. */
export function revokeIntakeKey(options: { teamId: string; keyId: string; fetch?: Fetch }): Promise<void> {
  return request<void>({
    method: 'DELETE',
    path: `${keysPath(options.teamId)}/${encodeURIComponent(options.keyId)}`,
    fetch: options.fetch
  });
}
