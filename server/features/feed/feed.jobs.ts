import type { Clock } from '../../ports/clock';
import type { JobDefinition } from '../../ports/scheduler';
import type { ActivityStore } from './activity-store';

/** FEED_RETENTION_DAYS default: a year and a month ("this time last year" stays in the feed). */
export const DEFAULT_FEED_RETENTION_DAYS = 400;

/** The feed's timed work: retention of the activity log. */
export function createFeedJobs(deps: { activity: ActivityStore; clock: Clock; retentionMs: number }): JobDefinition[] {
  return [
    {
      // Daily at night: one indexed range delete (activity_at). Idempotent: a late or repeated run deletes what
      // is older than the window by the clock, and the seqs stay (AS4/AS5), so feed:resume past it answers reset.
      name: 'feed.retention',
      schedule: { cron: '30 3 * * *' },
      run: async () => {
        await deps.activity.deleteOlderThan(deps.clock.now() - deps.retentionMs);
      }
    }
  ];
}
