export interface JobRunClaim {
  job: string;
  dueAt: number;
  /** Which process claimed it (host:pid), for diagnostics. */
  node: string;
  claimedAt: number;
}

export interface JobRunRecord extends JobRunClaim {
  finishedAt: number | null;
  /** The error message of a failed run; null while running or after success. */
  error: string | null;
}

/**
 * The scheduler's claims: one row per job holding its latest claimed slot. A claim is a compare-and-set on
 * that slot, so it needs no cleanup and a node with a lagging clock can never run an older slot after a
 * newer one ran.
 */
export interface JobRunStore {
  /**
   * JR1 resolves true for exactly one caller per (job, dueAt), also when several store handles over the same
   * data (processes, nodes) claim at once; every other caller gets false.
   * JR2 a claim with dueAt <= the job's latest claimed dueAt resolves false and changes nothing.
   */
  claim(claim: JobRunClaim): Promise<boolean>;
  /** JR3 the latest claim of the job with its outcome, or null for a job never claimed. */
  latest(job: string): Promise<JobRunRecord | null>;
  /**
   * JR4 records the outcome of the run claimed for (job, dueAt); a no-op when that is no longer the job's
   * latest claim (a newer slot was claimed meanwhile) or was never claimed.
   */
  finish(outcome: { job: string; dueAt: number; finishedAt: number; error: string | null }): Promise<void>;
}
