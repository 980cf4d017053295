import type { FeedEventDTO, FeedEventPayloads, FeedEventType } from '../../src/lib/contract';
import { visibleTeams } from './permissions';
import type { User } from './types';

/**
 * Every domain event, by type → payload. The events clients may receive are the contract's
 * FeedEventPayloads (their payloads are wire DTOs); the rest are internal to the server.
 * A new event is added here (and, if clients see it, in the contract) and in EVENT_AUDIENCE below.
 */
export interface DomainEventMap extends FeedEventPayloads {
  /** A user logged in; `sessionId` is the stored session key (an HMAC, not the cookie token). */
  'session.started': { sessionId: string };
  /** A session ended (logout); transports close its live connections. */
  'session.ended': { sessionId: string };
  /** A manager created a team intake key (issue #8); never the key or its hash, only what the list shows. */
  'intake_key.created': { keyId: string; label: string | null; prefix: string };
  /** A manager revoked a team intake key; leads sent with it are refused from now on. */
  'intake_key.revoked': { keyId: string; prefix: string };
  /**
   * Issue #9: who acts for which dossiers changed (an absence began or ended, a hand-off, a deputy or stand-in
   * change, an offboarding). Written with the change that causes it; the transports re-authorise the open Yjs
   * and Socket.io connections of `userIds` at once and push `desk:changed` to them.
   */
  'coverage.changed': { userIds: string[]; dossierIds: string[]; cause: string };
  /** Issue #11: a CSV import created `created` dossiers in one team (one event for the whole import). */
  'import.committed': { importId: string; created: number; skipped: number };
}
export type EventType = keyof DomainEventMap;
export type InternalEventType = Exclude<EventType, FeedEventType>;

/** The envelope every event shares; `data` is the payload of its `type`. */
interface EventEnvelope<T extends EventType> {
  id: string;
  type: T;
  /** Epoch ms when the change happened. */
  at: number;
  /** Who made the change; null for the system (jobs, imports). */
  actorId: string | null;
  /** The person the actor stood in for (a deputy acting for an absent owner); null otherwise. */
  onBehalfOfId: string | null;
  teamId: string | null;
  dossierId: string | null;
  data: DomainEventMap[T];
}

/** A domain event, discriminated by `type` (narrowing on type types `data`). */
export type DomainEvent<T extends EventType = EventType> = { [K in T]: EventEnvelope<K> }[T];
/** An event a service hands a store change method, to be written in the change's transaction. */
export type NewEvent<T extends EventType = EventType> = DomainEvent<T>;
/** An event as the activity log holds it: `seq` is gap-free and increasing, assigned at commit. */
export type StoredEvent<T extends EventType = EventType> = { [K in T]: EventEnvelope<K> & { seq: number } }[T];

/** Where an event may go: a team's feed and lists, the room of its dossier, the acting user only, nowhere. */
export type Audience = 'team' | 'dossier' | 'user' | 'internal';
type Routing<T extends EventType> = T extends FeedEventType
  ? { to: ReadonlyArray<Exclude<Audience, 'internal'>>; why: string }
  : { to: readonly ['internal']; why: string };

/**
 * Which audience each event reaches, with the reason. Socket routing and feed:resume both read this (one
 * rule for live pushes and replays). The type ties it to the contract: an event clients may receive has a
 * public audience, an internal one reaches nobody.
 */
