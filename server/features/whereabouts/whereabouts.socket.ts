import { z } from 'zod';
import {
  WhereaboutsSubscribeInput,
  type WhereaboutsChangeReason,
  type WhereaboutsChangedPush
} from '../../../src/lib/contract';
import type { StoredEvent } from '../../kernel/events';
import type { EventBus } from '../../ports/event-bus';
import type { PresenceDirectory } from '../../ports/presence-directory';
import type { SocketClient, SocketGateway } from '../../ports/socket-gateway';
import type { Timer, TimerHandle } from '../../ports/timer';
import { changeReasonOf } from './whereabouts.rules';
import type { WhereaboutsService } from './whereabouts.service';

const Unsubscribe = z.object({}).strict();
const ROOMS = 'whereabouts.rooms';
/** Room of one team's board watchers; admins watching every team sit in ALL_ROOM instead. */
export const whereaboutsRoom = (teamId: string) => `whereabouts:${teamId}`;
const ALL_ROOM = 'whereabouts:all';
/** Pending keys besides team ids: every team (an event without a team), and admins' board only. */
const EVERY = '*';
const ADMINS = '';

/**
 * Issue #10: live "who is where". Clients send `whereabouts:subscribe { team? }` (scope rule W1: a refused team
 * is an error ack) and get `whereabouts:changed { teamIds, reasons }` when a board they watch changes; they
 * refetch GET /api/whereabouts. Changes come from the PresenceDirectory (connect, disconnect, a dossier opened
 * or closed) and from committed domain events on the bus (absences, coverage, hand-offs, tasks, leads).
 *
 * Coalescing: the first change opens a window of `debounceMs` (1 s by default, WHEREABOUTS_PUSH_DEBOUNCE_MS);
 * every change inside it joins the same push, one per team. A window rather than a trailing debounce, so a
 * team that never stops moving (a colleague flipping through dossiers) still gets a push each second instead
 * of none; a burst of 100 changes costs each watcher one message.
 *
 * It also feeds the directory from the transport's connect/disconnect (dossier:watch feeds `located`, app.ts).
 */
export function registerWhereaboutsSocket(deps: {
  gateway: SocketGateway;
  bus: EventBus;
  presence: PresenceDirectory;
  whereabouts: Pick<WhereaboutsService, 'scope'>;
  allTeamIds: () => Promise<string[]>;
  timer: Timer;
  debounceMs: number;
  onError: (err: unknown) => void;
}): { close(): void } {
  const { gateway } = deps;
  const pending = new Map<string, Set<WhereaboutsChangeReason>>();
  let window: TimerHandle | null = null;

  const emit = (room: string, push: WhereaboutsChangedPush) => gateway.emit(room, 'whereabouts:changed', push);

  async function flush() {
    window = null;
    const batch = new Map(pending);
    pending.clear();
    const every = batch.get(EVERY) ?? new Set<WhereaboutsChangeReason>();
    const teams = every.size ? await deps.allTeamIds() : [...batch.keys()].filter((k) => k !== EVERY && k !== ADMINS);
    const allReasons = new Set<WhereaboutsChangeReason>([...(batch.get(ADMINS) ?? [])]);
    const changed: string[] = [];
    for (const team of teams) {
      const reasons = [...new Set([...(batch.get(team) ?? []), ...every])];
      if (reasons.length === 0) continue;
      changed.push(team);
      for (const r of reasons) allReasons.add(r);
      emit(whereaboutsRoom(team), { teamIds: [team], reasons });
    }
    if (allReasons.size) emit(ALL_ROOM, { teamIds: changed, reasons: [...allReasons] });
  }

  function mark(teamIds: readonly string[] | 'every', reason: WhereaboutsChangeReason) {
    const keys = teamIds === 'every' ? [EVERY] : teamIds.length ? teamIds : [ADMINS];
    for (const key of keys) {
      const reasons = pending.get(key) ?? new Set<WhereaboutsChangeReason>();
      reasons.add(reason);
      pending.set(key, reasons);
    }
    window ??= deps.timer.setTimeout(() => flush().catch(deps.onError), deps.debounceMs);
  }

  const leaveAll = async (client: SocketClient) => {
    const joined = (client.state.get(ROOMS) as string[] | undefined) ?? [];
    await Promise.all(joined.map((room) => client.leave(room)));
    client.state.delete(ROOMS);
  };

  gateway.onConnect(async (client) => deps.presence.connected(client));
  gateway.onDisconnect(async (client) => deps.presence.disconnected(client.id));
  const stopPresence = deps.presence.subscribe((change) => mark(change.teamIds, 'presence'));
  const stopBus = deps.bus.subscribe((event: StoredEvent) => {
    const reason = changeReasonOf(event.type);
    if (reason) mark(event.teamId ? [event.teamId] : 'every', reason);
  });

  gateway.handle('whereabouts:subscribe', WhereaboutsSubscribeInput, async (client, input) => {
    const teamIds = await deps.whereabouts.scope(client.user, input.team); // throws forbidden → error ack
    await leaveAll(client);
    const joined = client.user.role === 'admin' && !input.team ? [ALL_ROOM] : teamIds.map(whereaboutsRoom);
    await client.join(joined);
    client.state.set(ROOMS, joined);
    return { teamIds };
  });
  gateway.handle('whereabouts:unsubscribe', Unsubscribe, async (client) => {
    await leaveAll(client);
    return null;
  });

  return {
    close() {
      stopPresence();
      stopBus();
      if (window) deps.timer.clearTimeout(window);
      window = null;
    }
  };
}
