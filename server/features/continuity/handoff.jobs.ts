import type { JobDefinition } from '../../ports/scheduler';
import type { HandoffService } from './handoff.service';

/**
 * Every minute: a temporary hand-off returns at most a minute after its `until`, and an unacknowledged one is
 * escalated at most a minute late. Both find due rows by query and claim each with a conditional update
 * (HandoffStore HO8, HO10), so a restart or a second node never fires one twice.
 */
export const HANDOFF_JOBS_EVERY_MS = 60_000;

export function createHandoffJobs(deps: {
  handoffs: Pick<HandoffService, 'returnDue' | 'escalateDue'>;
}): JobDefinition[] {
  return [
    {
      name: 'handoffs.return',
      schedule: { everyMs: HANDOFF_JOBS_EVERY_MS },
      run: async () => {
        await deps.handoffs.returnDue();
      }
    },
    {
      name: 'handoffs.escalation',
      schedule: { everyMs: HANDOFF_JOBS_EVERY_MS },
      run: async () => {
        await deps.handoffs.escalateDue();
      }
    }
  ];
}
