import { expect, it } from 'vitest';
import type { StoreContext } from './store-contract';

const claim = (over: Partial<{ job: string; dueAt: number; node: string; claimedAt: number }> = {}) => ({
  job: 'identity.session-sweep',
  dueAt: 3_600_000,
  node: 'node-a',
  claimedAt: 3_600_010,
  ...over
});

/** JobRunStore rules JR1..JR4. */
export function jobRunStoreContract(store: StoreContext): void {
  it('JR1 the first claim of a slot succeeds and a second claim of the same slot fails', async () => {
    expect(await store().jobRuns.claim(claim())).toBe(true);
    expect(await store().jobRuns.claim(claim({ node: 'node-b', claimedAt: 3_600_020 }))).toBe(false);
    expect(await store().jobRuns.latest('identity.session-sweep')).toMatchObject({ node: 'node-a' });
  });

  it('JR1 of many concurrent claims of one slot exactly one succeeds', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store().jobRuns.claim(claim({ node: `node-${i}` })))
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('JR1 claims of different jobs do not interfere', async () => {
    expect(await store().jobRuns.claim(claim({ job: 'a' }))).toBe(true);
    expect(await store().jobRuns.claim(claim({ job: 'b' }))).toBe(true);
  });

  it('JR2 a later slot can be claimed; an earlier or equal one no longer can', async () => {
    expect(await store().jobRuns.claim(claim({ dueAt: 1000 }))).toBe(true);
    expect(await store().jobRuns.claim(claim({ dueAt: 2000 }))).toBe(true);
    expect(await store().jobRuns.claim(claim({ dueAt: 1500, node: 'lagging' }))).toBe(false);
    expect(await store().jobRuns.claim(claim({ dueAt: 2000, node: 'lagging' }))).toBe(false);
    expect(await store().jobRuns.latest('identity.session-sweep')).toMatchObject({ dueAt: 2000, node: 'node-a' });
  });

  it('JR3 latest is null for a job never claimed and the claim with no outcome after claiming', async () => {
    expect(await store().jobRuns.latest('never')).toBeNull();
    await store().jobRuns.claim(claim());
    expect(await store().jobRuns.latest('identity.session-sweep')).toEqual({
      ...claim(),
      finishedAt: null,
      error: null
    });
  });

  it('JR4 finish records the outcome; a new claim clears it; a stale finish changes nothing', async () => {
    await store().jobRuns.claim(claim({ dueAt: 1000 }));
    await store().jobRuns.finish({ job: 'identity.session-sweep', dueAt: 1000, finishedAt: 1100, error: 'boom' });
    expect(await store().jobRuns.latest('identity.session-sweep')).toMatchObject({ finishedAt: 1100, error: 'boom' });

    await store().jobRuns.claim(claim({ dueAt: 2000, claimedAt: 2001 }));
    expect(await store().jobRuns.latest('identity.session-sweep')).toMatchObject({
      dueAt: 2000,
      finishedAt: null,
      error: null
    });
    await store().jobRuns.finish({ job: 'identity.session-sweep', dueAt: 1000, finishedAt: 2500, error: null });
    await store().jobRuns.finish({ job: 'unknown', dueAt: 1000, finishedAt: 2500, error: null });
    expect(await store().jobRuns.latest('identity.session-sweep')).toMatchObject({ dueAt: 2000, finishedAt: null });
    expect(await store().jobRuns.latest('unknown')).toBeNull();
  });
}
