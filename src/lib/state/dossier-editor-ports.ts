import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { DossierDTO } from '$lib/contract';
import type { CloseReason, ConnectionStatus, Peer } from '$lib/realtime/dossier-session';

/** The open live document of one dossier, as the editor state sees it. */
export interface EditorLiveSession {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** Field key, `contact:<id>:<key>`, or null when the user leaves all fields. */
  setFocus(focus: string | null): void;
  /** Drops this device's unsaved copy (after the server refused an update as too large). */
  discardLocalCopy(): Promise<void>;
  destroy(): void;
}

export interface OpenSessionOptions {
  dossierId: string;
  user: { id: string; name: string };
  onStatus(status: ConnectionStatus): void;
  /** The server ended the connection for good. */
  onClosed(reason: CloseReason): void;
  onPeers(peers: Peer[]): void;
  /** First complete sync with the server (or a local copy that was synced before). */
  onSynced(): void;
  /** Whether some local edit is not yet confirmed durable by the server. */
  onUnsaved(pending: boolean): void;
}

/**
 * What the dossier editor needs from the outside world. The browser wires the real API, y-websocket
 * session and socket (browser-ports.ts); tests pass fakes around real in-memory Y.Docs.
 */
export interface EditorPorts {
  /** GET /api/dossiers/:id (or this device's cached copy when offline); rejects with ApiError / NotAvailableOfflineError. */
  loadMeta(options: { userId: string; dossierId: string }): Promise<{ dossier: DossierDTO }>;
  openSession(options: OpenSessionOptions): EditorLiveSession;
  /** Tells the server which dossier this tab looks at (presence in lists). */
  watch(dossierId: string): void;
  unwatch(dossierId: string): void;
  /** Milliseconds since the epoch. */
  now(): number;
  newId(): string;
}
