import type { ChangeStageInput, StageChangeDTO } from '$lib/contract';
import { request, type Fetch } from './request';

const stagePath = (dossierId: string) => `/api/dossiers/${encodeURIComponent(dossierId)}`;

/** POST /api/dossiers/:id/stage → the recorded change (it also appears on the timeline and in the feed). */
export function changeStage(options: {
  dossierId: string;
  input: ChangeStageInput;
  fetch?: Fetch;
}): Promise<StageChangeDTO> {
  return request<StageChangeDTO>({
    method: 'POST',
    path: `${stagePath(options.dossierId)}/stage`,
    body: options.input,
    fetch: options.fetch
  });
}

/** GET /api/dossiers/:id/stages → the stage history, newest first. */
export async function listStageChanges(options: { dossierId: string; fetch?: Fetch }): Promise<StageChangeDTO[]> {
  const res = await request<{ items: StageChangeDTO[] }>({
    path: `${stagePath(options.dossierId)}/stages`,
    fetch: options.fetch
  });
  return res.items;
}
