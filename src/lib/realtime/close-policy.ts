import { WS_CLOSE } from '$lib/contract';

/** Why the server ended a dossier's live connection for good; the page shows a message per reason. */
export type CloseReason = 'unauthenticated' | 'forbidden' | 'not_found' | 'too_large' | 'other';

/**
 * What the client does when /yjs/:dossierId closes with a code:
 * - `stop`: reconnecting cannot help (the same session, rights or update would be refused again) — stop
 *   and say why. y-websocket's own default treats only 4400–4499 as final and every other code as transient,
 *   so a 1009 (the WebSocket library's own "message too big", above twice our limit) used to retry forever,
 *   resending the same update each time.
 * - `retry` with `backoff: 'provider'`: a network loss or a restarting server (1012): y-websocket's own quick
 *   backoff (0.2 s doubling to 10 s), since the server is usually back within seconds.
 * - `retry` with `backoff: 'slow'`: the server is up but refused for now (4429 rate limited, 1011 storage
 *   failure or document reset): wait longer and longer (retryDelayMs), or a flooding or failing case would
 *   reconnect and fail again every fraction of a second.
 */
export type CloseVerdict = { kind: 'stop'; reason: CloseReason } | { kind: 'retry'; backoff: 'provider' | 'slow' };

/** RFC 6455 codes a dropped network, a closing tab or an intermediary (proxy, load balancer) produces. */
const NETWORK_CODES: ReadonlySet<number> = new Set([
  1000, // normal closure: a proxy's idle timeout
  1001, // going away: a proxy or server restarting
  1005, // no status received
  1006, // abnormal closure: the connection dropped (also what a killed server looks like)
  1013, // try again later: an overloaded intermediary
  1014 // bad gateway: a proxy whose upstream (this server, mid-deploy) is down
]);

/** 1009 "message too big" is sent by the ws library itself when a frame exceeds its hard cap. */
const MESSAGE_TOO_BIG = 1009;

export function classifyClose(code: number): CloseVerdict {
  switch (code) {
    case WS_CLOSE.unauthenticated:
      return { kind: 'stop', reason: 'unauthenticated' };
    case WS_CLOSE.forbidden:
      return { kind: 'stop', reason: 'forbidden' };
    case WS_CLOSE.not_found:
      return { kind: 'stop', reason: 'not_found' };
    case WS_CLOSE.too_large:
    case MESSAGE_TOO_BIG:
      return { kind: 'stop', reason: 'too_large' };
    case WS_CLOSE.rate_limited:
    case WS_CLOSE.internal:
      return { kind: 'retry', backoff: 'slow' };
    case WS_CLOSE.shutting_down:
      return { kind: 'retry', backoff: 'provider' };
  }
  // 4400 (malformed message) and anything unknown: the same client would send the same bytes again.
  return NETWORK_CODES.has(code) ? { kind: 'retry', backoff: 'provider' } : { kind: 'stop', reason: 'other' };
}

/** A connection that stayed open this long was healthy: the next slow retry starts from the shortest delay. */
export const HEALTHY_AFTER_MS = 30_000;

/**
 * Delay before the n-th (0-based) consecutive slow retry: 1 s, 2 s, 4 s … capped at 60 s, plus up to 50 %
 * jitter so that the tabs a storage failure closed all at once (1011 to every connection) do not return in
 * lockstep. The rate limiter refills within about a second, so the first retry already finds room.
 */
export function retryDelayMs(options: { attempt: number; random: () => number }): number {
  const base = Math.min(1_000 * 2 ** options.attempt, 60_000);
  return Math.round(base * (1 + 0.5 * options.random()));
}

/** Picks each slow retry's delay: longer while retries keep failing, from the start after a healthy connection. */
export class SlowRetryBackoff {
  #attempts = 0;
  #openedAt: number | null = null;
  readonly #now: () => number;
  readonly #random: () => number;

  constructor(options: { now(): number; random(): number }) {
    this.#now = () => options.now();
    this.#random = () => options.random();
  }

  /** The connection is open (again). */
  opened(): void {
    this.#openedAt = this.#now();
  }

  /** Delay before reconnecting after a slow-retry close. */
  nextDelayMs(): number {
    if (this.#openedAt !== null && this.#now() - this.#openedAt >= HEALTHY_AFTER_MS) this.#attempts = 0;
    this.#openedAt = null;
    return retryDelayMs({ attempt: this.#attempts++, random: this.#random });
  }
}
