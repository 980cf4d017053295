import { listDossiers, listUsers } from '$lib/api';
import { dossiersOpenedHere, loadDossierMeta } from '$lib/offline/dossier-cache';
import { DossierSession, feedOf, getSocket, watchNetwork } from '$lib/realtime';
import { SaveTracker } from '$lib/realtime/save-tracker';
import type { EditorPorts } from './dossier-editor-ports';
import type { ListPorts } from './dossier-list-ports';

function randomId(): string {
  // crypto.randomUUID needs a secure context; plain-http LAN installs are not one.
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return 'c' + Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('');
}

/** The editor's ports in the browser: REST (with the offline cache), y-websocket + IndexedDB, the socket. */
export function browserEditorPorts(): EditorPorts {
  const rejoins = new Map<string, () => void>();
  return {
    loadMeta: loadDossierMeta,
    openSession(options) {
      const session = new DossierSession(options);
      const tracker = new SaveTracker({ doc: session.doc, provider: session.provider, onChange: options.onUnsaved });
      return {
        doc: session.doc,
        awareness: session.awareness,
        setFocus: (focus) => session.setFocus(focus),
        discardLocalCopy: () => session.discardLocalCopy(),
        destroy() {
          tracker.destroy();
          session.destroy();
        }
      };
    },
    // A new connection is in no dossier room: join again after every reconnect, so viewers and new versions
    // (dossier:version) stay live; what the gap missed, the feed replays via feed:resume.
    watch(dossierId) {
      const socket = getSocket();
      const join = () => void socket.emit('dossier:watch', { dossierId }, () => {});
      rejoins.set(dossierId, join);
      socket.on('connect', join);
      join();
    },
    unwatch(dossierId) {
      const socket = getSocket();
      const join = rejoins.get(dossierId);
      if (join) socket.off('connect', join);
      rejoins.delete(dossierId);
      socket.emit('dossier:unwatch', { dossierId }, () => {});
    },
    now: () => Date.now(),
    newId: randomId
  };
}

/**
 * The list's ports in the browser; `userId` picks this user's offline copies, `navigate` is the router's
 * (the page passes SvelteKit's goto, which this module does not import so that it stays testable).
 */
export function browserListPorts(options: { userId: () => string | null; navigate: ListPorts['navigate'] }): ListPorts {
  return {
    navigate: options.navigate,
    listDossiers,
    listUsers,
    // Pushes arrive once and in order, also across reconnects (the feed resumes from its last seq).
    onDossierChanged: (handler) =>
      feedOf(getSocket()).on('dossier:changed', ({ seq: _seq, ...dossier }) => handler(dossier)),
    // Only when the server cannot replay what was missed (reset) is the list refetched.
    onReconnect: (handler) => feedOf(getSocket()).onReset(handler),
    onOnline: (handler) => watchNetwork({ onOnline: handler, onOffline: () => {} }),
    openedHere() {
      const userId = options.userId();
      return userId ? dossiersOpenedHere(userId) : [];
    },
    setTimeout: (handler, ms) => setTimeout(handler, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
  };
}
