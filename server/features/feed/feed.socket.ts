import { FeedResumeInput, type HandoffChangedPush } from '../../../src/lib/contract';
import { EVENT_AUDIENCE, type Audience, type StoredEvent } from '../../kernel/events';
import { systemEntryOf } from '../../kernel/timeline-entries';
import type { EventBus } from '../../ports/event-bus';
import { rooms, type SocketGateway } from '../../ports/socket-gateway';
import type { FeedResume } from './feed-resume';

/**
 * The rooms an event may reach through one kind of audience, as EVENT_AUDIENCE declares: a team's events go
 * to the team's room and to admins; a dossier's to whoever has it open (they passed `authorize` to join).
 */
function roomsFor(event: StoredEvent, audience: Exclude<Audience, 'internal'>): string[] {
  if (!(EVENT_AUDIENCE[event.type].to as readonly Audience[]).includes(audience)) return [];
  if (audience === 'team') return event.teamId ? [rooms.team(event.teamId), rooms.allTeams] : [];
  if (audience === 'dossier') return event.dossierId ? [rooms.dossier(event.dossierId)] : [];
  const users = [event.actorId, event.onBehalfOfId].filter((id): id is string => id !== null);
  return users.map(rooms.user);
}

/**
 * Domain events to Socket.io: each committed event the relay publishes becomes the push its screens listen
 * to, in the rooms its audience allows, carrying its seq; `feed:resume` replays what a reconnecting client
 * missed. Internal events (sessions) are the transports' business and push nothing here.
 */
