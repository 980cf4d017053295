import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { PresenceState } from '$lib/contract';
import { contactsOf, fieldsOf, type ContactEntry } from '$lib/dossier-doc';
import { attachLocalDoc, type LocalDoc } from '$lib/offline/local-doc';
import { classifyClose, SlowRetryBackoff, type CloseReason } from './close-policy';
import { isBrowserOnline, watchNetwork } from './network-watch';
import { userColor } from './user-color';

export type ConnectionStatus = 'connecting' | 'syncing' | 'live' | 'offline' | 'closed';
export type { CloseReason };

/** Time for the slow retries (close-policy.ts); a port so tests can drive it. */
export interface RetryTimers {
  now(): number;
  schedule(run: () => void, ms: number): () => void;
  random(): number;
}

const REAL_TIMERS: RetryTimers = {
  now: () => Date.now(),
  schedule: (run, ms) => {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
  random: () => Math.random()
};

export interface Peer {
  clientId: number;
  user: PresenceState['user'];
  focus: string | null;
}

export interface DossierSessionOptions {
  dossierId: string;
  user: { id: string; name: string };
  onStatus(status: ConnectionStatus): void;
  /** The server ended the connection for good; the session stops reconnecting. */
  onClosed(reason: CloseReason): void;
  onPeers(peers: Peer[]): void;
  /** First complete sync with the server: only now is it safe to create missing shared types. */
  onSynced(): void;
  timers?: RetryTimers;
}

function isPresence(state: unknown): state is PresenceState {
  const s = state as Partial<PresenceState> | null;
  return (
    !!s &&
    typeof s.user === 'object' &&
    s.user !== null &&
    typeof s.user.id === 'string' &&
    typeof s.user.name === 'string'
  );
}

/**
 * One open dossier: its Y.Doc, the y-websocket connection and the awareness (presence) channel.
 * Plain TypeScript on purpose — rune state lives in DossierEditorState, which listens via the callbacks.
 */
export class DossierSession {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly fields: Y.Map<Y.Text>;
  readonly contacts: Y.Array<ContactEntry>;
  private everSynced = false;
  private closed = false;
  private readonly options: DossierSessionOptions;
  /** This user's copy of the doc in IndexedDB: edits survive a reload or a closed laptop while offline. */
  private readonly local: LocalDoc;
  private readonly stopNetworkWatch: () => void;
  private readonly timers: RetryTimers;
  private readonly backoff: SlowRetryBackoff;
  private cancelRetry: (() => void) | null = null;

  constructor(options: DossierSessionOptions) {
    this.options = options;
    this.timers = options.timers ?? REAL_TIMERS;
    this.backoff = new SlowRetryBackoff(this.timers);
    this.fields = fieldsOf(this.doc);
    this.contacts = contactsOf(this.doc);
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.provider = new WebsocketProvider(`${scheme}://${location.host}/yjs`, options.dossierId, this.doc, {
      connect: false,
      // Cross-tab BroadcastChannel sync would bypass the server's permission checks and audit.
      disableBc: true,
      maxBackoffTime: 10_000,
      shouldReconnect: (event) => classifyClose(event.code).kind === 'retry'
    });
    const { awareness } = this.provider;
    awareness.setLocalState({
      user: { id: options.user.id, name: options.user.name, color: userColor(options.user.id) },
      focus: null
    } satisfies PresenceState);

    this.provider.on('status', ({ status }) => {
      if (this.closed) return;
      if (status === 'connected') this.backoff.opened();
      if (status === 'connected') options.onStatus(this.provider.synced ? 'live' : 'syncing');
      // Once we have been live, a retry is still "offline" to the user: their edits are only local.
      else if (status === 'connecting') options.onStatus(this.everSynced ? 'offline' : 'connecting');
      else options.onStatus('offline');
    });
    this.provider.on('sync', (synced) => {
      if (this.closed) return;
      if (synced && !this.everSynced) {
        this.everSynced = true;
        options.onSynced();
      }
      options.onStatus(synced ? 'live' : this.provider.wsconnected ? 'syncing' : 'offline');
    });
    this.provider.on('connection-close', (event) => {
      // null: we closed it ourselves (offline, destroy); y-websocket follows shouldConnect.
      if (!event || this.closed) return;
      const verdict = classifyClose(event.code);
      if (verdict.kind === 'retry') {
        if (verdict.backoff === 'slow') this.retrySlowly();
        return;
      }
      // Also stop here (not only via shouldReconnect) so no scheduled retry can slip through.
      this.provider.shouldConnect = false;
      this.closed = true;
      options.onStatus('closed');
      options.onClosed(verdict.reason);
    });
    awareness.on('change', this.emitPeers);
    this.local = attachLocalDoc({ userId: options.user.id, dossierId: options.dossierId, doc: this.doc });
    this.stopNetworkWatch = watchNetwork({ onOnline: this.goOnline, onOffline: this.goOffline });
    // Local copy first: the page shows it at once (also offline), and the sync handshake then carries only
    // what really differs. loaded never hangs (see LocalDoc), so a broken IndexedDB only delays going live.
    void this.local.loaded.then(() => {
      // A local copy that holds the server's fields was synced before: editing (notes included) may start
      // from it while offline, exactly as it would have continued had the tab stayed open.
      if (!this.closed && !this.everSynced && this.fields.size > 0) {
        this.everSynced = true;
        options.onSynced();
      }
      if (isBrowserOnline()) this.goOnline();
      else this.goOffline();
    });
  }

  /** Takes the reconnect over from y-websocket, whose backoff restarts at 0.2 s after every successful sync. */
  private retrySlowly(): void {
    this.provider.shouldConnect = false;
    this.cancelRetry?.();
    this.cancelRetry = this.timers.schedule(() => {
      this.cancelRetry = null;
      // Offline, the 'online' event reconnects instead (goOnline).
      if (!this.closed && isBrowserOnline()) this.provider.connect();
    }, this.backoff.nextDelayMs());
  }

  private goOnline = (): void => {
    if (this.closed || this.provider.wsconnected) return;
    this.provider.connect();
  };

  /** Drop the socket at once rather than waiting for it to time out; edits keep landing in the local copy. */
  private goOffline = (): void => {
    if (this.closed) return;
    this.provider.disconnect();
    this.options.onStatus('offline');
  };

  /** Deletes this device's copy of the dossier (see LocalDoc.discard); the caller reloads the page. */
  discardLocalCopy(): Promise<void> {
    return this.local.discard();
  }

  get awareness() {
    return this.provider.awareness;
  }

  /** Field key, `contact:<id>:<key>`, or null when the user leaves all fields. */
  setFocus(focus: string | null): void {
    if (this.awareness.getLocalState()) this.awareness.setLocalStateField('focus', focus);
  }

  private emitPeers = (): void => {
    const peers: Peer[] = [];
    for (const [clientId, state] of this.awareness.getStates()) {
      if (clientId === this.doc.clientID || !isPresence(state)) continue;
      peers.push({
        clientId,
        // The server stamps the authenticated user; the colour is ours to derive, so it is always consistent.
        user: { id: state.user.id, name: state.user.name, color: userColor(state.user.id) },
        focus: typeof state.focus === 'string' ? state.focus : null
      });
    }
    this.options.onPeers(peers);
  };

  destroy(): void {
    this.closed = true;
    this.cancelRetry?.();
    this.stopNetworkWatch();
    this.awareness.off('change', this.emitPeers);
    // Announce leaving before the socket goes, so colleagues' avatars drop at once rather than after the 30 s timeout.
    this.awareness.setLocalState(null);
    this.provider.destroy();
    this.awareness.destroy();
    this.local.destroy();
    this.doc.destroy();
  }
}
