import { z } from 'zod';
import { Id } from './ids';
import { IsoDateTime, type TimelineItemDTO } from './timeline';
import type { DossierSummaryDTO } from './dossier';
import type { TaskDTO } from './tasks';
import type { Stage } from './dossier';
import { ABSENCE_KINDS, type AbsenceKind, type CoverageReasonDTO, type CoverageViaDTO } from './coverage';

/**
 * Continuity (issue #9; design.md → Public contract → Continuity): absences, deputies, coverage, the stand-in
 * desk, hand-offs with briefings, the digest, offboarding. Who acts for a dossier is decided by ONE server
 * function (server/kernel/coverage.ts); the UI shows `actingOwnerId` / `coverage`, never recomputes them.
 */

// The kinds and the coverage wire type live in coverage.ts, which dossier.ts imports for its DTOs (importing
// this file from dossier.ts would be a cycle: this file lists dossier rows).
export * from './coverage';

const Note = z.string().trim().max(2000);

/**
 * Body of POST /api/absences. `from` defaults to now (an illness starting now). Times are instants (ISO with
 * offset); the UI turns whole and half days into instants in the team's time zone. Anyone records their own;
 * a manager records illness (and any kind) for members of their teams; admins for everyone.
 */
export const RecordAbsenceInput = z
  .object({
    userId: Id,
    kind: z.enum(ABSENCE_KINDS),
    from: IsoDateTime.optional(),
    to: IsoDateTime,
    handToId: Id.nullable().optional(),
    note: Note.optional()
  })
  .strict();
export type RecordAbsenceInput = z.infer<typeof RecordAbsenceInput>;