export const EVENT_AUDIENCE: { readonly [T in EventType]: Routing<T> } = {
  'session.started': {
    to: ['internal'],
    why: 'a login is not news for colleagues; presence already shows who is online'
  },
  'session.ended': {
    to: ['internal'],
    why: 'only the transports need it, to close the live connections of that session at once'
  },
  'intake_key.created': {
    to: ['internal'],
    why: 'key management is an audit record for managers, not sales news; the key list (GET intake-keys) shows it'
  },
  'intake_key.revoked': {
    to: ['internal'],
    why: 'as intake_key.created: kept in the activity log for the audit trail, pushed to nobody'
  },
  'dossier.created': {
    to: ['team'],
    why: 'a new row in the list of every member of the team (and of admins)'
  },
  'dossier.updated': {
    to: ['team'],
    why: 'listed values (company, city, contacts) changed: the team’s lists re-sort and re-filter the row'
  },
  'dossier.tags_changed': {
    to: ['dossier', 'team'],
    why: 'issue #11: who tagged or untagged a customer (or renamed a tag) is an audit entry on its timeline and in the team feed; the list row follows through the dossier.updated written with it'
  },
  'import.committed': {
    to: ['internal'],
    why: 'issue #11: an audit record of a CSV import (who, how many); the dossiers are written without one dossier.created each, so 10,000 rows do not flood feeds'
  },
  'dossier.version_recorded': {
    to: ['dossier', 'team'],
    why: 'the history panel of whoever has the dossier open lists it; the team feed shows who changed which dossier (one event per version, not per keystroke)'
  },
  'dossier.stage_changed': {
    to: ['dossier', 'team'],
    why: 'the stage is a listed value (the team’s lists re-filter the row) and a milestone the team feed and the dossier’s timeline show'
  },
  'dossier.restored': {
    to: ['dossier', 'team'],
    why: 'undoing someone’s work is worth telling the team; the version it produced also arrives as version_recorded'
  },
  'interaction.logged': {
    to: ['dossier', 'team'],
    why: 'whoever has the dossier open sees the entry arrive on its timeline; the team feed shows who spoke to which customer'
  },
  'interaction.corrected': {
    to: ['dossier', 'team'],
    why: 'open timelines replace the entry (same id) and mark it corrected; the team feed shows that a record was changed after the fact'
  },
  'task.created': {
    to: ['team', 'dossier'],
    why: 'the team’s task list shows it; live pushes go to the assignee and acting assignee rooms (feed.socket) and to whoever has the dossier open (its follow-ups strip and open-ticket badge)'
  },
  'task.changed': {
    to: ['team', 'dossier'],
    why: 'a new due time or assignee re-sorts the team’s task list and the open dossier’s follow-ups; the people concerned get task:changed / task:removed'
  },
  'task.completed': {
    to: ['team', 'dossier'],
    why: 'done work leaves the open lists of the team; the outcome is team knowledge about the customer, and open timelines of the dossier show it (task_done / ticket_resolved)'
  },
  'intake.lead_received': {
    to: ['dossier', 'team'],
    why: 'open timelines show that (and from where) the lead came in; the team feed shows incoming leads'
  },
  'task.escalated': {
    to: ['team', 'dossier'],
    why: 'overdue by the configured working hours: the team (and its managers, pushed directly) should see it'
  },
  'task.overdue': {
    to: ['team', 'dossier'],
    why: 'an open task passed its due time: the team’s lists mark it late; live pushes go to the assignee and acting assignee rooms (feed.socket), the team’s feed shows it once'
  },
  'coverage.changed': {
    to: ['internal'],
    why: 'plumbing: re-authorises open connections and refreshes desks; the cause (absence, hand-off, …) is its own feed event'
  },
  'absence.recorded': {
    to: ['team'],
    why: 'colleagues and managers plan around it (the absence calendar, who covers whom)'
  },
  'absence.updated': {
    to: ['team'],
    why: 'as absence.recorded: the team’s absence calendar and desks follow the new dates or hand-to'
  },
  'absence.started': {
    to: ['team'],
    why: 'the team feed shows who is away from now on; desks of the acting owners change (desk:changed)'
  },
  'absence.ended': {
    to: ['team'],
    why: 'the team feed shows who is back; cases return to the owner (desk:changed)'
  },
  'deputy.changed': {
    to: ['team'],
    why: 'the deputy is a link of the coverage chain the team relies on; managers see who deputises for whom'
  },
  'handoff.created': {
    to: ['dossier', 'team'],
    why: 'the dossier’s timeline and the team feed show who handed what to whom and why (audit)'
  },
  'handoff.picked_up': {
    to: ['dossier', 'team'],
    why: 'the sender and the managers see the baton was taken'
  },
  'handoff.returned': {
    to: ['dossier', 'team'],
    why: 'the dossier is back with its owner: the timeline and the team feed record it'
  },
  'handoff.escalated': {
    to: ['dossier', 'team'],
    why: 'an unacknowledged hand-off is a case nobody works on: the managers (pushed directly) and the team see it'
  },
  'handoff.cancelled': {
    to: ['dossier', 'team'],
    why: 'a hand-off withdrawn before anyone took it: the receiver’s desk drops it and the timeline records who withdrew it and why (audit)'
  },
  'dossier.owner_changed': {
    to: ['dossier', 'team'],
    why: 'ownership is listed (the team’s lists re-filter the row) and an audit milestone on the timeline (owner_changed)'
  },
  'user.deactivated': {
    to: ['team'],
    why: 'the team learns that a colleague left and that their cases were handed over'
  },
  'coverage.gap_opened': {
    to: ['team'],
    why: 'nobody can act for these dossiers (rule C6): the owner’s team and its managers must see it at once; KPIs count gaps'
  },
  'coverage.gap_closed': {
    to: ['team'],
    why: 'the gap is filled: the team feed shows it ended; KPIs measure its duration (at − openedAt)'
  },
  'winback.started': {
    to: ['dossier', 'team'],
    why: 'issue #11: the dossier’s timeline and the managers’ win-back board show that someone works on a dormant customer'
  },
  'winback.step_completed': {
    to: ['dossier', 'team'],
    why: 'each step (who, when, note) is part of the customer’s story; the win-back board moves the card'
  },
  'winback.ended': {
    to: ['dossier', 'team'],
    why: 'won back or lost, with the reason: a milestone for the timeline, the team feed and the board'
  }
};

