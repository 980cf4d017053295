import type { Socket } from 'socket.io-client';

/** What GET /api/session says about the tab's cookie. */
export type SessionProbe = 'active' | 'ended' | 'unreachable';

/** Runs `run` after `ms`; returns the cancel function. A port, so tests decide when time passes. */
export type Schedule = (run: () => void, ms: number) => () => void;

export const scheduleWithTimers: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

/**
 * Delay before the n-th (0-based) reconnect after socket.io gave up: at once the first time (a deploy ends each
 * connection once), then 1 s, 2 s, 4 s … capped at 30 s. socket.io's own backoff does not run here (it gave
 * up), and a server that keeps refusing or ending the socket (its store is down, say) must not be asked in a
 * tight loop by every open tab.
 */
export function givenUpRetryDelayMs(attempt: number): number {
  return attempt === 0 ? 0 : Math.min(1_000 * 2 ** (attempt - 1), 30_000);
}

/** A connection that has lasted this long counts as healthy again: the next give-up retries at once. */
export const STABLE_AFTER_MS = 30_000;

/**
 * socket.io-client reconnects by itself after transient losses ('transport close', 'ping timeout') but gives
 * up for good when the server ends the connection ('io server disconnect') or its middleware refuses it
 * (connect_error while `socket.active` is false). Either is ambiguous: the session may have ended (logout
 * elsewhere, expiry: then the tab belongs on the login page), or the server was shutting down or briefly
 * failing (a deploy: then the tab must come back by itself, not show "Offline" until someone reloads).
 * GET /api/session tells the two apart: only a 401 ends it; anything else (200, 5xx, no network) reconnects.
 *
 * Returns the stop function (cancels a pending retry and detaches).
 */
export function keepSocketConnected(options: {
  socket: Pick<Socket, 'on' | 'off' | 'connect' | 'active' | 'connected'>;
  probeSession(): Promise<SessionProbe>;
  /** The session is gone: the caller sends the tab to the login page. The socket stays closed. */
  onSessionEnded(): void;
  schedule?: Schedule;
}): () => void {
  const { socket } = options;
  const schedule = options.schedule ?? scheduleWithTimers;
  let stopped = false;
  let attempts = 0;
  let probing = false;
  let cancelRetry: (() => void) | null = null;
  let cancelStable: (() => void) | null = null;

  const reconnect = () => {
    cancelRetry = null;
    if (!stopped && !socket.connected && !socket.active) socket.connect();
  };

  const afterGivingUp = () => {
    cancelStable?.();
    cancelStable = null;
    if (probing || cancelRetry) return;
    probing = true;
    void options
      .probeSession()
      .catch((): SessionProbe => 'unreachable')
      .then((probe) => {
        probing = false;
        if (stopped) return;
        if (probe === 'ended') return options.onSessionEnded();
        const delayMs = givenUpRetryDelayMs(attempts++);
        if (delayMs === 0) reconnect();
        else cancelRetry = schedule(reconnect, delayMs);
      });
  };

  const onDisconnect = (reason: string) => {
    cancelStable?.();
    cancelStable = null;
    // Our own disconnect (sign-out, closeSocket) is final; transient reasons are socket.io's to retry.
    if (reason === 'io server disconnect') afterGivingUp();
  };
  const onConnectError = () => {
    // socket.active: the manager keeps retrying by itself (the server is unreachable); nothing to add.
    if (!socket.active) afterGivingUp();
  };
  const onConnect = () => {
    cancelStable?.();
    cancelStable = schedule(() => {
      cancelStable = null;
      attempts = 0;
    }, STABLE_AFTER_MS);
  };

  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onConnectError);
  socket.on('connect', onConnect);
  return () => {
    stopped = true;
    cancelRetry?.();
    cancelStable?.();
    socket.off('disconnect', onDisconnect);
    socket.off('connect_error', onConnectError);
    socket.off('connect', onConnect);
  };
}
