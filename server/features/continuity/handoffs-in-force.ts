import type { CoverageHandoff } from '../../kernel/coverage';
import type { HandoffStore } from './handoff-store';

/**
 * The temporary hand-offs in force at an instant, as the kernel's coverage rule reads them (C2). Built on the
 * store alone, so the composition root can give it to the coverage service before the hand-off service (which
 * needs dossiers, timeline and follow-ups) exists.
 */
export function createHandoffsInForce(
  handoffs: Pick<HandoffStore, 'inForce'>
): (at: number) => Promise<CoverageHandoff[]> {
  return async (at) =>
    (await handoffs.inForce(at)).map((h) => ({
      id: h.id,
      dossierId: h.dossierId,
      fromUserId: h.fromUserId,
      toUserId: h.toUserId,
      until: h.until,
      status: h.status,
      createdAt: h.createdAt
    }));
}
