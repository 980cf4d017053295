import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessEventBus } from '../../server/adapters/in-process-event-bus';
import { createEventRelay, type ActivityStore, type EventRelay } from '../../server/features/feed';
import type { StoredEvent } from '../../server/kernel/events';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';
import type { Store } from '../../server/storage/store';
import { sessionEvent } from '../contract/activity-store.contract';
import { manualClock } from '../helpers/start-test-server';

/** Timers the test fires by hand: the relay's retry and poll never depend on real time here. */
function manualTimers() {
  const pending = new Map<number, { run: () => void; ms: number }>();
  let next = 0;
  return {
    setTimer: (run: () => void, ms: number) => {
      const id = next++;
      pending.set(id, { run, ms });
      return () => void pending.delete(id);
    },
    /** Runs the timers due after `ms` (retry: 20, poll: 1000). */
    fire(ms: number) {
      for (const [id, t] of [...pending]) {
        if (t.ms !== ms) continue;
        pending.delete(id);
        t.run();
      }
    }
  };
}

/**
 * A real SQLite activity log whose reads can hide seqs: what a reader sees while the transaction that took
 * those seqs has not committed yet (possible on stores that assign seqs before commit).
 */
function withHiddenSeqs(activity: ActivityStore, hidden: Set<number>): ActivityStore {
  return {
    ...activity,
    listSince: async (options) => (await activity.listSince(options)).filter((e) => !hidden.has(e.seq))
  };
}

describe('event relay', () => {
  let store: Store;
  let relay: EventRelay | undefined;
  afterEach(async () => {
    await relay?.close();
    await store.close();
  });

  function setup(options: { hidden?: Set<number>; gapTimeoutMs?: number } = {}) {
    store = createSqliteStore({ file: ':memory:' });
    const bus = createInProcessEventBus();
    const seen: StoredEvent[] = [];
    bus.subscribe((e) => seen.push(e));
    const timers = manualTimers();
    const clock = manualClock();
    const errors: string[] = [];
    relay = createEventRelay({
      activity: withHiddenSeqs(store.activity, options.hidden ?? new Set()),
      bus,
      clock,
      setTimer: timers.setTimer,
      gapTimeoutMs: options.gapTimeoutMs,
      batchSize: 4,
      onError: (err) => errors.push(String(err))
    });
    return { seen, timers, clock, errors, relay };
  }
  const append = (...ids: string[]) => store.activity.append(ids.map((id) => sessionEvent(id)));

  it('publishes committed events once, in seq order, with their seq, starting at the head at start', async () => {
    const { seen, relay } = setup();
    await append('before-start');
    await relay.start();
    await append('a', 'b', 'c', 'd', 'e', 'f');
    relay.poke();
    relay.poke();
    await relay.drained();
    // batchSize 4: the relay reads on past a full batch.
    expect(seen.map((e) => [e.id, e.seq])).toEqual([
      ['a', 2],
      ['b', 3],
      ['c', 4],
      ['d', 5],
      ['e', 6],
      ['f', 7]
    ]);
    expect(relay.publishedSeq()).toBe(7);
    relay.poke();
    await relay.drained();
    expect(seen).toHaveLength(6);
  });

  it('never passes a seq that is not visible yet: it stops at the hole and re-reads', async () => {
    const hidden = new Set([2]);
    const { seen, timers, relay } = setup({ hidden });
    await relay.start();
    await append('a', 'b', 'c');
    relay.poke();
    await relay.drained();
    expect(seen.map((e) => e.seq)).toEqual([1]);
    timers.fire(20);
    await relay.drained();
    expect(seen.map((e) => e.seq)).toEqual([1]);
    hidden.clear();
    timers.fire(20);
    await relay.drained();
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('passes a hole only after gapTimeoutMs, and says so', async () => {
    const { seen, timers, clock, errors, relay } = setup({ hidden: new Set([2]), gapTimeoutMs: 60_000 });
    await relay.start();
    await append('a', 'b', 'c');
    relay.poke();
    await relay.drained();
    clock.advance(59_999);
    timers.fire(20);
    await relay.drained();
    expect(seen.map((e) => e.seq)).toEqual([1]);
    clock.advance(1);
    timers.fire(20);
    await relay.drained();
    expect(seen.map((e) => e.seq)).toEqual([1, 3]);
    expect(errors.join()).toMatch(/seqs 2\.\.2 never became visible/);
  });

  it('finds commits nobody poked about at its next poll', async () => {
    const { seen, timers, relay } = setup();
    await relay.start();
    await append('a');
    await Promise.resolve();
    expect(seen).toEqual([]);
    timers.fire(1_000);
    await relay.drained();
    expect(seen.map((e) => e.id)).toEqual(['a']);
  });
});
