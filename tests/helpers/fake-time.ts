import type { Clock } from '../../server/ports/clock';
import type { Timer, TimerHandle } from '../../server/ports/timer';

interface Pending {
  id: number;
  at: number;
  callback: () => void | Promise<void>;
}

/** A clock and a timer that move only when the test says so (the Timer port's TM1–TM3 hold). */
export interface FakeTime extends Clock, Timer {
  /** Moves time forward, firing every timer due on the way in time order (ties in the order they were set). */
  advance(ms: number): Promise<void>;
  advanceTo(at: number): Promise<void>;
  /**
   * Moves the clock without firing anything, as if the process had been suspended or a job had run that
   * long; overdue timers fire on the next advance.
   */
  jump(ms: number): void;
  /** Timers set and not yet fired or cleared. */
  pending(): number;
}

/**
 * Deterministic fake time: each due timer fires with the clock at its due time, and a promise its callback
 * returns is awaited before the next one fires, so async work chained on timers (claim, run, re-arm) is done
 * when advance() resolves. No real waiting anywhere.
 */
export function createFakeTime(start = Date.UTC(2026, 10, 23, 9, 0, 0)): FakeTime {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, Pending>();
  // A runaway re-arming loop would otherwise hang the test instead of failing it.
  const MAX_FIRINGS_PER_ADVANCE = 100_000;

  const earliestDue = (limit: number): Pending | undefined => {
    let best: Pending | undefined;
    for (const t of timers.values()) {
      if (t.at <= limit && (!best || t.at < best.at || (t.at === best.at && t.id < best.id))) best = t;
    }
    return best;
  };

  const advanceTo = async (target: number) => {
    if (target < now) throw new Error(`fake time cannot go back (${new Date(target).toISOString()} < now)`);
    for (let fired = 0; ; fired++) {
      if (fired >= MAX_FIRINGS_PER_ADVANCE) throw new Error('fake time: timers keep re-arming without end');
      const due = earliestDue(target);
      if (!due) break;
      timers.delete(due.id);
      now = Math.max(now, due.at);
      await due.callback();
    }
    now = target;
  };

  return {
    now: () => now,
    setTimeout(callback, delayMs) {
      const id = nextId++;
      timers.set(id, { id, at: now + Math.max(0, delayMs), callback });
      return id as unknown as TimerHandle;
    },
    clearTimeout(handle) {
      timers.delete(handle as unknown as number);
    },
    advance: (ms) => advanceTo(now + ms),
    advanceTo,
    jump: (ms) => void (now += Math.max(0, ms)),
    pending: () => timers.size
  };
}