/** Body of PATCH /api/absences/:id: a planned absence moved or re-routed. An active one may change `to` / hand-to. */
export const PatchAbsenceInput = z
  .object({
    kind: z.enum(ABSENCE_KINDS).optional(),
    from: IsoDateTime.optional(),
    to: IsoDateTime.optional(),
    handToId: Id.nullable().optional(),
    note: Note.optional()
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type PatchAbsenceInput = z.infer<typeof PatchAbsenceInput>;

/** Query of GET /api/absences: absences overlapping [from, to) of a team (default: the caller's teams). */
export const AbsenceListQuery = z
  .object({
    team: Id.optional(),
    userId: Id.optional(),
    from: IsoDateTime.optional(),
    to: IsoDateTime.optional()
  })
  .strict();
export type AbsenceListQuery = z.infer<typeof AbsenceListQuery>;

export type AbsenceStatus = 'planned' | 'active' | 'ended';

export interface AbsenceDTO {
  id: string;
  userId: string;
  userName: string;
  kind: AbsenceKind;
  from: string;
  to: string;
  handToId: string | null;
  handToName: string | null;
  note: string | null;
  status: AbsenceStatus;
  /** When it was ended early (POST /api/absences/:id/end); null otherwise. */
  endedAt: string | null;
  createdById: string;
  createdAt: string;
}

/** Body of PUT /api/users/:id/deputy; null clears it. Owners set their own; managers any in their teams. */
export const SetDeputyInput = z.object({ deputyId: Id.nullable() }).strict();
export type SetDeputyInput = z.infer<typeof SetDeputyInput>;

/** Body of POST /api/dossiers/:id/handoffs. Without `until` the hand-off is permanent (the owner changes). */
export const CreateHandoffInput = z
  .object({
    toUserId: Id,
    until: IsoDateTime.optional(),
    note: z.string().trim().min(1).max(4000)
  })
  .strict();
export type CreateHandoffInput = z.infer<typeof CreateHandoffInput>;

/** Body of POST /api/handoffs/:id/cancel: why it is withdrawn (optional; empty counts as none). */
export const CancelHandoffInput = z.object({ reason: z.string().trim().max(1000).optional() }).strict();
export type CancelHandoffInput = z.infer<typeof CancelHandoffInput>;

export type HandoffStatus = 'pending' | 'picked_up' | 'returned' | 'cancelled';

/** The primary contact as the briefing names it, with when somebody last confirmed it is still right. */
export interface BriefingContactDTO {
  name: string;
  role: string;
  phone: string;
  email: string;
  lastConfirmedAt: string | null;
  lastConfirmedByName: string | null;
}

/** A snapshot generated from the dossier when it is handed off; kept with the hand-off for the audit. */
export interface BriefingDTO {
  generatedAt: string;
  dossierId: string;
  company: string;
  stage: Stage;
  ownerName: string;
  mainInterests: string;
  agreedConditions: string;
  contact: BriefingContactDTO | null;
  /** The last five interactions, newest first. */
  lastInteractions: TimelineItemDTO[];
  /** Open callbacks and tasks (promises made to the customer). */
  openTasks: TaskDTO[];
  openTickets: TaskDTO[];
  /** The open win-back step, when a win-back process runs (issue #11); null otherwise. */
  winbackStep: string | null;
  /** The sender's note. */
  note: string;
}

/** A hand-off as events carry it: without its briefing (GET the hand-off for that). */
export type HandoffEventDTO = Omit<HandoffDTO, 'briefing'>;

export interface HandoffDTO {
  id: string;
  dossierId: string;
  /** The dossier's team when it was handed off: its managers may cancel a pending hand-off. */
  teamId: string;
  dossierCompany: string;
  fromUserId: string;
  fromName: string;
  toUserId: string;
  toName: string;
  byId: string;
  kind: 'temporary' | 'permanent';
  until: string | null;
  note: string;
  status: HandoffStatus;
  createdAt: string;
  pickedUpAt: string | null;
  escalatedAt: string | null;
  returnedAt: string | null;
  briefing: BriefingDTO;
}

/** A dossier nobody can act for (kernel/coverage.ts C6), shown to its team's managers. */
export interface CoverageGapDTO {
  dossier: DossierSummaryDTO;
  forUserId: string;
  forUserName: string;
  reason: CoverageReasonDTO;
  until: string | null;
  cause: 'cycle' | 'exhausted';
}

export interface CoveringEntryDTO {
  dossier: DossierSummaryDTO;
  forUserId: string;
  forUserName: string;
  until: string | null;
  reason: CoverageReasonDTO;
  via: CoverageViaDTO;
}

/** Most covering rows one desk request summarises (the page asks for DESK_COVERING_PAGE; the rest are counted). */
export const DESK_COVERING_LIMIT_MAX = 1000;
/** How many covering rows the desk page shows before "Show all". */
export const DESK_COVERING_PAGE = 100;
/** How many of my own dossiers the desk page shows (the rest: "n more" to the dossier list). */
export const DESK_OWN_PAGE = 12;

const deskLimit = (name: string) =>
  z.coerce
    .number({ message: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(1, `${name} must be at least 1`)
    .max(DESK_COVERING_LIMIT_MAX, `${name} must be at most ${DESK_COVERING_LIMIT_MAX}`)
    .optional();

/**
 * Query of GET /api/desk. `coveringLimit`: only the first N covering rows (company order) carry summaries; the
 * totals (`coveringTotal`, `coveringBy`) always count all. `ownLimit`: likewise only the first N of my own
 * dossiers (company order); `ownTotal` counts all. Absent = all rows (the contract before the limits).
 */
export const DeskQuery = z
  .object({
    coveringLimit: deskLimit('coveringLimit'),
    ownLimit: deskLimit('ownLimit')
  })
  .strict();
export type DeskQuery = z.infer<typeof DeskQuery>;

/** One colleague I cover and how many of their dossiers (all of them, also those past a coveringLimit). */
export interface DeskCoveringByDTO {
  forUserId: string;
  forUserName: string;
  count: number;
  /** The latest end among those rows (null: open-ended, e.g. an open illness or a permanent hand-off). */
  until: string | null;
  reason: CoverageReasonDTO;
}

/** GET /api/desk: everything on my desk right now. */
export interface DeskDTO {
  /** My own dossiers (owner = me), with who acts for them when I am away; in company order (the dossier list's
   * 'name' order), only the first `ownLimit` when the query sets one. */
  own: DossierSummaryDTO[];
  /** How many dossiers I own in all (>= own.length; larger when an ownLimit cut the list). */
  ownTotal: number;
  /** What I cover, in company order; only the first `coveringLimit` when the query sets one. */
  covering: CoveringEntryDTO[];
  /** How many dossiers I cover in all (>= covering.length; larger when a coveringLimit cut the list). */
  coveringTotal: number;
  /** Per colleague I cover: how many of their dossiers, until when, why; by count, most first. */
  coveringBy: DeskCoveringByDTO[];
  /** Open callbacks, tasks and tickets routed to me (assigned, or acting for an absent assignee). */
  tasks: TaskDTO[];
  /** Hand-offs to me not yet picked up, and mine still pending with others. */
  handoffs: HandoffDTO[];
  /** Coverage gaps in the teams I manage (empty for reps). */
  gaps: CoverageGapDTO[];
  /** My current or next absence, so the desk can say "you are away until …". */
  myAbsence: AbsenceDTO | null;
}

/** Socket.io push `desk:changed`: something on the desk changed; the client refetches GET /api/desk. */
export interface DeskChangedPush {
  reason: 'absence' | 'handoff' | 'task' | 'coverage' | 'ownership';
  seq?: number;
}

/** What one entry of the digest reports (server/features/continuity/digest.rules.ts D4–D8). */
export const DIGEST_ENTRY_KINDS = [
  'interaction',
  'interaction_corrected',
  'fields_changed',
  'task_done',
  'ticket_opened',
  'ticket_resolved',
  'handoff',
  'stage_changed',
  'owner_changed'
] as const;
export type DigestEntryKind = (typeof DIGEST_ENTRY_KINDS)[number];

/** One thing somebody did on a dossier during the absence, with who did it (the UI words it per language). */
export interface DigestEntryDTO {
  kind: DigestEntryKind;
  at: string;
  /** null: the system (a job, e.g. a hand-off returning at its date). */
  byId: string | null;
  byName: string | null;
  /** English fallback text; the UI prefers `kind` + the fields below. */
  summary: string;
  /** fields_changed: the document keys (FieldKey, 'contacts', 'notes'). */
  fields?: string[];
  /** interaction*: the interaction type (call, email, …). */
  interactionType?: string;
  /** task_done / ticket_*: the task's title; stage_changed: the new stage; handoff: its status. */
  title?: string;
  /** The text worth reading under the line: what was said (interactions), the outcome (tasks), the note (hand-offs). */
  detail?: string | null;
}

/** One dossier in "while you were away" (GET /api/digest). */
export interface DigestDossierDTO {
  dossierId: string;
  company: string;
  interactions: TimelineItemDTO[];
  /**
   * Keys of the document values changed during the absence (FIELD_KEYS of src/lib/dossier-doc, plus
   * 'contacts' and 'notes'), from the recorded versions; the UI shows them as field labels.
   */
  changedFields: string[];
  tasksDone: TaskDTO[];
  tickets: TaskDTO[];
  /** Hand-offs of the dossier during the absence as their events carry them (the briefing: GET the hand-off). */
  handoffs: HandoffEventDTO[];
  /** Names of everyone who did something on it meanwhile. */
  byNames: string[];
  /** Everything above (and stage / owner changes) as one list, oldest first, each with who did it. */
  entries: DigestEntryDTO[];
  /** When the last of it happened (ISO); dossiers are listed newest first. */
  lastAt: string;
}

export interface DigestDTO {
  /** The absence the digest covers (the last one that ended); null when there is nothing to report. */
  absence: AbsenceDTO | null;
  dossiers: DigestDossierDTO[];
}

/** What a leaving colleague holds (GET /api/users/:id/offboarding). */
export const OFFBOARDING_ITEM_KINDS = [
  'dossier',
  'stand_in',
  'deputy',
  'task',
  'ticket',
  'key_account',
  'handoff',
  'absence_hand_to'
] as const;
export type OffboardingItemKind = (typeof OFFBOARDING_ITEM_KINDS)[number];

export interface OffboardingItemDTO {
  kind: OffboardingItemKind;
  /** The id of the thing to reassign (dossier id, task id, hand-off id, user id for a deputy role, …). */
  id: string;
  label: string;
  dossierId: string | null;
  /** The default proposal (deputy rule); null when the rule has nobody. */
  suggestedToId: string | null;
  /** Whoever takes it must be a member of this team (dossier, stand-in, key account, task, ticket); else null. */
  teamId: string | null;
  /** Who may not take it (the dossier's owner and stand-ins for a stand-in role, the person for a deputy role, …). */
  notToIds: string[];
}

export interface OffboardingDTO {
  userId: string;
  userName: string;
  active: boolean;
  /** Their default deputy (the 'deputy' rule's target); null when none. */
  deputyId: string | null;
  teamIds: string[];
  items: OffboardingItemDTO[];
}

/** `details` of the 409 (and of a 400 for explicit assignments nobody may take) of POST …/offboarding. */
export interface OffboardingRefusalDTO {
  unassigned: OffboardingItemDTO[];
  invalid: Array<{ kind: OffboardingItemKind; id: string; toUserId: string; reason: string }>;
}

/** 200 of POST …/offboarding: what was moved to whom; the user is deactivated. */
export interface OffboardingResultDTO {
  userId: string;
  deactivatedAt: string;
  moved: Array<{ kind: OffboardingItemKind; id: string; toUserId: string }>;
}

/**
 * Body of POST /api/users/:id/offboarding: explicit assignments, and/or a rule for the rest ('deputy': to the
 * default deputy; 'round_robin': over the team's active reps). Anything still unassigned → 409 with the list.
 */
export const OffboardingInput = z
  .object({
    rule: z.enum(['deputy', 'round_robin']).optional(),
    assignments: z
      .array(z.object({ kind: z.enum(OFFBOARDING_ITEM_KINDS), id: Id, toUserId: Id }).strict())
      .max(20_000)
      .optional(),
    note: z.string().trim().max(4000).optional()
  })
  .strict();
export type OffboardingInput = z.infer<typeof OffboardingInput>;

/** Per person: dossiers that would lose knowledge if they left today (issue #9 "knowledge at risk"). */
export interface KnowledgeRiskDTO {
  userId: string;
  userName: string;
  dossierCount: number;
  atRisk: number;
  /** Counts per reason; a dossier may have several. */
  reasons: { noStandIn: number; contactUnconfirmed: number; knowledgeEmpty: number; quiet: number };
  dossierIds: string[];
}

export const HANDOFF_STATUSES = ['pending', 'picked_up', 'returned', 'cancelled'] as const;

/**
 * Query of GET /api/handoffs: hand-offs to me (`role=to`), from me (I was the owner or made it: `role=from`), or
 * both (no role), optionally of one status; newest first.
 */
export const HandoffListQuery = z
  .object({
    role: z.enum(['to', 'from']).optional(),
    status: z.enum(HANDOFF_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50)
  })
  .strict();
export type HandoffListQuery = z.infer<typeof HandoffListQuery>;

/**
 * Socket.io push `handoff:changed` to the `user:<id>` rooms of the sender, the receiver and whoever made it (and
 * the managers on `escalated`): the receiver's screen shows a new hand-off at once, without a reload.
 */
export interface HandoffChangedPush {
  change: 'created' | 'picked_up' | 'returned' | 'escalated' | 'cancelled';
  handoff: Omit<HandoffDTO, 'briefing'>;
  seq: number;
}

/** Query of GET /api/digest: a given absence (own; managers: of their teams' members); default the caller's last ended one. */
export const DigestQuery = z.object({ absenceId: Id.optional() }).strict();
export type DigestQuery = z.infer<typeof DigestQuery>;

/** Query of GET /api/knowledge-risk: one team (default: every team the caller manages; reps see themselves). */
export const KnowledgeRiskQuery = z.object({ team: Id.optional() }).strict();
export type KnowledgeRiskQuery = z.infer<typeof KnowledgeRiskQuery>;

/** Why a dossier would lose knowledge if its owner left today (server knowledge-risk.rules.ts K1–K4). */
export const KNOWLEDGE_RISK_REASONS = ['noStandIn', 'contactUnconfirmed', 'knowledgeEmpty', 'quiet'] as const;
export type KnowledgeRiskReason = (typeof KNOWLEDGE_RISK_REASONS)[number];

/** GET /api/knowledge-risk/:userId/dossiers: the one-click list to fix, worst first. */
export interface AtRiskDossierDTO {
  dossierId: string;
  company: string;
  stage: Stage;
  reasons: KnowledgeRiskReason[];
  /** When the primary contact was last confirmed (ISO); null when never or no primary contact. */
  primaryContactConfirmedAt: string | null;
  /** When the last interaction was logged (ISO); null when none. */
  lastInteractionAt: string | null;
}
