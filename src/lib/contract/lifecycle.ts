import { z } from 'zod';

/**
 * The lifecycle of a customer relationship (design.md → Public contract → Stages). `dossier.ts` STAGES is this
 * same list (one source; both names stay exported): the list filter, the stage control and the timeline speak it.
 */
export const LIFECYCLE_STAGES = ['lead', 'prospect', 'customer', 'key_account', 'dormant', 'winback', 'lost'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** The forward path of a relationship; moving back along it is a correction that needs a reason. */
export const STAGE_LADDER: readonly LifecycleStage[] = ['lead', 'prospect', 'customer', 'key_account'];

/**
 * Whether a manual move from `from` to `to` must say why (server/features/dossiers/dossiers.rules.ts L2): moves
 * to lost or dormant, and backwards along STAGE_LADDER. Shared so the stage control can mark the reason required.
 */
export function stageMoveNeedsReason(options: { from: LifecycleStage; to: LifecycleStage }): boolean {
  const { from, to } = options;
  if (to === 'lost' || to === 'dormant') return true;
  const [a, b] = [STAGE_LADDER.indexOf(from), STAGE_LADDER.indexOf(to)];
  return a >= 0 && b >= 0 && b < a;
}

export const isLifecycleStage = (value: unknown): value is LifecycleStage =>
  typeof value === 'string' && (LIFECYCLE_STAGES as readonly string[]).includes(value);

/**
 * Body of POST /api/dossiers/:id/stage. A stage change is deliberate, so the reason is asked for; the server
 * requires it for moves to lost or dormant and backwards along lead → prospect → customer → key_account
 * (server/features/dossiers/dossiers.rules.ts L2).
 */
export const ChangeStageInput = z
  .object({
    stage: z.enum(LIFECYCLE_STAGES),
    reason: z.string().trim().max(500).optional(),
    /** The stage the client showed when the user chose: if the dossier has moved since, 409 conflict. */
    from: z.enum(LIFECYCLE_STAGES).optional()
  })
  .strict();
export type ChangeStageInput = z.infer<typeof ChangeStageInput>;

/**
 * One entry of a dossier's stage history: POST /api/dossiers/:id/stage answers with it, and
 * GET /api/dossiers/:id/stages → `{ items }` lists them newest first. `from` is null for the first stage;
 * `byId` null when the move followed from an event (first order moves a prospect to customer).
 */
export interface StageChangeDTO {
  id: string;
  dossierId: string;
  from: LifecycleStage | null;
  to: LifecycleStage;
  reason: string | null;
  byId: string | null;
  byName: string | null;
  at: string;
}
