import type {
  CompleteWinbackStepInput,
  DormancySweepDTO,
  DossierWinbacksDTO,
  PremiumPage,
  SleepingPage,
  WinbackBoardDTO,
  WinbackDTO
} from '$lib/contract';
import { request, type Fetch } from './request';

/** GET /api/sleeping (issue #11). */
export function getSleeping(options: { sort?: 'value' | 'warmth'; fetch?: Fetch } = {}): Promise<SleepingPage> {
  return request<SleepingPage>({ path: '/api/sleeping', query: { sort: options.sort }, fetch: options.fetch });
}

/** POST /api/admin/dormancy-sweep (managers, admins). */
export function runDormancySweep(): Promise<DormancySweepDTO> {
  return request<DormancySweepDTO>({ path: '/api/admin/dormancy-sweep', method: 'POST' });
}

/** GET /api/winbacks: open win-backs by step. */
export function getWinbackBoard(options: { fetch?: Fetch } = {}): Promise<WinbackBoardDTO> {
  return request<WinbackBoardDTO>({ path: '/api/winbacks', fetch: options.fetch });
}

/** GET /api/premium?share= */
export function getPremium(options: { share?: number; fetch?: Fetch } = {}): Promise<PremiumPage> {
  return request<PremiumPage>({
    path: '/api/premium',
    query: { share: options.share === undefined ? undefined : String(options.share) },
    fetch: options.fetch
  });
}

export function getDossierWinback(dossierId: string): Promise<DossierWinbacksDTO> {
  return request<DossierWinbacksDTO>({ path: `/api/dossiers/${encodeURIComponent(dossierId)}/winback` });
}

export function startWinback(dossierId: string, assigneeId?: string): Promise<WinbackDTO> {
  return request<WinbackDTO>({
    path: `/api/dossiers/${encodeURIComponent(dossierId)}/winback`,
    method: 'POST',
    body: assigneeId ? { assigneeId } : {}
  });
}

export function completeWinbackStep(
  dossierId: string,
  n: number,
  body: Partial<CompleteWinbackStepInput> & { note: string }
): Promise<WinbackDTO> {
  return request<WinbackDTO>({
    path: `/api/dossiers/${encodeURIComponent(dossierId)}/winback/steps/${n}`,
    method: 'POST',
    body
  });
}

export function failWinback(dossierId: string, reason: string): Promise<WinbackDTO> {
  return request<WinbackDTO>({
    path: `/api/dossiers/${encodeURIComponent(dossierId)}/winback/fail`,
    method: 'POST',
    body: { reason }
  });
}

/** PATCH /api/dossiers/:id (tags, key-account manager): the premium list's suggestions applied in one click. */
export function patchDossierRecord(
  dossierId: string,
  body: { tags?: string[]; keyAccountManagerId?: string | null }
): Promise<unknown> {
  return request<unknown>({ path: `/api/dossiers/${encodeURIComponent(dossierId)}`, method: 'PATCH', body });
}
