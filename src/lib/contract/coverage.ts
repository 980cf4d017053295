/**
 * Absence kinds and the coverage wire type (issue #9). Own file so the dossier DTOs can carry `coverage`
 * without importing continuity.ts (which imports the dossier DTOs); continuity.ts re-exports all of it.
 */

export const ABSENCE_KINDS = ['vacation', 'illness', 'training', 'parental_leave', 'other'] as const;
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];

/** Why someone else acts for a dossier: the owner's absence kind, a temporary hand-off, or the owner left. */
export type CoverageReasonDTO = AbsenceKind | 'handoff' | 'deactivated';
/** Which link of the chain was chosen (kernel/coverage.ts C2–C3d). */
export type CoverageViaDTO = 'hand_off' | 'hand_to' | 'stand_in' | 'deputy' | 'manager';

/** `coverage` on dossier DTOs: null while the owner acts themself. */
export interface CoverageDTO {
  reason: CoverageReasonDTO;
  forUserId: string;
  /** ISO; null when open-ended (owner deactivated). */
  until: string | null;
  via: CoverageViaDTO | null;
  /** True when nobody can act (a coverage gap): actingOwnerId is then null. */
  gap: boolean;
}
