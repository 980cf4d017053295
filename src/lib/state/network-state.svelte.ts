import { getSocket, isBrowserOnline, watchNetwork } from '$lib/realtime';

/**
 * Whether the device has a network at all, for the offline banners and the top bar. The per-dossier
 * Yjs connection tracks its own state (DossierSession); this is the app-wide, coarse view.
 */
class NetworkState {
  online = $state(isBrowserOnline());

  /** Starts listening; returns the stop function (the app layout calls both). */
  start(): () => void {
    this.online = isBrowserOnline();
    return watchNetwork({
      onOnline: () => {
        this.online = true;
        // A nudge for Socket.io: if it gave up or is idle it opens now; mid-backoff it keeps its own timer (≤ 5 s).
        const socket = getSocket();
        if (!socket.connected) socket.connect();
      },
      onOffline: () => (this.online = false)
    });
  }
}

export const networkState = new NetworkState();
