import type { EventBus } from '../../ports/event-bus';
import type { FollowupService } from './followups.service';

/**
 * Issue #9: when coverage changes (an absence starts or ends, a hand-off, a deputy change), the open tasks of
 * the people named are given their new acting assignee at once (FollowupService.rerouteFor), so the stand-in's
 * task list and desk fill and empty live. The event is delivered once per node; a second node's pass finds
 * nothing left to move (rerouteFor writes only tasks whose acting assignee differs, conditionally on version).
 */
export function registerTaskRerouting(deps: {
  bus: EventBus;
  followups: Pick<FollowupService, 'rerouteFor'>;
  onError: (err: unknown) => void;
}): { close(): void } {
  const close = deps.bus.subscribe((event) => {
    if (event.type !== 'coverage.changed' || event.data.userIds.length === 0) return;
    const { userIds } = event.data;
    // After every other subscriber of this event: desk:changed and re-authorisation go out first, the page-by-page
    // rerouting (hundreds of tasks for a long absence) follows (its task.changed push desk:changed again).
    setImmediate(() => deps.followups.rerouteFor(userIds).catch(deps.onError));
  });
  return { close };
}
