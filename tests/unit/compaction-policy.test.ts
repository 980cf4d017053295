import { describe, expect, it } from 'vitest';
import { compactionDue, worthCompactingOnUnload } from '../../server/collab/compaction-policy';

const limits = { compactAfterUpdates: 5000, compactTailRatio: 1 };

describe('compaction policy', () => {
  it('waits until the tail is as large as the snapshot, so rewriting it costs at most about 2×', () => {
    expect(compactionDue({ tailCount: 500, tailBytes: 15_000, snapshotBytes: 200_000 }, limits)).toBe(false);
    expect(compactionDue({ tailCount: 4000, tailBytes: 200_000, snapshotBytes: 200_000 }, limits)).toBe(true);
  });

  it('compacts a long tail whatever its size, to bound load time', () => {
    expect(compactionDue({ tailCount: 5000, tailBytes: 10_000, snapshotBytes: 1_000_000 }, limits)).toBe(true);
  });

  it('treats a small document as 4 KB so it is not rewritten after every batch', () => {
    expect(compactionDue({ tailCount: 3, tailBytes: 900, snapshotBytes: 600 }, limits)).toBe(false);
    expect(compactionDue({ tailCount: 90, tailBytes: 4100, snapshotBytes: 600 }, limits)).toBe(true);
  });

  it('never compacts an empty tail', () => {
    expect(compactionDue({ tailCount: 0, tailBytes: 0, snapshotBytes: 0 }, limits)).toBe(false);
    expect(worthCompactingOnUnload({ tailCount: 0, tailBytes: 0, snapshotBytes: 0 }, limits)).toBe(false);
  });

  it('on unload folds a tail of a quarter of the snapshot or more, and leaves shorter ones to replay', () => {
    expect(worthCompactingOnUnload({ tailCount: 40, tailBytes: 10_000, snapshotBytes: 200_000 }, limits)).toBe(false);
    expect(worthCompactingOnUnload({ tailCount: 900, tailBytes: 50_000, snapshotBytes: 200_000 }, limits)).toBe(true);
  });
});
