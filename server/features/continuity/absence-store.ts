import type { AbsenceKind } from '../../../src/lib/contract';
import type { NewEvent } from '../../kernel/events';

/** A person's absence (issue #9). Times are ms since the epoch; [from, to) is the planned window. */
export interface Absence {
  id: string;
  userId: string;
  kind: AbsenceKind;
  from: number;
  to: number;
  /** Who takes this person's cases meanwhile (coverage rule C3a); null: the chain decides. */
  handToId: string | null;
  note: string | null;
  /** When it was ended early (or cancelled before it began); null otherwise. The absence ends at min(to, endedAt). */
  endedAt: number | null;
  createdById: string;
  createdAt: number;
  updatedAt: number;
  /** When absence.started was written (by the job, or at once for an absence starting now); null before. */
  startedFiredAt: number | null;
  /** When absence.ended was written (by the job at the end, or by an early end); null before. */
  endedFiredAt: number | null;
  /** Bumped by every write (updates and job claims); updates are conditional on it. */
  version: number;
}

/** When an absence really ends: its `to`, or earlier when it was ended early. */
export const absenceEnd = (a: Pick<Absence, 'to' | 'endedAt'>): number =>
  a.endedAt !== null ? Math.min(a.to, a.endedAt) : a.to;

/**
 * Absences. Change methods take the events describing the change and write them in its transaction
 * (ActivityStore AS3); a change that does not happen writes none of them.
 */
export interface AbsenceStore {
  /** AB1 create then get returns an equal absence; a duplicate id rejects with 'conflict' and writes no events. */
  create(absence: Absence, events: readonly NewEvent[]): Promise<void>;
  /** AB1 unknown id resolves null. */
  get(id: string): Promise<Absence | null>;
  /**
   * AB2 replaces the absence only if its stored version is `expectedVersion`; the stored version becomes
   * expectedVersion + 1. Returns the stored absence, or null when unknown or the version moved on (a job claim
   * or another edit won): then nothing, events included, is written.
   */
  update(absence: Absence, expectedVersion: number, events: readonly NewEvent[]): Promise<Absence | null>;
  /**
   * AB3 ends the absence at `at` (endedAt = at; the start counts as fired, and the end is fired now: the caller's
   * events say so) only while it has not ended (endedAt null and at < to); bumps the version. Returns the
   * ended absence, or null (unknown, already ended, or over) with nothing written.
   */
  end(options: { id: string; at: number; events: readonly NewEvent[] }): Promise<Absence | null>;
  /**
   * AB4 absences of `userIds` ('all': everyone's) whose window [from, min(to, endedAt)) overlaps [from, to),
   * ordered by from then id. An absence cancelled before it began (endedAt <= from) overlaps nothing.
   */
  listOverlapping(options: { userIds: readonly string[] | 'all'; from: number; to: number }): Promise<Absence[]>;
  /** AB5 absences in force at `at`: from <= at < min(to, endedAt) (coverage asks this), ordered by from, id. */
  inForceAt(at: number): Promise<Absence[]>;
  /**
   * AB6 absences whose start is due and not yet fired: from <= now, startedFiredAt null, not cancelled before
   * they began; oldest from first, at most `limit`.
   */
  dueStarts(now: number, limit: number): Promise<Absence[]>;
  /**
   * AB7 sets startedFiredAt only while it is null (bumping the version) and writes the events with it; true for
   * the one caller that won, false for every other (exactly once, also across processes and restarts).
   */
  claimStart(id: string, at: number, events: readonly NewEvent[]): Promise<boolean>;
  /**
   * AB8 absences whose end is due and not yet fired: started (startedFiredAt set), min(to, endedAt) <= now,
   * endedFiredAt null; earliest end first, at most `limit`.
   */
  dueEnds(now: number, limit: number): Promise<Absence[]>;
  /** AB9 as AB7 for endedFiredAt: exactly once, with its events. */
  claimEnd(id: string, at: number, events: readonly NewEvent[]): Promise<boolean>;
}
