import type {
  CommitImportInput,
  CreateListInput,
  CsvSeparator,
  DossierDTO,
  ImportMapping,
  ImportPreviewDTO,
  ListDossierPage,
  ListFilter,
  PatchListInput,
  RenameTagResultDTO,
  SavedListDTO,
  TagCountDTO
} from '$lib/contract';
import { ApiError } from './api-error';
import { request } from './request';

/** Issue #11: tags, saved lists, CSV out and in. */

export async function getTags(options: {
  prefix: string;
  limit?: number;
  signal?: AbortSignal;
}): Promise<TagCountDTO[]> {
  const res = await request<{ items: TagCountDTO[] }>({
    path: '/api/tags',
    query: { prefix: options.prefix, limit: options.limit },
    signal: options.signal
  });
  return res.items;
}

export function renameTag(input: { from: string; to: string }): Promise<RenameTagResultDTO> {
  return request({ method: 'POST', path: '/api/tags/rename', body: input });
}

export function setDossierTags(options: { dossierId: string; tags: string[] }): Promise<DossierDTO> {
  return request({
    method: 'PATCH',
    path: `/api/dossiers/${encodeURIComponent(options.dossierId)}`,
    body: { tags: options.tags }
  });
}

export async function listSavedLists(): Promise<SavedListDTO[]> {
  return (await request<{ items: SavedListDTO[] }>({ path: '/api/lists' })).items;
}
export const createSavedList = (input: CreateListInput) =>
  request<SavedListDTO>({ method: 'POST', path: '/api/lists', body: input });
export const patchSavedList = (id: string, input: PatchListInput) =>
  request<SavedListDTO>({ method: 'PATCH', path: `/api/lists/${encodeURIComponent(id)}`, body: input });
export const deleteSavedList = (id: string) =>
  request<void>({ method: 'DELETE', path: `/api/lists/${encodeURIComponent(id)}` });

const filterQuery = (filter: ListFilter) => ({ ...filter }) as Record<string, string | undefined>;

export async function countFilter(options: { filter: ListFilter; signal?: AbortSignal }): Promise<number> {
  const res = await request<{ count: number }>({
    path: '/api/segments/count',
    query: filterQuery(options.filter),
    signal: options.signal
  });
  return res.count;
}

export function filterDossiers(options: {
  filter: ListFilter;
  cursor?: string;
  limit?: number;
  signal?: AbortSignal;
}): Promise<ListDossierPage> {
  return request({
    path: '/api/segments/dossiers',
    query: { ...filterQuery(options.filter), cursor: options.cursor, limit: options.limit },
    signal: options.signal
  });
}

/** The export's address (a plain link downloads it with the session cookie). */
export function exportCsvUrl(options: { listId?: string; filter: ListFilter; separator: CsvSeparator }): string {
  const params = new URLSearchParams();
  if (options.listId) params.set('list', options.listId);
  else for (const [k, v] of Object.entries(options.filter)) if (v) params.set(k, String(v));
  params.set('sep', options.separator);
  return `/api/dossiers/export.csv?${params.toString()}`;
}

/** POST /api/imports with the file as text/csv (the JSON body limit is far smaller than a CSV file). */
export async function uploadImport(options: { file: Blob; teamId?: string }): Promise<ImportPreviewDTO> {
  const query = options.teamId ? `?teamId=${encodeURIComponent(options.teamId)}` : '';
  let res: Response;
  try {
    res = await fetch(`/api/imports${query}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv; charset=utf-8', accept: 'application/json' },
      body: options.file,
      credentials: 'same-origin'
    });
  } catch {
    throw new ApiError({ code: 'internal', message: 'network unreachable', status: 0 });
  }
  const body = (await res.json().catch(() => null)) as
    (ImportPreviewDTO & { error?: { code: string; message: string } }) | null;
  if (!res.ok) {
    throw new ApiError({
      code: res.status === 413 ? 'too_large' : res.status === 400 ? 'invalid' : 'internal',
      message: body?.error?.message ?? res.statusText,
      status: res.status
    });
  }
  return body as ImportPreviewDTO;
}
export const getImport = (id: string) => request<ImportPreviewDTO>({ path: `/api/imports/${encodeURIComponent(id)}` });
export const remapImport = (id: string, mapping: ImportMapping) =>
  request<ImportPreviewDTO>({ method: 'PATCH', path: `/api/imports/${encodeURIComponent(id)}`, body: { mapping } });
export const commitImport = (id: string, input: Partial<CommitImportInput>) =>
  request<ImportPreviewDTO>({ method: 'POST', path: `/api/imports/${encodeURIComponent(id)}/commit`, body: input });
