import type { JobDefinition } from '../../ports/scheduler';
import type { AbsenceService } from './absence.service';
import type { CoverageGapTracker } from './coverage-gaps';

/**
 * Every minute: absences start and end on whole or half days, so a minute late is invisible to people, and one
 * cheap indexed query per run (AbsenceStore AB6/AB8) finds what is due. Idempotent: each start and end is
 * claimed with a conditional update (AB7/AB9), so a restart, a late run or a second node never fires it twice.
 */
export const ABSENCE_JOB_EVERY_MS = 60_000;

/** Continuity's timed work: absence.started at `from`, absence.ended at `to` (with coverage.changed). */
export function createAbsenceJobs(deps: {
  absences: AbsenceService;
  /** Gap events for what no change wrote them with (time edges, hand-offs, offboarding); none when not wired. */
  gaps?: Pick<CoverageGapTracker, 'sweep'>;
}): JobDefinition[] {
  return [
    {
      name: 'continuity.absence-transitions',
      schedule: { everyMs: ABSENCE_JOB_EVERY_MS },
      run: async () => {
        // Ends first: someone back from one absence and leaving for the next in the same minute ends up away.
        await deps.absences.endDue();
        await deps.absences.startDue();
        // After the transitions, so gaps they open or close come with their change rather than from the sweep.
        await deps.gaps?.sweep();
      }
    }
  ];
}
