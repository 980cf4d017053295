import { ApiError } from '$lib/api/api-error';
import type { DossierWinbacksDTO, ErrorCode, WinbackDTO } from '$lib/contract';

export interface DossierWinbackPorts {
  load(dossierId: string): Promise<DossierWinbacksDTO>;
  start(dossierId: string, assigneeId?: string): Promise<WinbackDTO>;
  completeStep(
    dossierId: string,
    n: number,
    body: { note: string; interactionId?: string; outcome?: 'done' | 'failed' }
  ): Promise<WinbackDTO>;
  fail(dossierId: string, reason: string): Promise<WinbackDTO>;
}

const codeOf = (error: unknown): ErrorCode => (error instanceof ApiError ? error.code : 'internal');

/**
 * The win-back panel of a dossier (issue #11): the running (or latest) process with its six steps, the next
 * step, and the dialog that completes it. `onChanged` lets the page refresh the stage (won → customer,
 * failed → lost) and the timeline.
 */
export class DossierWinbackState {
  #current = $state.raw<WinbackDTO | null>(null);
  #loaded = $state(false);
  #saving = $state(false);
  #error = $state<ErrorCode | null>(null);
  readonly #ports: DossierWinbackPorts;
  readonly #dossierId: string;

  constructor(options: { ports: DossierWinbackPorts; dossierId: string }) {
    this.#ports = options.ports;
    this.#dossierId = options.dossierId;
  }

  get current(): WinbackDTO | null {
    return this.#current;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get saving(): boolean {
    return this.#saving;
  }
  get error(): ErrorCode | null {
    return this.#error;
  }
  get open(): boolean {
    return this.#current?.status === 'open';
  }

  async load(): Promise<void> {
    try {
      this.#current = (await this.#ports.load(this.#dossierId)).current;
      this.#error = null;
    } catch (error) {
      this.#error = codeOf(error);
    } finally {
      this.#loaded = true;
    }
  }

  start(assigneeId?: string): Promise<boolean> {
    return this.#save(() => this.#ports.start(this.#dossierId, assigneeId));
  }

  /** Completes the step the process waits for; resolves whether it was saved (the dialog stays open if not). */
  completeNext(body: { note: string; interactionId?: string; failed?: boolean }): Promise<boolean> {
    const n = this.#current?.nextStep;
    if (!n || !body.note.trim()) return Promise.resolve(false);
    return this.#save(() =>
      this.#ports.completeStep(this.#dossierId, n, {
        note: body.note.trim(),
        ...(body.interactionId ? { interactionId: body.interactionId } : {}),
        ...(body.failed ? { outcome: 'failed' as const } : {})
      })
    );
  }

  fail(reason: string): Promise<boolean> {
    if (!reason.trim()) return Promise.resolve(false);
    return this.#save(() => this.#ports.fail(this.#dossierId, reason.trim()));
  }

  async #save(work: () => Promise<WinbackDTO>): Promise<boolean> {
    if (this.#saving) return false;
    this.#saving = true;
    this.#error = null;
    try {
      this.#current = await work();
      return true;
    } catch (error) {
      this.#error = codeOf(error);
      return false;
    } finally {
      this.#saving = false;
    }
  }
}