const audienceOf = (type: EventType): readonly Audience[] => EVENT_AUDIENCE[type].to;
const isFeedType = (type: EventType): type is FeedEventType => !audienceOf(type).includes('internal');

/** True when the event reaches some client (its audience is not internal). */
export function isFeedEvent(event: StoredEvent): event is StoredEvent<FeedEventType> {
  return isFeedType(event.type);
}

/** The event types clients may receive (the filter of feed:resume). */
export const FEED_EVENT_TYPES: readonly FeedEventType[] = (Object.keys(EVENT_AUDIENCE) as EventType[]).filter(
  isFeedType
);

/**
 * May this user receive this event? Team and dossier events: members of the event's team (admins all), and
 * people who follow the event's dossier through coverage (`follows`: kernel/coverage-audience.ts F1–F2 — a
 * stand-in of another team, or one shadowing before a planned absence); user events: the actor and the person
 * acted for. Internal events: nobody.
 */
export function mayReceive(
  user: Pick<User, 'id' | 'role' | 'teamIds'>,
  event: StoredEvent,
  facts: { follows?: boolean } = {}
): boolean {
  if (!isFeedEvent(event)) return false;
  const to = audienceOf(event.type);
  if (to.includes('user') && (event.actorId === user.id || event.onBehalfOfId === user.id)) return true;
  if (!to.includes('team') && !to.includes('dossier')) return false;
  if (facts.follows && event.dossierId !== null) return true;
  const teams = visibleTeams(user);
  return teams === 'all' || (event.teamId !== null && teams.includes(event.teamId));
}

/** The wire form of an event (times as ISO 8601). */
export function toFeedEventDTO(event: StoredEvent<FeedEventType>): FeedEventDTO {
  return { ...event, at: new Date(event.at).toISOString() } as FeedEventDTO;
}
