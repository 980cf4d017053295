import { z } from 'zod';
import type { DossierSummaryDTO } from './dossier';
import type { VersionDTO } from './history';
import type { TimelineItemDTO } from './timeline';
import type { TaskDTO } from './tasks';
import type { StageChangeDTO } from './lifecycle';
import type { AbsenceDTO, HandoffEventDTO } from './continuity';
import type { WinbackDTO } from './winback';

/**
 * Payloads of the domain events a client may receive, by event type. The server's event map
 * (server/kernel/events.ts) is this plus its internal events; which audience each one reaches is declared there.
 */
export interface FeedEventPayloads {
  /** A dossier was created (its list row). */
  'dossier.created': { dossier: DossierSummaryDTO };
  /** A dossier's listed values changed (its list row after the change). */
  'dossier.updated': { dossier: DossierSummaryDTO };
  /**
   * Issue #11: a dossier's tags changed (by hand, or a manager's rename/merge: `renamedFrom` set). `dossier`
   * is the list row after it; lists already hear the change through the dossier.updated written with it.
   */
  'dossier.tags_changed': {
    added: string[];
    removed: string[];
    renamedFrom: string | null;
    dossier: DossierSummaryDTO;
  };
  /**
   * A version's content was restored as the new version `versionId`. `restoredFromAt` is when the restored
   * version was recorded (ISO); `replacedVersionId` holds the content the restore replaced (restoring it undoes
   * the restore). Both null when unknown.
   */
  'dossier.restored': {
    versionId: string;
    restoredFrom: string;
    restoredFromAt?: string | null;
    replacedVersionId?: string | null;
  };
  /**
   * A named point in a dossier's history was stored (after a pause in editing, a restore, …). Issue #10:
   * `changedKeys` are the document keys it changed against the previous version (FIELD_KEYS, 'contacts',
   * 'notes'); absent on events recorded before it existed.
   */
  'dossier.version_recorded': { version: VersionDTO; changedKeys?: string[] };
  /** Issue #8: an interaction was logged on a dossier's timeline (the entry as the timeline shows it). */
  'interaction.logged': { item: TimelineItemDTO };
  /** Issue #8: an interaction was corrected; `item.corrected` keeps who, when and the earlier text. */
  'interaction.corrected': { item: TimelineItemDTO };
  /** Issue #8: a callback, task or ticket was created (the task as it was made). */
  'task.created': { task: TaskDTO };
  /**
   * A task was snoozed, renamed, moved or reassigned (the task after the change). `leftUserIds`: who had it in
   * their lists (former assignee / acting assignee) and no longer does.
   */
  'task.changed': { task: TaskDTO; leftUserIds?: string[] };
  /** A task was done; `outcome` is what came of it (also logged on the dossier's timeline when not empty). */
  'task.completed': { task: TaskDTO; outcome: string | null };
  /** An overdue task was escalated once to the team's managers (`managerIds`, also pushed to them). */
  'task.escalated': { task: TaskDTO; managerIds: string[] };
  /**
   * An open task's due time passed (once per task, by the follow-ups job, at most a minute late; the task as it
   * was then). A snooze moves dueAt but does not make it overdue again.
   */
  'task.overdue': { task: TaskDTO };
  /**
   * Issue #8: a web lead arrived through an intake key (`duplicate`: it landed on a known dossier). Shown as a
   * `lead_arrived` system entry on the dossier's timeline; `source`/`campaign` as the form sent them.
   */
  'intake.lead_received': {
    source: string | null;
    campaign: string | null;
    duplicate: boolean;
    assigneeId: string;
    keyId: string;
  };
  /**
   * A dossier moved to another lifecycle stage (POST /api/dossiers/:id/stage, or a move following from an
   * event). `from`/`to`/`reason` as in `change`; `dossier` is its list row after the move.
   */
  'dossier.stage_changed': {
    from: StageChangeDTO['from'];
    to: StageChangeDTO['to'];
    reason: string | null;
    change: StageChangeDTO;
    dossier: DossierSummaryDTO;
  };
  /** Issue #9: an absence was recorded (planned, or starting now). */
  'absence.recorded': { absence: AbsenceDTO };
  /** A planned or running absence was moved, re-routed or re-classified. */
  'absence.updated': { absence: AbsenceDTO };
  /** An absence began (scheduler job at its `from`): the person's cases now go to their acting owners. */
  'absence.started': { absence: AbsenceDTO };
  /** An absence ended (at its `to`, or early: `early`); the person's cases return to them. */
  'absence.ended': { absence: AbsenceDTO; early: boolean };
  /** A person's default deputy changed (null: none). */
  'deputy.changed': { userId: string; deputyId: string | null };
  /** A dossier was handed to a colleague (temporary with `until`, or permanent). */
  'handoff.created': { handoff: HandoffEventDTO };
  /** The receiver acknowledged a hand-off ("picked up"). */
  'handoff.picked_up': { handoff: HandoffEventDTO };
  /** A temporary hand-off ran out (or was taken back): the dossier is with its owner again. */
  'handoff.returned': { handoff: HandoffEventDTO };
  /** Nobody picked a hand-off up in time: the team's managers are told. */
  'handoff.escalated': { handoff: HandoffEventDTO; managerIds: string[] };
  /**
   * A hand-off not yet picked up was cancelled by the sender, the one who made it or a manager of the team
   * (POST /api/handoffs/:id/cancel; `reason` as given, null when none). `handoff` is its state after it.
   */
  'handoff.cancelled': { handoff: HandoffEventDTO; reason: string | null };
  /** A dossier got a new owner (a permanent hand-off, offboarding). `dossier` is its list row after it. */
  'dossier.owner_changed': {
    fromUserId: string;
    toUserId: string;
    reason: string | null;
    dossier: DossierSummaryDTO;
  };
  /** A colleague left: deactivated by an admin after everything they held was reassigned. */
  'user.deactivated': { userId: string; userName: string };
  /** Issue #11: a win-back started on a dormant dossier (the process as it is now). */
  'winback.started': { winback: WinbackDTO };
  /** A step of a win-back was completed (`step`: 1–6); `winback` is the process after it. */
  'winback.step_completed': { winback: WinbackDTO; step: number };
  /** A win-back ended: won (back to customer) or failed (lost, with `reason`). */
  'winback.ended': { winback: WinbackDTO; status: 'won' | 'failed'; reason: string | null };
  /**
   * Issue #9: some of a person's dossiers entered a coverage gap (nobody can act for them, rule C6) at `openedAt`
   * (epoch ms). The event's teamId is the owner's team.
   */
  'coverage.gap_opened': CoverageGapEventData;
  /** Those dossiers left the gap; `openedAt` is the opened event's, so the gap lasted `at - openedAt`. */
  'coverage.gap_closed': CoverageGapEventData;
}

