import type {
  AbsenceDTO,
  AbsenceListQuery,
  DeskDTO,
  DigestDTO,
  PatchAbsenceInput,
  RecordAbsenceInput,
  SetDeputyInput
} from '$lib/contract';
import { request, type Fetch } from './request';

/** Issue #9 (design.md → Public contract → Continuity): absences, deputies, the stand-in desk, the digest. */

const absencePath = (id: string) => `/api/absences/${encodeURIComponent(id)}`;

/** GET /api/absences?team=&userId=&from=&to=: absences overlapping the window (default: the caller's teams). */
export async function listAbsences(
  options: { query?: AbsenceListQuery; fetch?: Fetch; signal?: AbortSignal } = {}
): Promise<AbsenceDTO[]> {
  const { team, userId, from, to } = options.query ?? {};
  const res = await request<{ items: AbsenceDTO[] }>({
    path: '/api/absences',
    query: { team, userId, from, to },
    fetch: options.fetch,
    signal: options.signal
  });
  return res.items;
}

/** POST /api/absences → 201 the absence (status planned, or active when it starts now). */
export function recordAbsence(options: { input: RecordAbsenceInput; fetch?: Fetch }): Promise<AbsenceDTO> {
  return request<AbsenceDTO>({ method: 'POST', path: '/api/absences', body: options.input, fetch: options.fetch });
}

/** PATCH /api/absences/:id: a planned absence moved or re-routed (an active one: `to` and hand-to only). */
export function patchAbsence(options: {
  absenceId: string;
  input: PatchAbsenceInput;
  fetch?: Fetch;
}): Promise<AbsenceDTO> {
  return request<AbsenceDTO>({
    method: 'PATCH',
    path: absencePath(options.absenceId),
    body: options.input,
    fetch: options.fetch
  });
}

/** POST /api/absences/:id/end: ends an active absence now (or cancels a planned one) → the ended absence. */
export function endAbsence(options: { absenceId: string; fetch?: Fetch }): Promise<AbsenceDTO> {
  return request<AbsenceDTO>({ method: 'POST', path: `${absencePath(options.absenceId)}/end`, fetch: options.fetch });
}

/** PUT /api/users/:id/deputy { deputyId }: null clears it. The answer's shape is not fixed by the contract. */
export function setDeputy(options: { userId: string; input: SetDeputyInput; fetch?: Fetch }): Promise<unknown> {
  return request<unknown>({
    method: 'PUT',
    path: `/api/users/${encodeURIComponent(options.userId)}/deputy`,
    body: options.input,
    fetch: options.fetch
  });
}

/** GET /api/desk: my dossiers, whom I cover, tasks and hand-offs routed to me, gaps in teams I manage. */
export function getDesk(
  options: { coveringLimit?: number; ownLimit?: number; fetch?: Fetch; signal?: AbortSignal } = {}
): Promise<DeskDTO> {
  return request<DeskDTO>({
    path: '/api/desk',
    query: { coveringLimit: options.coveringLimit, ownLimit: options.ownLimit },
    fetch: options.fetch,
    signal: options.signal
  });
}

/** GET /api/digest: "while you were away" after my last absence ended. */
export function getDigest(options: { fetch?: Fetch; signal?: AbortSignal } = {}): Promise<DigestDTO> {
  return request<DigestDTO>({ path: '/api/digest', fetch: options.fetch, signal: options.signal });
}
