import type { CommitImportInput, ImportMapping, ImportPhase, ImportPreviewDTO } from '$lib/contract';

export interface ImportPorts {
  upload(file: Blob, teamId?: string): Promise<ImportPreviewDTO>;
  get(id: string): Promise<ImportPreviewDTO>;
  remap(id: string, mapping: ImportMapping): Promise<ImportPreviewDTO>;
  commit(id: string, input: Partial<CommitImportInput>): Promise<ImportPreviewDTO>;
  setTimeout(handler: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Progress is polled this often while an import is written (10,000 rows take a few seconds). */
const POLL_MS = 300;

/** The CSV import page (issue #11): upload → mapping and preview → commit with a progress bar. */
export class ImportState {
  #ports: ImportPorts;
  #preview = $state<ImportPreviewDTO | null>(null);
  #busy = $state(false);
  #error = $state<string | null>(null);
  #timer: unknown = null;
  /** The highest percent shown for the running commit (the bar only moves forward). */
  #shown = 0;

  constructor(options: { ports: ImportPorts }) {
    this.#ports = options.ports;
  }

  get preview() {
    return this.#preview;
  }
  get busy() {
    return this.#busy;
  }
  get error() {
    return this.#error;
  }
  /**
   * The bar's width: 100 only once the import is committed; while it is written at most 99 (rounding must not
   * show "full" while rows are still being saved), and never lower than it already showed for this commit
   * (a poll answered out of order must not move the bar back).
   */
  get percent(): number {
    const p = this.#preview;
    if (!p) return 0;
    if (p.status === 'committed') return 100;
    if (p.status !== 'committing') return 0;
    const { done, total } = p.progress;
    return Math.max(this.#shown, total > 0 ? Math.min(99, Math.floor((done / total) * 100)) : 0);
  }
  /** The commit's phase while it runs ('committed' at the end); null otherwise. */
  get phase(): ImportPhase | null {
    const p = this.#preview;
    if (!p || (p.status !== 'committing' && p.status !== 'committed')) return null;
    return p.phase ?? (p.status === 'committed' ? 'committed' : 'writing');
  }

  async #run(work: () => Promise<ImportPreviewDTO>): Promise<void> {
    this.#busy = true;
    this.#error = null;
    try {
      this.#preview = await work();
    } catch (error) {
      this.#error = (error as Error).message || 'error';
    } finally {
      this.#busy = false;
    }
  }

  upload(file: Blob, teamId?: string): Promise<void> {
    return this.#run(() => this.#ports.upload(file, teamId));
  }

  map(column: number, target: ImportMapping[string]): Promise<void> {
    const p = this.#preview;
    if (!p) return Promise.resolve();
    // Each target once: whichever column had it gives it up.
    const mapping = Object.fromEntries(
      Object.entries(p.mapping).map(([c, t]) => [c, t === target && target !== 'ignore' ? 'ignore' : t])
    ) as ImportMapping;
    mapping[String(column)] = target;
    return this.#run(() => this.#ports.remap(p.id, mapping));
  }

  async commit(input: Partial<CommitImportInput>): Promise<void> {
    const p = this.#preview;
    if (!p) return;
    this.#shown = 0;
    await this.#run(() => this.#ports.commit(p.id, input));
    this.#remember();
    if (this.#preview?.status === 'committing') this.#poll();
  }

  #poll(): void {
    this.#timer = this.#ports.setTimeout(async () => {
      const p = this.#preview;
      if (!p) return;
      try {
        this.#preview = await this.#ports.get(p.id);
      } catch (error) {
        this.#error = (error as Error).message;
        return;
      }
      this.#remember();
      if (this.#preview.status === 'committing') this.#poll();
    }, POLL_MS);
  }

  #remember(): void {
    this.#shown = this.percent;
  }

  reset(): void {
    this.destroy();
    this.#preview = null;
    this.#error = null;
  }

  destroy(): void {
    if (this.#timer !== null) this.#ports.clearTimeout(this.#timer);
    this.#timer = null;
  }
}
