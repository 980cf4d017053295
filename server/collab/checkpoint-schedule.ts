/**
 * When a document's edits become a version: after `idleMs` without durable edits, or at once when a stretch
 * of editing has lasted `maxMs`. Tracks who edited since the last version, so each version names its authors.
 */
export class CheckpointSchedule {
  private authors = new Set<string>();
  private stretchStartedAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: {
      idleMs: number;
      maxMs: number;
      /** Called when a version is due; the owner then calls take() (via its checkpoint). */
      due: () => void;
      now?: () => number;
    }
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  noteAuthor(userId: string): void {
    this.authors.add(userId);
    this.stretchStartedAt ??= this.now();
  }

  get hasAuthors(): boolean {
    return this.authors.size > 0;
  }

  /** After each durable batch: due now if the stretch is long, else after a quiet period. */
  schedule(): void {
    if (this.authors.size === 0) return;
    this.cancel();
    const long = this.stretchStartedAt !== null && this.now() - this.stretchStartedAt >= this.options.maxMs;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.options.due();
      },
      long ? 0 : this.options.idleMs
    );
    this.timer.unref();
  }

  /** The authors since the last version; starts a new stretch. */
  take(): string[] {
    this.cancel();
    const authors = [...this.authors];
    this.authors = new Set();
    this.stretchStartedAt = null;
    return authors;
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
