import type { Clock } from '../ports/clock';
import type { JobRunStore } from '../ports/job-run-store';
import type { JobDefinition, Scheduler } from '../ports/scheduler';
import type { Timer, TimerHandle } from '../ports/timer';
import { scheduleSlots, type ScheduleSlots } from './schedule-slots';

export interface SchedulerOptions {
  clock: Clock;
  timer: Timer;
  runs: JobRunStore;
  /** This process, recorded with each claim (host:pid). */
  node: string;
  onError(error: unknown, context: { job: string; dueAt?: number }): void;
  /** Called after each run this node claimed (for logs). */
  onRun?(run: { job: string; dueAt: number; startedAt: number; finishedAt: number; error: string | null }): void;
  /**
   * Longest single timer wait. The tick re-reads the clock and re-arms, so a wall-clock step (NTP, a
   * suspended VM) delays a slot by at most this much. Default 10 minutes: a daily job costs 144 no-op
   * wake-ups a day, nothing.
   */
  maxWaitMs?: number;
  /** Wait before retrying a job whose start-up check failed (store unreachable). Default 60 s. */
  retryMs?: number;
}

interface JobEntry {
  job: JobDefinition;
  slots: ScheduleSlots;
  /** null before the start-up check, and when a cron pattern has no future slot. */
  nextDueAt: number | null;
  checked: boolean;
  handle: TimerHandle | null;
}

/**
 * The scheduler over the injected clock and timer (rules SC1–SC5 on the Scheduler port). Each job has one
 * timer; its tick runs the due slot (claimed in the JobRunStore first) and only then arms the next one.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { clock, timer, runs, node } = options;
  const maxWaitMs = options.maxWaitMs ?? 10 * 60_000;
  const retryMs = options.retryMs ?? 60_000;
  const jobs = new Map<string, JobEntry>();
  const inFlight = new Set<Promise<void>>();
  const abort = new AbortController();
  let phase: 'registering' | 'running' | 'stopped' = 'registering';

  const report = (error: unknown, context: { job: string; dueAt?: number }) => {
    try {
      options.onError(error, context);
    } catch {
      // A failing error reporter must not stop the scheduler.
    }
  };

  function arm(entry: JobEntry, delayMs: number): void {
    if (phase !== 'running') return;
    entry.handle = timer.setTimeout(
      () => {
        entry.handle = null;
        const tick = runTick(entry);
        inFlight.add(tick);
        return tick.finally(() => inFlight.delete(tick));
      },
      Math.min(Math.max(0, delayMs), maxWaitMs)
    );
  }

  /** SC3 on start: a slot that passed since the job's latest claim ran while no node was up: run it once. */
  async function check(entry: JobEntry): Promise<void> {
    const now = clock.now();
    const latest = await runs.latest(entry.job.name);
    const missed = entry.slots.previous(now);
    entry.nextDueAt = latest !== null && missed !== null && missed > latest.dueAt ? missed : entry.slots.next(now);
    entry.checked = true;
  }

  async function runSlot(entry: JobEntry, dueAt: number): Promise<void> {
    const name = entry.job.name;
    const startedAt = clock.now();
    if (!(await runs.claim({ job: name, dueAt, node, claimedAt: startedAt }))) return; // SC2: someone else has it
    let error: string | null = null;
    try {
      await entry.job.run({ dueAt, startedAt, signal: abort.signal });
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
      report(failure, { job: name, dueAt });
    }
    const finishedAt = clock.now();
    await runs.finish({ job: name, dueAt, finishedAt, error });
    options.onRun?.({ job: name, dueAt, startedAt, finishedAt, error });
  }

  /** Never rejects: every failure is reported and the job re-armed. */
  async function runTick(entry: JobEntry): Promise<void> {
    try {
      if (!entry.checked) await check(entry);
      const due = entry.nextDueAt;
      if (due !== null && clock.now() >= due) {
        // SC3 on a late tick: the latest slot that has passed stands for every one missed since `due`.
        const dueAt = Math.max(due, entry.slots.previous(clock.now()) ?? due);
        entry.nextDueAt = entry.slots.next(dueAt);
        await runSlot(entry, dueAt);
      }
    } catch (error) {
      report(error, { job: entry.job.name });
      if (!entry.checked) return arm(entry, retryMs);
    }
    if (entry.nextDueAt !== null) arm(entry, entry.nextDueAt - clock.now());
  }

  return {
    register(job) {
      if (phase !== 'registering') throw new Error(`job ${job.name}: register jobs before start()`);
      if (jobs.has(job.name)) throw new Error(`job ${job.name} is registered twice`);
      let slots: ScheduleSlots;
      try {
        slots = scheduleSlots(job.schedule);
      } catch (error) {
        throw new Error(`job ${job.name}: invalid schedule: ${(error as Error).message}`, { cause: error });
      }
      jobs.set(job.name, { job, slots, nextDueAt: null, checked: false, handle: null });
    },

    start() {
      if (phase !== 'registering') return;
      phase = 'running';
      for (const entry of jobs.values()) arm(entry, 0);
    },

    async stop() {
      if (phase === 'stopped') return;
      phase = 'stopped';
      abort.abort();
      for (const entry of jobs.values()) {
        if (entry.handle) timer.clearTimeout(entry.handle);
        entry.handle = null;
      }
      await Promise.allSettled([...inFlight]);
    },

    nextDueAt(name) {
      return phase === 'running' ? (jobs.get(name)?.nextDueAt ?? null) : null;
    }
  };
}
