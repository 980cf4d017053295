/**
 * The browser's own view of connectivity. `navigator.onLine === false` is reliable (no network at all);
 * `true` only means "some network", so callers still rely on their transport's retries for captive portals
 * and a down server. What this adds: no pointless reconnect attempts while the laptop has no network, an
 * immediate disconnect when it drops (an open WebSocket can take a long while to notice a dead link), and
 * an immediate reconnect when it returns instead of waiting out the provider's backoff.
 */
export function isBrowserOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

/** Calls back on the window's 'online' / 'offline' events; returns the stop function. */
export function watchNetwork(options: { onOnline(): void; onOffline(): void }): () => void {
  const onOnline = () => options.onOnline();
  const onOffline = () => options.onOffline();
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  return () => {
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
  };
}
