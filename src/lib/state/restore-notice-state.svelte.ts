import { ApiError, restoreVersion } from '$lib/api';
import type { DossierRestoredPayload, ErrorCode, ServerToClientEvents } from '$lib/contract';
import { getSocket } from '$lib/realtime';

/** The part of the Socket.io client this state listens on (a fake in tests). */
export interface RestoredSource {
  on(event: 'dossier:restored', listener: ServerToClientEvents['dossier:restored']): unknown;
  off(event: 'dossier:restored', listener: ServerToClientEvents['dossier:restored']): unknown;
}

export type RestoreFn = (options: { dossierId: string; versionId: string }) => Promise<unknown>;

/**
 * "Anna restored the version of 10:42 — Undo · Show history": a restore by a colleague replaces what is on
 * everyone's screen, so everyone else who has the dossier open is told who did it, and may put the replaced
 * content back (restore the version the server recorded just before the restore). Not a dialog: the dossier
 * stays usable, and the notice stays until dismissed or replaced by a newer restore.
 */
export class RestoreNoticeState {
  #notice = $state.raw<DossierRestoredPayload | null>(null);
  #undoing = $state(false);
  #undone = $state(false);
  #error = $state<ErrorCode | null>(null);
  /** Counts colleagues' restores, so an open history panel can reload. */
  #received = $state(0);

  readonly #dossierId: string;
  readonly #userId: string;
  readonly #source: () => RestoredSource;
  readonly #restore: RestoreFn;

  constructor(options: { dossierId: string; userId: string; source?: () => RestoredSource; restore?: RestoreFn }) {
    this.#dossierId = options.dossierId;
    this.#userId = options.userId;
    this.#source = options.source ?? getSocket;
    this.#restore = options.restore ?? restoreVersion;
  }

  get notice(): DossierRestoredPayload | null {
    return this.#notice;
  }
  get undoing(): boolean {
    return this.#undoing;
  }
  /** The undo went through: the notice now says the previous content is back. */
  get undone(): boolean {
    return this.#undone;
  }
  get error(): ErrorCode | null {
    return this.#error;
  }
  get received(): number {
    return this.#received;
  }
  /** Undo needs the version that held the replaced content (always there unless history was pruned). */
  get canUndo(): boolean {
    return !!this.#notice?.replacedVersionId && !this.#undone;
  }

  /** Listens for restores of this dossier; returns the stop function. */
  start(): () => void {
    const source = this.#source();
    const listener = (payload: DossierRestoredPayload) => this.receive(payload);
    source.on('dossier:restored', listener);
    return () => source.off('dossier:restored', listener);
  }

  receive(payload: DossierRestoredPayload): void {
    // Our own restores (from this or another tab) need no notice: the history panel confirms them.
    if (payload.dossierId !== this.#dossierId || payload.actorId === this.#userId) return;
    this.#notice = payload;
    this.#undone = false;
    this.#error = null;
    this.#received++;
  }

  async undo(): Promise<boolean> {
    const notice = this.#notice;
    if (!notice?.replacedVersionId || this.#undoing || this.#undone) return false;
    this.#undoing = true;
    this.#error = null;
    try {
      await this.#restore({ dossierId: this.#dossierId, versionId: notice.replacedVersionId });
      // A newer restore may have arrived meanwhile; it keeps its own notice.
      if (this.#notice === notice) this.#undone = true;
      return true;
    } catch (err) {
      if (this.#notice === notice) this.#error = err instanceof ApiError ? err.code : 'internal';
      return false;
    } finally {
      this.#undoing = false;
    }
  }

  dismiss(): void {
    this.#notice = null;
    this.#undone = false;
    this.#error = null;
  }
}
