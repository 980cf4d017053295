import type { Timer, TimerHandle } from '../ports/timer';

/**
 * Node's timers. 2^31 − 1 ms (about 24.8 days) is the longest delay Node honours; a longer one would fire
 * at once, so it is clamped (callers that wait longer re-arm, as the scheduler does).
 */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** Unref'd: a pending timer alone never keeps the process alive (the HTTP server does). */
export const systemTimer: Timer = {
  setTimeout(callback, delayMs) {
    const handle = setTimeout(() => void callback(), Math.min(Math.max(0, delayMs), MAX_DELAY_MS));
    handle.unref();
    return handle as unknown as TimerHandle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as unknown as NodeJS.Timeout);
  }
};
