import type { OffboardingDTO, OffboardingInput, OffboardingResultDTO } from '$lib/contract';
import { request, type Fetch } from './request';

const path = (userId: string) => `/api/users/${encodeURIComponent(userId)}/offboarding`;

/** GET /api/users/:id/offboarding (admins): everything the colleague still holds. */
export function getOffboarding(options: { userId: string; fetch?: Fetch }): Promise<OffboardingDTO> {
  return request<OffboardingDTO>({ path: path(options.userId), fetch: options.fetch });
}

/**
 * POST /api/users/:id/offboarding: reassigns and deactivates. A 409 `ApiError` carries
 * `details: OffboardingRefusalDTO` (what is still unassigned); a 400 the assignments nobody may take.
 */
export function finishOffboarding(options: {
  userId: string;
  input: OffboardingInput;
  fetch?: Fetch;
}): Promise<OffboardingResultDTO> {
  return request<OffboardingResultDTO>({
    method: 'POST',
    path: path(options.userId),
    body: options.input,
    fetch: options.fetch
  });
}
