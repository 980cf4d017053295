import { z } from 'zod';
import { Id } from './ids';
import type { AbsenceKind, CoverageReasonDTO } from './coverage';
import type { TicketSeverity } from './timeline';

/**
 * Issue #10 "Who is where": GET /api/whereabouts?team= and the `whereabouts:*` socket events. Without `team`
 * the board covers every team the caller may watch (admins: all; managers: theirs; reps and viewers: their own);
 * naming a team the caller may not watch is 403.
 */
export const WhereaboutsQuery = z.object({ team: Id.optional() }).strict();
export type WhereaboutsQuery = z.infer<typeof WhereaboutsQuery>;

/** `whereabouts:subscribe { team? }`: the same scope as the query; a refused team is an error ack. */
export const WhereaboutsSubscribeInput = z.object({ team: Id.optional() }).strict();
export type WhereaboutsSubscribeInput = z.infer<typeof WhereaboutsSubscribeInput>;

/** A dossier a colleague has open now; `company` null when the caller may not see that dossier's team. */
export interface OpenDossierDTO {
  dossierId: string | null;
  company: string | null;
  /** When they opened it (this connection). */
  since: string;
}

/** Someone acting for an absent colleague (the coverage service's answer), with how many of their dossiers. */
export interface CovererDTO {
  userId: string;
  name: string;
  dossiers: number;
}

export interface PersonAbsenceDTO {
  kind: AbsenceKind;
  /** Expected end (joined absences, coverage rule C7); null when open-ended. */
  until: string | null;
  coveredBy: CovererDTO[];
  /** Their dossiers nobody can act for now (coverage gaps). */
  gaps: number;
}

export interface PersonWhereDTO {
  id: string;
  name: string;
  role: 'admin' | 'manager' | 'rep' | 'viewer';
  teamIds: string[];
  online: boolean;
  open: OpenDossierDTO[];
  absence: PersonAbsenceDTO | null;
}

export type StalledLeadReason = 'overdue' | 'unassigned';

export interface StalledHandoffDTO {
  id: string;
  dossierId: string;
  dossierCompany: string;
  fromName: string;
  toUserId: string;
  toName: string;
  createdAt: string;
  escalated: boolean;
}

export interface StalledTaskDTO {
  taskId: string;
  dossierId: string;
  dossierCompany: string;
  title: string;
  assigneeId: string;
  assigneeName: string;
  /** Who acts on it now (coverage): the stored acting assignee while available, else the dossier's acting owner. */
  actingAssigneeId: string;
  actingAssigneeName: string;
  dueAt: string;
  severity: TicketSeverity | null;
  /** Leads only: why the lead is waiting (its callback is overdue, or nobody available holds it). */
  reasons: StalledLeadReason[];
}

export interface StalledGapDTO {
  dossierId: string;
  dossierCompany: string;
  forUserId: string;
  forUserName: string;
  reason: CoverageReasonDTO;
  until: string | null;
}

/** Each list holds at most `STALLED_LIST_LIMIT` oldest items; `counts` say how many there are in all. */
export interface StalledWorkDTO {
  handoffs: StalledHandoffDTO[];
  leads: StalledTaskDTO[];
  callbacks: StalledTaskDTO[];
  tickets: StalledTaskDTO[];
  gaps: StalledGapDTO[];
  counts: { handoffs: number; leads: number; callbacks: number; tickets: number; gaps: number };
}

export const STALLED_LIST_LIMIT = 25;

export interface WhereaboutsDTO {
  at: string;
  teams: Array<{ id: string; name: string }>;
  people: PersonWhereDTO[];
  stalled: StalledWorkDTO;
}

/** Push `whereabouts:changed` (debounced): something on these teams' board changed; the client refetches. */
export type WhereaboutsChangeReason = 'presence' | 'absence' | 'coverage' | 'handoff' | 'task' | 'lead';
export interface WhereaboutsChangedPush {
  teamIds: string[];
  reasons: WhereaboutsChangeReason[];
}
