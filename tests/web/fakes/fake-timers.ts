/** Timers as a port: nothing fires until the test advances the clock. `start` (ISO) sets the clock's instant. */
export class FakeTimers {
  now: number;
  #next = 1;
  #due = new Map<number, { at: number; run: () => void }>();

  constructor(start?: string) {
    this.now = start === undefined ? 0 : Date.parse(start);
  }

  setTimeout = (run: () => void, ms: number): number => {
    const id = this.#next++;
    this.#due.set(id, { at: this.now + ms, run });
    return id;
  };

  clearTimeout = (id: unknown): void => {
    this.#due.delete(id as number);
  };

  /** Moves the clock and runs what fell due, in time order. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const next = [...this.#due].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!next) break;
      this.#due.delete(next[0]);
      this.now = next[1].at;
      next[1].run();
    }
    this.now = until;
  }

  get pending(): number {
    return this.#due.size;
  }
}
