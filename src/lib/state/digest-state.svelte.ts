import { ApiError } from '$lib/api/api-error';
import type { DigestDTO, ErrorCode } from '$lib/contract';

/** What the digest screen needs of the network (tests pass a fake). */
export interface DigestPorts {
  load(options: { absenceId?: string }): Promise<DigestDTO>;
}

/**
 * "While you were away": the digest of the caller's last absence (or a given one). One dossier can be
 * folded open at a time on phones; on wide screens all are open (the page decides), so the state only keeps
 * which ones the user folded.
 */
export class DigestState {
  #digest = $state.raw<DigestDTO | null>(null);
  #loading = $state(false);
  #error = $state<ErrorCode | null>(null);
  #folded = $state.raw<ReadonlySet<string>>(new Set());
  readonly #ports: DigestPorts;
  readonly #absenceId: string | undefined;

  constructor(options: { ports: DigestPorts; absenceId?: string }) {
    this.#ports = options.ports;
    this.#absenceId = options.absenceId;
  }

  get digest(): DigestDTO | null {
    return this.#digest;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get loaded(): boolean {
    return this.#digest !== null;
  }
  get error(): ErrorCode | null {
    return this.#error;
  }
  /** Nothing to report: no absence ended, or nobody touched the person's dossiers meanwhile. */
  get empty(): boolean {
    return this.#digest !== null && this.#digest.dossiers.length === 0;
  }
  /** How many things happened, over all dossiers (the page's summary line). */
  get entryCount(): number {
    return this.#digest?.dossiers.reduce((n, d) => n + d.entries.length, 0) ?? 0;
  }
  isFolded(dossierId: string): boolean {
    return this.#folded.has(dossierId);
  }

  toggle(dossierId: string): void {
    const next = new Set(this.#folded);
    if (!next.delete(dossierId)) next.add(dossierId);
    this.#folded = next;
  }

  async load(): Promise<void> {
    this.#loading = true;
    this.#error = null;
    try {
      this.#digest = await this.#ports.load({ absenceId: this.#absenceId });
    } catch (err) {
      this.#error = err instanceof ApiError ? err.code : 'internal';
    } finally {
      this.#loading = false;
    }
  }
}
