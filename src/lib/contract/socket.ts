import { z } from 'zod';
import { Id } from './ids';
import type { Ack, ErrorCode } from './errors';
import type { DossierChangedPush, DossierVersionPush, FeedResumeInput, FeedResumeResult } from './feed';

export const WatchDossierInput = z.object({ dossierId: Id }).strict();
export type WatchDossierInput = z.infer<typeof WatchDossierInput>;

export interface OnlineUser {
  id: string;
  name: string;
  dossierId: string | null;
}

/** Events the browser sends; every one has an ack callback. */
export interface ClientToServerEvents {
  'dossier:watch': (input: WatchDossierInput, ack: (res: Ack<{ viewers: OnlineUser[] }>) => void) => void;
  'dossier:unwatch': (input: WatchDossierInput, ack: (res: Ack<null>) => void) => void;
  'presence:list': (input: Record<string, never>, ack: (res: Ack<{ online: OnlineUser[] }>) => void) => void;
  /** Replays the domain events missed since `afterSeq` (after a reconnect), or says to refetch (`reset`). */
  'feed:resume': (input: FeedResumeInput, ack: (res: Ack<FeedResumeResult>) => void) => void;
  /** Issue #10: watch the "who is where" board of one team (or every team the caller may watch). */
  'whereabouts:subscribe': (
    input: import('./whereabouts').WhereaboutsSubscribeInput,
    ack: (res: Ack<{ teamIds: string[] }>) => void
  ) => void;
  'whereabouts:unsubscribe': (input: Record<string, never>, ack: (res: Ack<null>) => void) => void;
  /**
   * Issue #10: the activity feed for `filter` (authorised like GET /api/activity): ack with the backlog after
   * `afterSeq` (or the latest page), then `feed:event` pushes of matching items. A new subscribe replaces the old.
   */
  'feed:subscribe': (
    input: import('./activity').FeedSubscribeInput,
    ack: (res: Ack<import('./activity').FeedSubscribeResult>) => void
  ) => void;
}

/** Events the server pushes. Every push that comes from a domain event carries its `seq` (see feed:resume). */
export interface ServerToClientEvents {
  /** A dossier of one of the user's teams was created or its listed values changed. */
  'dossier:changed': (dossier: DossierChangedPush) => void;
  /** A version of a watched dossier was recorded (room dossier:<id>). */
  'dossier:version': (payload: DossierVersionPush) => void;
  /**
   * Team members online and the dossier each is watching (`dossierId`): the top bar's count and the list's
   * "viewing now" per row. (There is no per-dossier viewers push: the dossier page shows who is there from
   * Yjs awareness, which also knows the field each person is in.)
   */
  'presence:changed': (payload: { online: OnlineUser[] }) => void;
  /**
   * Sent just before the server ends the connection, saying why (socket.io itself only reports
   * "io server disconnect"): `unauthenticated` (session ended or expired), `rate_limited` (too many events).
   */
  'connection:closing': (payload: { code: ErrorCode; message: string }) => void;
  /** A colleague restored a version of a watched dossier (sent to the room of sockets that sent dossier:watch). */
  'dossier:restored': (payload: DossierRestoredPayload) => void;
  /** Issue #8: a timeline entry was added or corrected (same id) on a watched dossier (room `dossier:<id>`). */
  'timeline:entry': (payload: { dossierId: string; item: import('./timeline').TimelineItemDTO; seq?: number }) => void;
  /** Issue #8: a task was created or changed; sent to the assignee's and the acting assignee's `user:<id>` room. */
  'task:changed': (payload: { task: import('./tasks').TaskDTO; seq?: number }) => void;
  /** Issue #8: a task left the recipient's lists (deleted, or reassigned away from them). */
  'task:removed': (payload: { taskId: string; seq?: number }) => void;
  /** Issue #9: something on the user's desk changed (room user:<id>); the client refetches GET /api/desk. */
  'desk:changed': (payload: import('./continuity').DeskChangedPush) => void;
  /** Issue #9: a hand-off to, from or (escalated) for the recipient was made or changed (`user:<id>` rooms). */
  'handoff:changed': (payload: import('./continuity').HandoffChangedPush) => void;
  /**
   * Issue #9: the recipient may no longer open this dossier (their coverage of it ended); their watch of it was
   * left, so no more pushes of it arrive. Sent to `user:<id>`; tabs showing another dossier ignore it.
   */
  'dossier:access_lost': (payload: { dossierId: string; reason: string }) => void;
  /**
   * Issue #10: the "who is where" board of these teams changed (presence, absence, coverage, hand-off, task);
   * debounced per team, sent only to sockets that sent `whereabouts:subscribe`. The client refetches.
   */
  'whereabouts:changed': (payload: import('./whereabouts').WhereaboutsChangedPush) => void;
  /** Issue #10: a new or grown activity item for this socket's feed:subscribe (replace by `item.key`). */
  'feed:event': (payload: import('./activity').FeedEventPush) => void;
}

export interface DossierRestoredPayload {
  dossierId: string;
  /** The new 'restore' version. */
  versionId: string;
  /** The version whose content was restored, and when that version was recorded (ISO; null if unknown). */
  restoredFrom: string;
  restoredFromAt: string | null;
  /** The version holding the content the restore replaced: restoring it undoes the restore. */
  replacedVersionId: string | null;
  actorId: string;
  actorName: string;
  /** When the restore happened (ISO). */
  at: string;
  /** Activity-log sequence number of the event. */
  seq: number;
}
