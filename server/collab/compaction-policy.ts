/** Size of a document's stored log: the snapshot and the tail of updates after it. */
export interface LogSize {
  tailCount: number;
  tailBytes: number;
  snapshotBytes: number;
}

export interface CompactionLimits {
  /** Tail length that forces compaction, bounding how many updates a load replays. */
  compactAfterUpdates: number;
  /** Compact when the tail's bytes reach this multiple of the snapshot's (write amplification ≈ 1 + 1/ratio). */
  compactTailRatio: number;
}

/** Small documents are rewritten as if they were this big, so a fresh dossier is not compacted every batch. */
const MIN_SNAPSHOT_BYTES = 4096;

/**
 * Compacting writes the whole snapshot again, so doing it every N updates costs a large document far more
 * than it saved (500 keystrokes ≈ 15 KB of updates against a 200 KB snapshot: 14× write amplification).
 * Compact when the tail is as big as the snapshot, or when it is long enough to slow a load down.
 */
export function compactionDue(size: LogSize, limits: CompactionLimits): boolean {
  if (size.tailCount === 0) return false;
  if (size.tailCount >= limits.compactAfterUpdates) return true;
  return size.tailBytes >= Math.max(size.snapshotBytes, MIN_SNAPSHOT_BYTES) * limits.compactTailRatio;
}

/** On unload a short tail is cheaper to replay at the next load than to fold now. */
export function worthCompactingOnUnload(size: LogSize, limits: CompactionLimits): boolean {
  if (size.tailCount === 0) return false;
  if (size.tailCount * 4 >= limits.compactAfterUpdates) return true;
  return size.tailBytes * 4 >= Math.max(size.snapshotBytes, MIN_SNAPSHOT_BYTES) * limits.compactTailRatio;
}
