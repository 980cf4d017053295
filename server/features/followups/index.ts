/** Follow-ups (issue #8): callbacks, tasks and tickets with working-hours escalation. The only public face. */
import type { FollowupService } from './followups.service';

export {
  createFollowupService,
  type FollowupService,
  type OutcomeLogger,
  type TaskCoverage,
  type TeamCalendarLookup
} from './followups.service';
export { registerTaskRerouting } from './followups.rerouting';
export { createFollowupRoutes } from './followups.routes';
export { createFollowupJobs } from './followups.jobs';
export type { Task, TaskStore, TaskListFilter } from './task-store';
export type { TicketSeverity } from './followups.rules';
/** Working-minute maths (team calendar), used by intake for the callback's due time. */
export { addWorkingMinutes } from './followups.rules';

/** What the interactions feature calls when a complaint is logged (complaint → ticket). */
export type OpenTicket = FollowupService['openTicket'];
