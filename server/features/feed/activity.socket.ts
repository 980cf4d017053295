import {
  ACTIVITY_TYPES,
  FeedSubscribeInput,
  canMerge,
  mergeItems,
  type ActivityFilter,
  type ActivityItemDTO
} from '../../../src/lib/contract';
import { isDomainError } from '../../kernel/domain-error';
import type { StoredEvent } from '../../kernel/events';
import type { EventBus } from '../../ports/event-bus';
import type { SocketClient, SocketGateway } from '../../ports/socket-gateway';
import { toActivityItem, type FeedSourceEvent } from './activity-item';
import { roomKeyOf, scopeMatches, type ActivityScope } from './activity-scope';
import type { ActivityService } from './activity.service';

const STATE_KEY = 'feed:subscription';
/** The filter the client asked for, authorised again when coverage changes. */
const FILTER_KEY = 'feed:filter';
const RENDERED = new Set<string>(ACTIVITY_TYPES);
const NO_NAMES = { people: new Map(), dossiers: new Map(), teams: new Map() };
/** Open edit groups are forgotten this long after their last edit beyond the window (bounded memory). */
const PRUNE_EVERY = 1_000;

interface FeedRoom {
  name: string;
  scope: ActivityScope;
  sockets: number;
}

/**
 * `feed:subscribe` and `feed:event` (issue #10). Sockets whose effective filter (after authorisation) is the
 * same share one Socket.io room, so an event is matched once per distinct filter and encoded once per emit:
 * 1,000 reps of 10 teams with the default filter are 10 rooms, not 1,000 sockets to test (bench `feed`).
 * Live edits coalesce here (activity-coalesce.ts CO3): the push of a grown group keeps the group's key.
 */
