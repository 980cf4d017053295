import type { CreateHandoffInput, HandoffDTO, HandoffStatus } from '$lib/contract';
import { request, type Fetch } from './request';

/** POST /api/dossiers/:id/handoffs → the hand-off with its briefing (201). */
export function createHandoff(options: {
  dossierId: string;
  input: CreateHandoffInput;
  fetch?: Fetch;
}): Promise<HandoffDTO> {
  return request<HandoffDTO>({
    method: 'POST',
    path: `/api/dossiers/${encodeURIComponent(options.dossierId)}/handoffs`,
    body: options.input,
    fetch: options.fetch
  });
}

/** GET /api/handoffs/:id → the hand-off and the briefing kept with it. */
export function getHandoff(options: { handoffId: string; fetch?: Fetch }): Promise<HandoffDTO> {
  return request<HandoffDTO>({ path: `/api/handoffs/${encodeURIComponent(options.handoffId)}`, fetch: options.fetch });
}

/** POST /api/handoffs/:id/pickup: the receiver acknowledges ("picked up"). */
export function pickUpHandoff(options: { handoffId: string; fetch?: Fetch }): Promise<HandoffDTO> {
  return request<HandoffDTO>({
    method: 'POST',
    path: `/api/handoffs/${encodeURIComponent(options.handoffId)}/pickup`,
    fetch: options.fetch
  });
}

/** POST /api/handoffs/:id/cancel: the sender or a manager withdraws a hand-off nobody picked up yet. */
export function cancelHandoff(options: { handoffId: string; reason?: string; fetch?: Fetch }): Promise<HandoffDTO> {
  return request<HandoffDTO>({
    method: 'POST',
    path: `/api/handoffs/${encodeURIComponent(options.handoffId)}/cancel`,
    body: options.reason ? { reason: options.reason } : {},
    fetch: options.fetch
  });
}

/** GET /api/handoffs?role=&status= → my hand-offs, newest first. */
export async function listHandoffs(
  options: { role?: 'to' | 'from'; status?: HandoffStatus; fetch?: Fetch } = {}
): Promise<HandoffDTO[]> {
  const res = await request<{ items: HandoffDTO[] }>({
    path: '/api/handoffs',
    query: { role: options.role, status: options.status },
    fetch: options.fetch
  });
  return res.items;
}
