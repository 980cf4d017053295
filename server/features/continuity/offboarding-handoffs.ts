import type { User } from '../../kernel/types';
import type { EventOutbox } from '../feed';
import type { HandoffStore } from './handoff-store';
import type { HandoffService } from './handoff.service';
import type { OffboardingPorts } from './offboarding-ports';

const OPEN = ['pending', 'picked_up'] as const;
const LIMIT = 1000;

/**
 * Offboarding's view of hand-offs (same feature, so it may use the store):
 * - items are the open hand-offs TO the leaver (someone handed them a dossier, or a permanent hand-off they have
 *   not picked up); hand-offs FROM the leaver end with their dossier's move (handOver cancels them first: the new
 *   owner's permanent hand-off with its briefing replaces them, and HandoffService refuses a second open one);
 * - redirecting a temporary one = cancel + a new temporary hand-off from the owner to the new receiver (with a
 *   fresh briefing and handoff.created); a permanent one is only cancelled, since its dossier is the leaver's and
 *   moves as a 'dossier' item. Cancel and re-create are two steps: a crash between leaves the dossier with its
 *   owner (covered by the coverage rule), never with the leaver.
 */
export function offboardingHandoffs(deps: {
  store: HandoffStore;
  service: Pick<HandoffService, 'create'>;
  events: EventOutbox;
  now: () => number;
}): { handOver: OffboardingPorts['handOver']; handoffs: NonNullable<OffboardingPorts['handoffs']> } {
  const { store, events } = deps;

  async function cancel(
    actor: User,
    h: { id: string; teamId: string; dossierId: string; fromUserId: string; toUserId: string }
  ) {
    const changed = events.event('coverage.changed', {
      actorId: actor.id,
      teamId: h.teamId,
      dossierId: h.dossierId,
      data: { userIds: [h.fromUserId, h.toUserId], dossierIds: [h.dossierId], cause: 'offboarding' }
    });
    if (await store.cancel(h.id, [changed])) events.committed();
  }

  return {
    async handOver({ actor, dossierId, fromUserId, toUserId, note }) {
      const open = await store.listFor({ userId: fromUserId, role: 'from', statuses: OPEN, limit: LIMIT });
      for (const h of open) if (h.dossierId === dossierId && h.fromUserId === fromUserId) await cancel(actor, h);
      await deps.service.create(actor, dossierId, { toUserId, note: note ?? 'Offboarding' });
    },
    handoffs: {
      async openOf(userId) {
        const open = await store.listFor({ userId, role: 'to', statuses: OPEN, limit: LIMIT });
        return open
          .filter((h) => h.toUserId === userId)
          .map((h) => ({
            id: h.id,
            dossierId: h.dossierId,
            company: h.briefing.company,
            fromUserId: h.fromUserId,
            toUserId: h.toUserId
          }));
      },
      async reassign({ actor, handoffId, leavingUserId, toUserId }) {
        const h = await store.get(handoffId);
        if (!h || h.toUserId !== leavingUserId || !(OPEN as readonly string[]).includes(h.status)) return;
        await cancel(actor, h);
        if (h.kind !== 'temporary' || h.until === null || h.until <= deps.now()) return;
        await deps.service.create(actor, h.dossierId, {
          toUserId,
          until: new Date(h.until).toISOString(),
          note: h.note
        });
      }
    }
  };
}
