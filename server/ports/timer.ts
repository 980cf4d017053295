declare const timerHandleBrand: unique symbol;

/** What setTimeout returned; only the Timer that made it can clear it. */
export type TimerHandle = { readonly [timerHandleBrand]: true };

/**
 * Timers are injected like the clock, so tests fire them by advancing a fake clock instead of sleeping.
 *
 * TM1 the callback runs once, no earlier than `delayMs` after the call (by the paired Clock), unless cleared.
 * TM2 clearTimeout before it fired means it never fires; clearing twice or after it fired is a no-op.
 * TM3 a callback may return a promise; the system timer ignores it (the callback handles its own errors),
 *     a test fake awaits it before firing the next due timer, so async work chained on a timer is
 *     deterministic.
 */
export interface Timer {
  setTimeout(callback: () => void | Promise<void>, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}
