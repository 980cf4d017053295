/** Time is injected so that expiry and compaction are testable without waiting. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}
