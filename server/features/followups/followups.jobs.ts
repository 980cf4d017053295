import type { JobDefinition } from '../../ports/scheduler';
import type { FollowupService } from './followups.service';

/**
 * Every minute: escalation is due at a working-time instant (followups.rules ES1), so a task is escalated at most
 * a minute late. Idempotent: each due task is claimed with a conditional update (TaskStore TK9).
 */
export const ESCALATION_EVERY_MS = 60_000;

/** Every minute: an open task is announced overdue (task.overdue) at most a minute after its due time. */
export const OVERDUE_EVERY_MS = 60_000;

/** Follow-ups' timed work. */
export function createFollowupJobs(deps: { followups: FollowupService }): JobDefinition[] {
  return [
    {
      name: 'followups.escalation',
      schedule: { everyMs: ESCALATION_EVERY_MS },
      run: async () => {
        await deps.followups.escalateDue();
      }
    },
    {
      // task.overdue fires at most a minute after the due time; claimed per task (TaskStore TK12).
      name: 'followups.overdue',
      schedule: { everyMs: OVERDUE_EVERY_MS },
      run: async () => {
        await deps.followups.markOverdue();
      }
    }
  ];
}
