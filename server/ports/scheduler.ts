/** Wall-clock schedules are read in this zone unless a job names another (the teams' home zone). */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

/**
 * When a job is due.
 * - `everyMs`: slots at whole multiples of the interval since the epoch (an hourly job runs at each full
 *   UTC hour), so every node computes the same slots without talking to the others.
 * - `cron`: a 5- or 6-field cron expression read as wall-clock time in `timeZone` (default Europe/Berlin).
 *   DST (croner's rule): a fixed time (single values in the second, minute and hour fields, e.g.
 *   `30 2 * * *`) that does not exist, 02:30 on the spring-forward Sunday, runs at the first valid time
 *   after the gap (03:00); one that occurs twice, 02:30 on the fall-back Sunday, runs once, at the first
 *   occurrence. Other patterns (e.g. `0,30 * * * *`) follow elapsed time: they skip the missing hour and
 *   run in both occurrences of the repeated one.
 */
export type JobSchedule = { everyMs: number } | { cron: string; timeZone?: string };

export interface JobRunContext {
  /** The slot this run is for (ms since the epoch); the claim is keyed by it. */
  dueAt: number;
  /** The clock's time when the run started; later than dueAt after downtime or a busy loop. */
  startedAt: number;
  /** Aborted when the scheduler stops; long jobs should check it between batches. */
  signal: AbortSignal;
}

/**
 * A job is an idempotent store operation: it finds due items by query and claims each with a conditional
 * update, so running it late, twice on different nodes, or after a crash mid-way never does the work twice.
 */
export interface JobDefinition {
  /** Unique, stable across releases (`<feature>.<what>`): it keys the run claims in the store. */
  name: string;
  schedule: JobSchedule;
  run(context: JobRunContext): Promise<void>;
}

/**
 * Runs jobs at their slots. Rules:
 * SC1 a slot runs at or after its time, never before (by the injected clock).
 * SC2 each (job, slot) runs at most once across restarts and across nodes sharing a store (claims in the
 *     JobRunStore); a run that throws is reported, not retried: the next slot's query finds what is left.
 * SC3 missed slots (downtime, a suspended process) collapse into one run of the latest missed slot, on
 *     start or on the first tick after the gap; never a burst. A job never run before waits for its first
 *     slot after start.
 * SC4 one job's runs never overlap on one node: the next slot is armed after the current run ends.
 * SC5 stop() clears the timers, aborts the signal and resolves once running jobs have returned.
 */
export interface Scheduler {
  /** Throws on a duplicate name or an invalid schedule (bad cron, unknown time zone). Before start(). */
  register(job: JobDefinition): void;
  start(): void;
  stop(): Promise<void>;
  /** The next slot the job is armed for, or null before its first tick or after stop (diagnostics, tests). */
  nextDueAt(name: string): number | null;
}
