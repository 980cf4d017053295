import { Cron } from 'croner';
import { DEFAULT_TIME_ZONE, type JobSchedule } from '../ports/scheduler';

/** The slots of a schedule: pure time maths, no timers. */
export interface ScheduleSlots {
  /** The first slot strictly after `after`, or null if there is none (a cron pattern that never matches again). */
  next(after: number): number | null;
  /** The latest slot at or before `atOrBefore`, or null. */
  previous(atOrBefore: number): number | null;
}

/** Shorter intervals would make the claim in the store the main load; nothing here needs them. */
const MIN_INTERVAL_MS = 1000;

/**
 * Builds the slot maths for a schedule; throws on an invalid one. Croner computes the cron slots in the time
 * zone (its DST rule is the one documented on JobSchedule); it is never started, so it owns no timers: the
 * scheduler arms the injected Timer itself.
 */
export function scheduleSlots(schedule: JobSchedule): ScheduleSlots {
  if ('everyMs' in schedule) {
    const every = schedule.everyMs;
    if (!Number.isInteger(every) || every < MIN_INTERVAL_MS) {
      throw new Error(`everyMs must be an integer of at least ${MIN_INTERVAL_MS}, got ${every}`);
    }
    return {
      next: (after) => (Math.floor(after / every) + 1) * every,
      previous: (atOrBefore) => Math.floor(atOrBefore / every) * every
    };
  }
  const timezone = schedule.timeZone ?? DEFAULT_TIME_ZONE;
  // Croner throws on a malformed pattern here, and on an unknown zone only when computing a run: probe once.
  const cron = new Cron(schedule.cron, { timezone, mode: '5-or-6-parts' });
  cron.nextRun(new Date(0));
  return {
    next: (after) => cron.nextRun(new Date(after))?.getTime() ?? null,
    // previousRuns excludes a run exactly at the reference; 1 ms later includes it (croner works in seconds).
    previous: (atOrBefore) => cron.previousRuns(1, new Date(atOrBefore + 1))[0]?.getTime() ?? null
  };
}
