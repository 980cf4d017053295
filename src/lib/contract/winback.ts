import { z } from 'zod';
import { Id } from './ids';
import type { LifecycleStage } from './lifecycle';

/**
 * Issue #11: sleeping customers, win-back and premium customers (design.md → Public contract → Segments:
 * `GET /api/sleeping`, `POST /api/admin/dormancy-sweep`, `POST /api/dossiers/:id/winback`,
 * `POST /api/dossiers/:id/winback/steps/:n`). Extended by `POST …/winback/fail`, `GET …/winback`,
 * `GET /api/winbacks` and `GET /api/premium`.
 */

/** The six steps of a win-back, in order (step n is WINBACK_STEPS[n - 1]). */
export const WINBACK_STEPS = ['analyse', 'first_contact', 'conversation', 'offer', 'trial_order', 'restored'] as const;
export type WinbackStepKey = (typeof WINBACK_STEPS)[number];
export const WINBACK_STEP_COUNT = WINBACK_STEPS.length;

export type WinbackStatus = 'open' | 'won' | 'failed';

/** Query of GET /api/sleeping: ranked by past order value (default) or by warmth. */
export const SleepingQuery = z
  .object({
    sort: z.enum(['value', 'warmth']).default('value'),
    limit: z.coerce.number().int().min(1).max(500).default(100)
  })
  .strict();
export type SleepingQuery = z.infer<typeof SleepingQuery>;

/** One sleeping customer. `warmth` is documented in server/features/winback/dormancy.rules.ts (W1–W3). */
export interface SleepingCustomerDTO {
  dossierId: string;
  company: string;
  city: string;
  teamId: string;
  ownerId: string;
  ownerName: string;
  /** `customer`/`key_account`: quiet but not yet marked by the sweep; `dormant`: marked. */
  stage: LifecycleStage;
  /** Last interaction (ISO); null when none was ever logged (then the dossier's creation counts). */
  lastInteractionAt: string | null;
  /** Whole months since the last activity. */
  quietMonths: number;
  /** Sum of all order amounts (EUR). */
  pastValue: number;
  interactionCount: number;
  warmth: number;
}

export interface SleepingPage {
  items: SleepingCustomerDTO[];
  /** How many sleeping customers there are in total (items may be fewer: `limit`). */
  total: number;
  dormantAfterMonths: number;
}

/** 200 of POST /api/admin/dormancy-sweep: how many dossiers this run marked dormant. */
export interface DormancySweepDTO {
  marked: number;
}

/** Body of POST /api/dossiers/:id/winback. The assignee defaults to the dossier's owner. */
export const StartWinbackInput = z.object({ assigneeId: Id.optional() }).strict();
export type StartWinbackInput = z.infer<typeof StartWinbackInput>;

/** Body of POST /api/dossiers/:id/winback/steps/:n. `outcome: 'failed'` ends the win-back as lost. */
export const CompleteWinbackStepInput = z
  .object({
    note: z.string().trim().min(1).max(4000),
    interactionId: Id.optional(),
    outcome: z.enum(['done', 'failed']).default('done')
  })
  .strict();
export type CompleteWinbackStepInput = z.infer<typeof CompleteWinbackStepInput>;

/** Body of POST /api/dossiers/:id/winback/fail. */
export const FailWinbackInput = z.object({ reason: z.string().trim().min(1).max(500) }).strict();
export type FailWinbackInput = z.infer<typeof FailWinbackInput>;

export const WinbackStepParam = z.coerce.number().int().min(1).max(WINBACK_STEP_COUNT);

export interface WinbackStepDTO {
  n: number;
  key: WinbackStepKey;
  /** null while not completed. */
  completedAt: string | null;
  byId: string | null;
  byName: string | null;
  note: string | null;
  interactionId: string | null;
}

export interface WinbackDTO {
  id: string;
  dossierId: string;
  company: string;
  teamId: string;
  assigneeId: string;
  assigneeName: string;
  startedById: string;
  startedAt: string;
  status: WinbackStatus;
  /** The step to complete next (1–6); null once ended. */
  nextStep: number | null;
  /** The open task of the next step for the assignee (followups); null when none. */
  nextTaskId: string | null;
  steps: WinbackStepDTO[];
  endedAt: string | null;
  /** Why it failed; null otherwise. */
  endReason: string | null;
}

/** GET /api/dossiers/:id/winback → `{ current, past }`: the open (or latest) one first. */
export interface DossierWinbacksDTO {
  current: WinbackDTO | null;
  past: WinbackDTO[];
}

/** GET /api/winbacks: open win-backs of the visible teams, grouped by the step they wait for. */
export interface WinbackBoardDTO {
  columns: Array<{ step: number; key: WinbackStepKey; items: WinbackDTO[] }>;
}

/** Query of GET /api/premium: the top `share` of customers by 12-month revenue. */
export const PremiumQuery = z
  .object({
    share: z.coerce.number().gt(0).max(1).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200)
  })
  .strict();
export type PremiumQuery = z.infer<typeof PremiumQuery>;

export interface PremiumCustomerDTO {
  dossierId: string;
  company: string;
  teamId: string;
  stage: LifecycleStage;
  ownerName: string;
  revenue12: number;
  revenue36: number;
  tags: string[];
  keyAccountManagerId: string | null;
  keyAccountManagerName: string | null;
  /** The tag to add (PATCH tags) when missing; null when the dossier has it. */
  suggestTag: string | null;
  /** A key-account manager to set when none is: the owner (the person who knows the account). */
  suggestKeyAccountManagerId: string | null;
  suggestKeyAccountManagerName: string | null;
}

export interface PremiumPage {
  items: PremiumCustomerDTO[];
  share: number;
  /** Customers with 12-month revenue above zero in the visible teams (the base of the share). */
  customersWithRevenue: number;
  /** The 12-month revenue of the last one in the share (the premium threshold). */
  threshold: number;
}

export const PREMIUM_TAG = 'premium';
