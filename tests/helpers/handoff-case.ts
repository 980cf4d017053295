import type { HandoffDTO } from '../../src/lib/contract';
import type { EventType, StoredEvent } from '../../server/kernel/events';
import { api, login } from './clients';
import { startCastServer } from './demo-cast';
import { createFakeTime } from './fake-time';

// Hours of fake time pass in the hand-off tests; sessions must outlive them.
const env = { SESSION_IDLE_MINUTES: '10080', HANDOFF_ESCALATE_AFTER_MINUTES: '240' };

/**
 * The cast server on a fake clock starting at `start`, with rep A1's first dossier, team A's manager signed in,
 * `hand` (POST a hand-off, of that dossier unless told) and `events` (that dossier's events of one type).
 * The caller closes `server`.
 */
export async function startHandoffCase(start: number) {
  const time = createFakeTime(start);
  const ctx = await startCastServer({ clock: time, timer: time, env, demoHistory: false, demoDossiers: 20 });
  const { cast, server } = ctx;
  const company = server.demo.company;
  const own = company.dossiers.find((d) => d.dossier.ownerId === cast.repA1.id)!.dossier;
  const manager = company.users.find((u) => u.role === 'manager' && u.teamIds.includes(cast.teamA.id))!;
  const cookieManager = await login(server.url, manager.email, cast.password);
  const hand = (cookie: string, body: Record<string, unknown>, dossierId = own.id) =>
    api<HandoffDTO>(server.url, `/api/dossiers/${dossierId}/handoffs`, { method: 'POST', cookie, body });
  const events = async <T extends EventType>(type: T) =>
    (await server.app.store.activity.listSince({ afterSeq: 0, teamIds: 'all', types: [type], limit: 100 })).filter(
      (e) => e.dossierId === own.id
    ) as unknown as StoredEvent<T>[];
  return { time, own, manager, cookieManager, hand, events, ...ctx };
}