/** The payload of coverage.gap_opened / coverage.gap_closed (KPIs: gaps and their duration per owner). */
export interface CoverageGapEventData {
  ownerId: string;
  dossierIds: string[];
  /** Epoch ms when the gap opened (for gap_closed: the gap being closed). */
  openedAt: number;
}
export type FeedEventType = keyof FeedEventPayloads;

/** A domain event on the wire: `seq` orders all events of the store; `at` is ISO 8601. */
export type FeedEventDTO<T extends FeedEventType = FeedEventType> = {
  [K in T]: {
    seq: number;
    id: string;
    type: K;
    at: string;
    actorId: string | null;
    /** The person the actor stood in for (a deputy acting for an absent owner); null otherwise. */
    onBehalfOfId: string | null;
    teamId: string | null;
    dossierId: string | null;
    data: FeedEventPayloads[K];
  };
}[T];

/**
 * `feed:resume { afterSeq }`: what the client missed since the last seq it saw. Without afterSeq it only
 * learns where "now" is (lastSeq), so a fresh connection can resume later.
 */
export const FeedResumeInput = z.object({ afterSeq: z.number().int().min(0).optional() }).strict();
export type FeedResumeInput = z.infer<typeof FeedResumeInput>;

export interface FeedResumeResult {
  /** The missed events this user may see, in seq order, each once. Empty when `reset` is set. */
  events: FeedEventDTO[];
  /**
   * Set when the gap cannot be replayed (older than the retained log, more than the replay cap, or a seq the
   * store never issued): refetch what is shown, then continue from lastSeq.
   */
  reset?: true;
  /** The client's new cursor: every event up to here was either returned or is not for this user. */
  lastSeq: number;
}

/** Push to room dossier:<id> when a version of that dossier is recorded (the history panel lists it). */
export interface DossierVersionPush {
  seq: number;
  dossierId: string;
  version: VersionDTO;
}

/** Push `dossier:changed`: a list row, with the seq of the event it comes from. */
export type DossierChangedPush = DossierSummaryDTO & { seq: number };