export function registerFeedSocket(deps: {
  gateway: SocketGateway;
  bus: EventBus;
  feed: FeedResume;
  /**
   * Names for pushes that name a person (who restored a version). Typed here, not taken from identity: identity
   * records its events through the feed, so importing it back would be a cycle.
   */
  people: { namesOf(ids: string[]): Promise<Map<string, string>> };
  /**
   * Issue #9: users outside the event's team who follow its dossier through coverage (continuity's coverage
   * audience: a stand-in of another team, shadow week). They get the team pushes of that dossier in their user
   * room. Typed here: continuity depends on the feed (it writes events), so importing it back would be a cycle.
   */
  followersOf?: (event: StoredEvent) => Promise<string[]>;
  onError: (err: unknown) => void;
}): {
  close(): void;
} {
  const { gateway } = deps;
  // Follower pushes need a lookup; chained so they leave in the order the events came (as the team pushes do).
  let followerPushes = Promise.resolve();
  const pushToFollowers = (event: StoredEvent, push: (userRooms: string[]) => void) => {
    const followersOf = deps.followersOf;
    if (!followersOf || !event.dossierId) return;
    const lookup = followersOf(event);
    followerPushes = followerPushes
      .then(async () => {
        const users = await lookup;
        if (users.length) push(users.map(rooms.user));
      })
      .catch(deps.onError);
  };
  gateway.handle('feed:resume', FeedResumeInput, (client, input) => deps.feed.resume(client.user, input));

  const pushRestored = async (event: StoredEvent<'dossier.restored'>) => {
    const to = roomsFor(event, 'dossier');
    if (!to.length || !event.dossierId) return;
    const actorId = event.actorId ?? '';
    const actorName = actorId ? ((await deps.people.namesOf([actorId])).get(actorId) ?? '') : '';
    gateway.emit(to, 'dossier:restored', {
      dossierId: event.dossierId,
      versionId: event.data.versionId,
      restoredFrom: event.data.restoredFrom,
      restoredFromAt: event.data.restoredFromAt ?? null,
      replacedVersionId: event.data.replacedVersionId ?? null,
      actorId,
      actorName,
      at: new Date(event.at).toISOString(),
      seq: event.seq
    });
    // The restore is also a system entry of the dossier's timeline (TIMELINE_ENTRIES).
    const item = systemEntryOf(event, actorName);
    if (item) gateway.emit(to, 'timeline:entry', { dossierId: event.dossierId, item, seq: event.seq });
  };

  /** An event that is also a system entry of the dossier's timeline (TIMELINE_ENTRIES) reaches open timelines. */
  const pushSystemEntry = async (event: StoredEvent) => {
    const to = roomsFor(event, 'dossier');
    if (!to.length || !event.dossierId) return;
    const actorName = event.actorId ? ((await deps.people.namesOf([event.actorId])).get(event.actorId) ?? '') : '';
    const item = systemEntryOf(event, actorName);
    if (item) gateway.emit(to, 'timeline:entry', { dossierId: event.dossierId, item, seq: event.seq });
  };

  const route = (event: StoredEvent) => {
    switch (event.type) {
      case 'dossier.created':
      case 'dossier.updated':
      case 'dossier.stage_changed':
      case 'dossier.owner_changed': {
        // A stage move or a new owner changes the list row (filters and columns), so lists hear it like an update.
        const to = roomsFor(event, 'team');
        const push = { ...event.data.dossier, seq: event.seq };
        if (to.length) gateway.emit(to, 'dossier:changed', push);
        pushToFollowers(event, (userRooms) => gateway.emit(userRooms, 'dossier:changed', push));
        if (event.type !== 'dossier.created' && event.type !== 'dossier.updated') {
          pushSystemEntry(event).catch(deps.onError);
        }
        return;
      }
      case 'dossier.tags_changed':
        // Issue #11: an entry on open timelines; lists hear the row through the dossier.updated written with it.
        pushSystemEntry(event).catch(deps.onError);
        return;
      case 'dossier.version_recorded': {
        // Live only to the dossier's room (the open history panels); its team audience is served by
        // feed:resume now and by the team feed (feed:event) when that exists — not by list pushes.
        const to = roomsFor(event, 'dossier');
        if (to.length && event.dossierId) {
          gateway.emit(to, 'dossier:version', {
            seq: event.seq,
            dossierId: event.dossierId,
            version: event.data.version
          });
        }
        return;
      }
      case 'dossier.restored':
        // Whoever has the dossier open is told who replaced its content, with the version that undoes it (the
        // restorer's own tabs too: the client ignores its own user's restores). The new version itself arrives
        // as dossier.version_recorded.
        pushRestored(event).catch(deps.onError);
        return;
      case 'interaction.logged':
      case 'interaction.corrected': {
        // Open timelines insert the entry, or replace it by id when corrected (issue #8).
        const to = roomsFor(event, 'dossier');
        if (to.length && event.dossierId) {
          gateway.emit(to, 'timeline:entry', { dossierId: event.dossierId, item: event.data.item, seq: event.seq });
        }
        return;
      }
      case 'task.created':
      case 'task.changed':
      case 'task.completed':
      case 'task.escalated':
      case 'task.overdue': {
        // Issue #8: tasks live in personal lists, so they go to the people concerned, not to the team room:
        // assignee and acting assignee, managers on escalation; whoever it left is told to drop it. Whoever
        // has the dossier open hears it too (the follow-ups strip and the header's open-ticket badge); one
        // emit to all those rooms reaches a socket in several of them once.
        const { task } = event.data;
        const managers = event.type === 'task.escalated' ? event.data.managerIds : [];
        const to = [...new Set([task.assigneeId, task.actingAssigneeId, ...managers])];
        gateway.emit([...to.map(rooms.user), ...roomsFor(event, 'dossier')], 'task:changed', { task, seq: event.seq });
        const left = event.type === 'task.changed' ? (event.data.leftUserIds ?? []) : [];
        if (left.length) gateway.emit(left.map(rooms.user), 'task:removed', { taskId: task.id, seq: event.seq });
        if (event.type === 'task.completed') pushSystemEntry(event).catch(deps.onError);
        return;
      }
      case 'handoff.created':
      case 'handoff.picked_up':
      case 'handoff.returned':
      case 'handoff.escalated':
      case 'handoff.cancelled': {
        // Issue #9: the receiver sees a new hand-off at once (their desk, the briefing), the sender sees it
        // picked up or returned, the managers an escalation; team and dossier audiences read the feed.
        const { handoff } = event.data;
        const managers = event.type === 'handoff.escalated' ? event.data.managerIds : [];
        const to = [...new Set([handoff.fromUserId, handoff.toUserId, handoff.byId, ...managers])];
        const change = event.type.slice('handoff.'.length) as HandoffChangedPush['change'];
        gateway.emit(to.map(rooms.user), 'handoff:changed', { change, handoff, seq: event.seq });
        pushSystemEntry(event).catch(deps.onError);
        return;
      }
      case 'intake.lead_received':
        // Only a timeline entry: the dossier and the callback arrive as their own events.
        pushSystemEntry(event).catch(deps.onError);
        return;
      case 'session.started':
      case 'session.ended':
      case 'intake_key.created':
      case 'intake_key.revoked':
        return;
    }
  };
  return { close: deps.bus.subscribe(route) };
}
