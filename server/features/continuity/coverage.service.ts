import type { Coverage } from '../../kernel/coverage';
import type { Dossier } from '../../kernel/types';

/**
 * Coverage as the rest of the server asks it (issue #9). Implemented by `createCoverageService` (this folder) on
 * the absence, hand-off and user stores, always through the kernel's `actingOwner` — nobody else decides who acts.
 * Every method takes `at` (default: the injected clock's now) so jobs and the simulation can ask about any instant.
 */
export interface CoverageService {
  /** The coverage of each given dossier (by dossier id). */
  coverageOf(dossiers: readonly CoverageSubject[], at?: number): Promise<Map<string, Coverage>>;
  /** Dossiers someone else owns that `userId` acts for now (C2/C3), with their coverage. */
  coveringFor(userId: string, at?: number): Promise<Array<{ dossierId: string; coverage: Coverage }>>;
  /**
   * An answer derived from coveringFor(userId) and the covered dossiers' values (the desk's first page in company
   * order), kept with it per coverage epoch (coverage-epoch.ts R1–R4: a change of any covered dossier drops it);
   * `key` names the derivation. Optional: without it the caller derives per question.
   */
  fromCovering?<T>(
    userId: string,
    key: string,
    derive: (covering: Array<{ dossierId: string; coverage: Coverage }>) => Promise<T>,
    at?: number
  ): Promise<T>;
  /** May `userId` act on this dossier because they cover it (not through team membership)? */
  isCovering(userId: string, dossier: CoverageSubject, at?: number): Promise<boolean>;
  /** Active and not absent (lead round robin, task routing). */
  isAvailable(userId: string, at?: number): Promise<boolean>;
  /**
   * Who should act on a task assigned to `assigneeId` on `dossier`: the assignee when available; otherwise the
   * acting owner the rule gives for a dossier owned by the assignee (the dossier's stand-ins count only when
   * the assignee is the dossier's owner); null in a gap.
   */
  actingAssigneeOf(options: { assigneeId: string; dossier: CoverageSubject }, at?: number): Promise<string | null>;
  /** actingAssigneeOf for many tasks at once (one snapshot; rerouting a page of tasks), in the given order. */
  actingAssigneesOf(
    items: ReadonlyArray<{ assigneeId: string; dossier: CoverageSubject }>,
    at?: number
  ): Promise<Array<string | null>>;
  /** Dossiers of `teamIds` nobody can act for now (C6), for the managers' desk. */
  gapsIn(teamIds: readonly string[] | 'all', at?: number): Promise<Array<{ dossierId: string; coverage: Coverage }>>;
}

/** What coverage needs of a dossier record. */
export type CoverageSubject = Pick<Dossier, 'id' | 'ownerId' | 'teamId' | 'standInIds'>;
