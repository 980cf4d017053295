import type { Stage, WinbackStatus } from '../../../src/lib/contract';
import type { NewEvent } from '../../kernel/events';
import type { StageChange } from '../../kernel/types';

/** One completed step: when, who, the note and the interaction that completed it. */
export interface WinbackStepRecord {
  n: number;
  at: number;
  byId: string;
  note: string;
  interactionId: string | null;
}

/** A win-back process on a dossier (issue #11). Times are epoch ms. */
export interface WinbackProcess {
  id: string;
  dossierId: string;
  teamId: string;
  assigneeId: string;
  startedById: string;
  startedAt: number;
  status: WinbackStatus;
  /** The step that completes next (1–6); 7 once step 6 is done. */
  nextStep: number;
  /** Completed steps in order. */
  steps: WinbackStepRecord[];
  /** The follow-up task of the next step; null when none. */
  nextTaskId: string | null;
  endedAt: number | null;
  endReason: string | null;
  /** Bumped by every write; the conditional update of `save` compares it. */
  revision: number;
}

/**
 * The dossier's stage move that starts or ends a win-back, as DossierService.draftLifecycleEvent drafted it:
 * applied only while the dossier is still in `expectedFrom` (DossierStore DS10), with its history entry.
 */
export interface WinbackStageMove {
  expectedFrom: Stage;
  change: StageChange;
}

/**
 * Port: win-back processes.
 *
 * WS1 create stores a new process (revision 0) with its events in one transaction; a second OPEN process of
 *     the same dossier rejects with 'conflict' and writes nothing (also across processes: a unique index).
 * WS2 get / openFor / listFor: a process by id; the dossier's open one (null when none); all of a dossier's,
 *     newest first.
 * WS3 save(process, expectedRevision, events) replaces the process only if its stored revision is
 *     `expectedRevision` (then stores revision + 1 and writes the events in the same transaction) and resolves
 *     the stored process; otherwise resolves null and writes nothing. Two concurrent step completions: one wins.
 * WS4 listOpen(teamIds) gives the open processes of those teams ('all': every team), oldest first by startedAt.
 * WS5 remove(id) deletes a process that was never saved after create (revision 0) and resolves whether it did;
 *     the service calls it to clear a half-started process an earlier release could leave behind.
 * WS6 create and save with a `stageMove` also apply that move (dossier stage + stage history entry, DS10) in the
 *     same transaction as the process and the events: a start or an end is one write. An unknown dossier
 *     rejects with 'not_found', a dossier in another stage than `expectedFrom` with 'conflict'; either way
 *     nothing is written (neither the process nor the move nor the events). A save that loses WS3's
 *     compare-and-set resolves null and moves nothing.
 */
export interface WinbackStore {
  create(process: WinbackProcess, events: readonly NewEvent[], stageMove?: WinbackStageMove | null): Promise<void>;
  get(id: string): Promise<WinbackProcess | null>;
  openFor(dossierId: string): Promise<WinbackProcess | null>;
  listFor(dossierId: string): Promise<WinbackProcess[]>;
  save(
    process: WinbackProcess,
    expectedRevision: number,
    events: readonly NewEvent[],
    stageMove?: WinbackStageMove | null
  ): Promise<WinbackProcess | null>;
  listOpen(teamIds: readonly string[] | 'all'): Promise<WinbackProcess[]>;
  remove(id: string): Promise<boolean>;
}
