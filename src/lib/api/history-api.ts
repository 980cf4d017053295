import type { VersionDiffDTO, VersionDTO } from '$lib/contract';
import { request, type Fetch } from './request';

const base = (dossierId: string) => `/api/dossiers/${encodeURIComponent(dossierId)}/versions`;

/** GET /api/dossiers/:id/versions: newest first (the server keeps the latest 200). */
export async function listVersions(options: {
  dossierId: string;
  fetch?: Fetch;
  signal?: AbortSignal;
}): Promise<VersionDTO[]> {
  const res = await request<{ items: VersionDTO[] }>({
    path: base(options.dossierId),
    fetch: options.fetch,
    signal: options.signal
  });
  return res.items;
}

/** GET …/versions/:versionId/diff?against=: what changed from `versionId` to `against` (a version id or 'current'). */
export function getVersionDiff(options: {
  dossierId: string;
  versionId: string;
  against: string;
  fetch?: Fetch;
  signal?: AbortSignal;
}): Promise<VersionDiffDTO> {
  return request<VersionDiffDTO>({
    path: `${base(options.dossierId)}/${encodeURIComponent(options.versionId)}/diff`,
    query: { against: options.against },
    fetch: options.fetch,
    signal: options.signal
  });
}

/** POST …/versions/:versionId/restore → the new 'restore' version. The live Y.Doc receives the content by itself. */
export function restoreVersion(options: { dossierId: string; versionId: string; fetch?: Fetch }): Promise<VersionDTO> {
  return request<VersionDTO>({
    method: 'POST',
    path: `${base(options.dossierId)}/${encodeURIComponent(options.versionId)}/restore`,
    fetch: options.fetch
  });
}