export function registerActivitySocket(deps: {
  gateway: SocketGateway;
  bus: EventBus;
  activity: ActivityService;
  publishedSeq: () => number;
  onError: (err: unknown) => void;
}): { close(): void; roomCount(): number } {
  const { gateway, activity } = deps;
  const byKey = new Map<string, FeedRoom>();
  let nextRoom = 1;
  /** The open edit group of each actor+dossier (CO2), the item as last pushed. */
  const groups = new Map<string, ActivityItemDTO>();

  const leave = async (client: SocketClient) => {
    const current = client.state.get(STATE_KEY) as FeedRoom | undefined;
    if (!current) return;
    client.state.delete(STATE_KEY);
    client.state.delete(FILTER_KEY);
    await client.leave(current.name);
    if (--current.sockets === 0) byKey.delete(roomKeyOf(current.scope));
  };

  /** Puts the client in the room of its (authorised) scope, leaving the room of an earlier scope. */
  const enter = async (client: SocketClient, scope: ActivityScope) => {
    const key = roomKeyOf(scope);
    const previous = client.state.get(STATE_KEY) as FeedRoom | undefined;
    if (previous && roomKeyOf(previous.scope) !== key) await leave(client);
    let room = byKey.get(key);
    if (!room) byKey.set(key, (room = { name: `feed:${nextRoom++}`, scope, sockets: 0 }));
    if (client.state.get(STATE_KEY) !== room) {
      room.sockets++;
      client.state.set(STATE_KEY, room);
      // Joined before the backlog is read: an event published meanwhile arrives twice at most (the client
      // dedupes by key and seq), never not at all.
      await client.join(room.name);
    }
  };

  gateway.handle('feed:subscribe', FeedSubscribeInput, async (client, input) => {
    // Authorise first: a refused filter leaves an earlier subscription as it was.
    const filter = input.filter ?? {};
    const scope = await activity.scopeFor(client.user, filter);
    await enter(client, scope);
    client.state.set(FILTER_KEY, filter);
    const backlog = await activity.backlog(scope, { afterSeq: input.afterSeq, head: deps.publishedSeq() });
    return { ...backlog, coalesceMs: activity.coalesceMs };
  });

  /**
   * SC2 follows coverage: when `coverage.changed` names a subscriber (or a dossier their scope covers), their
   * filter is authorised again and the socket moves to the room of the new scope — a stand-in stops hearing a
   * covered dossier of another team when the coverage ends and starts when it begins, as the desk's dossier
   * watch and the Yjs connections are re-authorised on the same event. Run in the push queue, so every event
   * after the change in seq order is routed by the new scope. A filter no longer allowed ends the subscription.
   */
  const reauthorize = async (event: StoredEvent<'coverage.changed'>) => {
    const users = new Set(event.data.userIds);
    const dossierIds = new Set(event.data.dossierIds);
    for (const client of gateway.clients()) {
      const room = client.state.get(STATE_KEY) as FeedRoom | undefined;
      if (!room || !(users.has(client.user.id) || room.scope.dossierIds.some((id) => dossierIds.has(id)))) continue;
      const filter = (client.state.get(FILTER_KEY) as ActivityFilter | undefined) ?? {};
      try {
        await enter(client, await activity.scopeFor(client.user, filter));
        client.state.set(FILTER_KEY, filter); // leaving the old room forgot it
      } catch (err) {
        if (!isDomainError(err)) throw err;
        await leave(client);
      }
    }
  };
  gateway.onDisconnect(leave);

  /** CO2/CO3: the item as the live feed shows it, grown into its edit group when it continues one. */
  const coalesce = (item: ActivityItemDTO): ActivityItemDTO => {
    if (!item.actorId || !item.dossierId) return item;
    const who = `${item.actorId} ${item.dossierId}`;
    const open = groups.get(who);
    const merged = open && canMerge(item, open, activity.coalesceMs) ? mergeItems(item, open) : item;
    if (merged.key.startsWith('edit:')) groups.set(who, merged);
    if (groups.size > PRUNE_EVERY) {
      const cutoff = Date.parse(item.at) - activity.coalesceMs;
      for (const [k, g] of groups) if (Date.parse(g.at) < cutoff) groups.delete(k);
    }
    return merged;
  };

  /**
   * Pushes a run of events in seq order. Names are looked up once for the run (one batch per kind, not three
   * lookups per event): under load the events that arrived while the previous run was being named go out
   * together instead of each waiting for its own round of lookups behind the others.
   */
  const pushRun = async (events: readonly StoredEvent[]) => {
    const routed = events
      .filter((e) => RENDERED.has(e.type))
      .map((event) => {
        const source = event as FeedSourceEvent;
        const to = [...byKey.values()].filter((room) => scopeMatches(room.scope, source)).map((room) => room.name);
        return { source, to };
      });
    const heard = routed.filter((r) => r.to.length);
    const named = heard.length ? await activity.itemsOf(heard.map((r) => r.source)) : [];
    let next = 0;
    for (const { source, to } of routed) {
      // Groups are followed even while nobody listens, so keys stay those a page would show.
      const item = to.length ? named[next++]! : toActivityItem(source, NO_NAMES);
      const shown = coalesce(item);
      if (to.length) gateway.emit(to, 'feed:event', { item: shown });
    }
  };

  // One run after the other, in seq order; a coverage change re-authorises between the events around it.
  let pending: StoredEvent[] = [];
  let draining = false;
  const drain = async () => {
    while (pending.length) {
      const batch = pending;
      pending = [];
      let from = 0;
      for (let i = 0; i <= batch.length; i++) {
        const event = batch[i];
        if (event && event.type !== 'coverage.changed') continue;
        // A failing run is reported and passed: the events after it still go out (clients resume from the log).
        if (i > from) await pushRun(batch.slice(from, i)).catch(deps.onError);
        if (event) await reauthorize(event as StoredEvent<'coverage.changed'>).catch(deps.onError);
        from = i + 1;
      }
    }
  };
  const kick = () => {
    if (draining) return;
    draining = true;
    drain()
      .catch(deps.onError)
      .finally(() => {
        draining = false;
        // An event that arrived between the last check and here would otherwise wait for the next one.
        if (pending.length) kick();
      });
  };
  const close = deps.bus.subscribe((event) => {
    if (event.type !== 'coverage.changed' && !RENDERED.has(event.type)) return;
    pending.push(event);
    kick();
  });
  return { close, roomCount: () => byKey.size };
}
