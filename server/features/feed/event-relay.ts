import type { StoredEvent } from '../../kernel/events';
import type { Clock } from '../../ports/clock';
import type { EventBus } from '../../ports/event-bus';
import type { ActivityStore } from './activity-store';

/** Schedules `run` after `ms`; returns a cancel function. Injected so tests drive the relay's time. */
export type SetTimer = (run: () => void, ms: number) => () => void;

const realTimer: SetTimer = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

export interface EventRelay {
  /** Starts from the log's head (earlier events had no subscriber in this process) and begins polling. */
  start(): Promise<void>;
  /** A transaction with events committed: read the log now. Cheap; concurrent pokes fold into one read. */
  poke(): void;
  /** The highest seq published so far: every event up to it has been handed to the bus, in order. */
  publishedSeq(): number;
  /** Resolves when the relay has read everything visible when it was called (tests, shutdown). */
  drained(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Reads the activity log in seq order and publishes each event to the bus exactly once per process, after its
 * transaction committed. It never skips a seq that is not visible yet: seeing n+2 but not n+1 means n+1's
 * transaction has not committed (possible on stores that assign seqs before commit), so it stops at the hole
 * and re-reads after `retryMs`. Only a hole that stays for `gapTimeoutMs` (its transaction must have died) is
 * passed, with an error logged — the stores' gap-free seqs (AS1) make that a safety net, not a path.
 * A poll every `pollMs` catches commits nobody poked about (another process, a forgotten poke).
 */
export function createEventRelay(deps: {
  activity: ActivityStore;
  bus: EventBus;
  clock: Clock;
  onError: (err: unknown, context: { what: string; seq?: number }) => void;
  setTimer?: SetTimer;
  /** Events read per query; 500 keeps one read well under a millisecond on SQLite. */
  batchSize?: number;
  retryMs?: number;
  pollMs?: number;
  gapTimeoutMs?: number;
}): EventRelay {
  const setTimer = deps.setTimer ?? realTimer;
  const batchSize = deps.batchSize ?? 500;
  const retryMs = deps.retryMs ?? 20;
  const pollMs = deps.pollMs ?? 1_000;
  const gapTimeoutMs = deps.gapTimeoutMs ?? 60_000;

  let published = 0;
  let started = false;
  let closed = false;
  let reading: Promise<void> | null = null;
  let again = false;
  let gap: { seq: number; since: number } | null = null;
  let cancelRetry: (() => void) | null = null;
  let cancelPoll: (() => void) | null = null;

  /** One pass: publish consecutive events until the log ends or shows a hole. Returns true at a hole. */
  async function pass(): Promise<boolean> {
    for (;;) {
      const batch = await deps.activity.listSince({ afterSeq: published, teamIds: 'all', limit: batchSize });
      for (const event of batch) {
        if (event.seq !== published + 1 && !passHole(event)) return true;
        gap = null;
        await publish(event);
      }
      if (batch.length < batchSize) return false;
    }
  }

  /** At a hole before `event`: true (and logged) once it is older than gapTimeoutMs, else false (wait). */
  function passHole(event: StoredEvent): boolean {
    const now = deps.clock.now();
    if (!gap || gap.seq !== published + 1) gap = { seq: published + 1, since: now };
    if (now - gap.since < gapTimeoutMs) return false;
    deps.onError(new Error(`activity seqs ${published + 1}..${event.seq - 1} never became visible; passing them`), {
      what: 'event relay hole',
      seq: published + 1
    });
    return true;
  }

  async function publish(event: StoredEvent): Promise<void> {
    try {
      await deps.bus.publish(event);
    } catch (err) {
      // A bus that fails one event must not stall the log behind it; subscribers resume from the log.
      deps.onError(err, { what: 'event publish', seq: event.seq });
    }
    published = event.seq;
  }

  function read(): Promise<void> {
    if (reading) {
      again = true;
      return reading;
    }
    reading = (async () => {
      try {
        do {
          again = false;
          if (await pass()) scheduleRetry();
        } while (again && !closed);
      } catch (err) {
        deps.onError(err, { what: 'event relay read' });
        scheduleRetry();
      } finally {
        reading = null;
      }
    })();
    return reading;
  }

  function scheduleRetry(): void {
    if (closed || cancelRetry) return;
    cancelRetry = setTimer(() => {
      cancelRetry = null;
      void read();
    }, retryMs);
  }

  function schedulePoll(): void {
    if (closed) return;
    cancelPoll = setTimer(() => {
      void read().finally(schedulePoll);
    }, pollMs);
  }

  return {
    async start() {
      if (started) return;
      started = true;
      published = (await deps.activity.bounds()).lastSeq;
      schedulePoll();
    },
    poke() {
      if (started && !closed) void read();
    },
    publishedSeq: () => published,
    async drained() {
      while (reading) await reading;
      await read();
      while (reading) await reading;
    },
    async close() {
      closed = true;
      cancelRetry?.();
      cancelPoll?.();
      while (reading) await reading;
    }
  };
}
