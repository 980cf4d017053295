import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createScheduler } from '../../server/adapters/scheduler';
import type { JobDefinition, JobRunContext, JobSchedule, Scheduler } from '../../server/ports/scheduler';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';
import type { Store } from '../../server/storage/store';
import { createFakeTime, type FakeTime } from '../helpers/fake-time';

const dir = mkdtempSync(join(tmpdir(), 'staffel-scheduler-'));
let files = 0;
const nextFile = () => join(dir, `scheduler-${files++}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
/** Wall-clock time in Berlin, e.g. "2026-03-29 03:00". */
const berlin = (ms: number) =>
  new Date(ms).toLocaleString('sv-SE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'short' });

interface Run {
  node: string;
  dueAt: number;
  startedAt: number;
}

/** A scheduler with one job that records its runs (and optionally does more). */
function scheduled(options: {
  time: FakeTime;
  store: Store;
  node?: string;
  runs: Run[];
  schedule?: JobSchedule;
  name?: string;
  errors?: unknown[];
  work?: (context: JobRunContext) => Promise<void>;
}): Scheduler {
  const node = options.node ?? 'node-a';
  const scheduler = createScheduler({
    clock: options.time,
    timer: options.time,
    runs: options.store.jobRuns,
    node,
    onError: (error) => void options.errors?.push(error)
  });
  const job: JobDefinition = {
    name: options.name ?? 'test.hourly',
    schedule: options.schedule ?? { everyMs: HOUR },
    run: async (context) => {
      options.runs.push({ node, dueAt: context.dueAt, startedAt: context.startedAt });
      await options.work?.(context);
    }
  };
  scheduler.register(job);
  return scheduler;
}

describe('scheduler', () => {
  it('SC1 a job due at T fires once at T, not a millisecond before, and not again until the next slot', async () => {
    const time = createFakeTime(at('2026-11-23T09:00:10Z'));
    const store = createSqliteStore({ file: ':memory:' });
    const runs: Run[] = [];
    const scheduler = scheduled({ time, store, runs });
    scheduler.start();
    await time.advance(0);
    expect(scheduler.nextDueAt('test.hourly')).toBe(at('2026-11-23T10:00:00Z'));

    await time.advanceTo(at('2026-11-23T09:59:59.999Z'));
    expect(runs).toEqual([]);
    await time.advance(1);
    expect(runs).toEqual([
      { node: 'node-a', dueAt: at('2026-11-23T10:00:00Z'), startedAt: at('2026-11-23T10:00:00Z') }
    ]);
    await time.advanceTo(at('2026-11-23T10:59:59.999Z'));
    expect(runs).toHaveLength(1);
    await time.advance(1);
    expect(runs.map((r) => iso(r.dueAt))).toEqual(['2026-11-23T10:00:00.000Z', '2026-11-23T11:00:00.000Z']);
    expect(await store.jobRuns.latest('test.hourly')).toMatchObject({
      dueAt: at('2026-11-23T11:00:00Z'),
      node: 'node-a',
      finishedAt: at('2026-11-23T11:00:00Z'),
      error: null
    });
    await scheduler.stop();
    expect(time.pending()).toBe(0);
    await store.close();
  });

  it('SC2 a slot that ran does not run again after a restart over the same SQLite file', async () => {
    const file = nextFile();
    const time = createFakeTime(at('2026-11-23T09:30:00Z'));
    const runs: Run[] = [];
    const firstStore = createSqliteStore({ file });
    const first = scheduled({ time, store: firstStore, runs, node: 'before-restart' });
    first.start();
    await time.advanceTo(at('2026-11-23T10:00:30Z'));
    await first.stop();
    await firstStore.close();
    expect(runs.map((r) => iso(r.dueAt))).toEqual(['2026-11-23T10:00:00.000Z']);

    // Restarted within the same slot: the 10:00 claim is on disk, so nothing runs until 11:00.
    const secondStore = createSqliteStore({ file });
    const second = scheduled({ time, store: secondStore, runs, node: 'after-restart' });
    second.start();
    await time.advanceTo(at('2026-11-23T10:59:59Z'));
    expect(runs).toHaveLength(1);
    await time.advanceTo(at('2026-11-23T11:00:00Z'));
    expect(runs.map((r) => [r.node, iso(r.dueAt)])).toEqual([
      ['before-restart', '2026-11-23T10:00:00.000Z'],
      ['after-restart', '2026-11-23T11:00:00.000Z']
    ]);
    await second.stop();
    await secondStore.close();
  });

  it('SC3 slots missed while down run once on start (the latest), never as a burst', async () => {
    const file = nextFile();
    const time = createFakeTime(at('2026-11-23T09:30:00Z'));
    const runs: Run[] = [];
    const firstStore = createSqliteStore({ file });
    const first = scheduled({ time, store: firstStore, runs });
    first.start();
    await time.advanceTo(at('2026-11-23T10:00:00Z'));
    await first.stop();
    await firstStore.close();

    time.jump(3.5 * HOUR); // down from 10:00 to 13:30: the 11:00, 12:00 and 13:00 slots were missed
    const secondStore = createSqliteStore({ file });
    const second = scheduled({ time, store: secondStore, runs });
    second.start();
    await time.advance(0);
    expect(runs.map((r) => [iso(r.dueAt), iso(r.startedAt)])).toEqual([
      ['2026-11-23T10:00:00.000Z', '2026-11-23T10:00:00.000Z'],
      ['2026-11-23T13:00:00.000Z', '2026-11-23T13:30:00.000Z']
    ]);
    await time.advanceTo(at('2026-11-23T14:00:00Z'));
    expect(runs.map((r) => iso(r.dueAt)).slice(2)).toEqual(['2026-11-23T14:00:00.000Z']);
    await second.stop();
    await secondStore.close();
  });

  it('SC3 a job never run before waits for its first slot after start', async () => {
    const time = createFakeTime(at('2026-11-23T09:59:00Z'));
    const store = createSqliteStore({ file: ':memory:' });
    const runs: Run[] = [];
    const scheduler = scheduled({ time, store, runs });
    scheduler.start();
    await time.advance(59_999);
    expect(runs).toEqual([]);
    await time.advance(1);
    expect(runs).toHaveLength(1);
    await scheduler.stop();
    await store.close();
  });

  it('SC3 SC4 a run that outlasts later slots is followed by one run of the latest, not by each missed one', async () => {
    const time = createFakeTime(at('2026-11-23T09:30:00Z'));
    const store = createSqliteStore({ file: ':memory:' });
    const runs: Run[] = [];
    const scheduler = scheduled({
      time,
      store,
      runs,
      // The 10:00 run takes until 12:30 (the 11:00 and 12:00 slots pass meanwhile).
      work: async ({ dueAt }) => void (dueAt === at('2026-11-23T10:00:00Z') && time.jump(2.5 * HOUR))
    });
    scheduler.start();
    await time.advanceTo(at('2026-11-23T13:00:00Z'));
    expect(runs.map((r) => [iso(r.dueAt), iso(r.startedAt)])).toEqual([
      ['2026-11-23T10:00:00.000Z', '2026-11-23T10:00:00.000Z'],
      ['2026-11-23T12:00:00.000Z', '2026-11-23T12:30:00.000Z'],
      ['2026-11-23T13:00:00.000Z', '2026-11-23T13:00:00.000Z']
    ]);
    await scheduler.stop();
    await store.close();
  });

  it('SC2 two schedulers over one store run each slot once', async () => {
    const time = createFakeTime(at('2026-11-23T09:30:00Z'));
    const store = createSqliteStore({ file: ':memory:' });
    const runs: Run[] = [];
    const a = scheduled({ time, store, runs, node: 'a' });
    const b = scheduled({ time, store, runs, node: 'b' });
    a.start();
    b.start();
    await time.advanceTo(at('2026-11-23T14:00:00Z'));
    expect(runs.map((r) => iso(r.dueAt))).toEqual([
      '2026-11-23T10:00:00.000Z',
      '2026-11-23T11:00:00.000Z',
      '2026-11-23T12:00:00.000Z',
      '2026-11-23T13:00:00.000Z',
      '2026-11-23T14:00:00.000Z'
    ]);
    await Promise.all([a.stop(), b.stop()]);
    await store.close();
  });

  it('SC2 two schedulers over two handles on one SQLite file (two processes) run each slot once', async () => {
    const file = nextFile();
    const time = createFakeTime(at('2026-11-23T09:30:00Z'));
    const stores = [createSqliteStore({ file }), createSqliteStore({ file })];
    const runs: Run[] = [];
    const schedulers = stores.map((store, i) => scheduled({ time, store, runs, node: `node-${i}` }));
    for (const s of schedulers) s.start();
    await time.advanceTo(at('2026-11-23T12:00:00Z'));
    expect(runs.map((r) => iso(r.dueAt))).toEqual([
      '2026-11-23T10:00:00.000Z',
      '2026-11-23T11:00:00.000Z',
      '2026-11-23T12:00:00.000Z'
    ]);
    for (const s of schedulers) await s.stop();
    for (const s of stores) await s.close();
  });

  it('a daily 02:30 Europe/Berlin job runs at 03:00 on the spring-forward day and once on the fall-back day', async () => {
    const store = createSqliteStore({ file: ':memory:' });
    const runs: Run[] = [];
    const time = createFakeTime(at('2026-03-27T12:00:00Z'));
    const scheduler = scheduled({ time, store, runs, name: 'test.daily', schedule: { cron: '30 2 * * *' } });
    scheduler.start();
    await time.advanceTo(at('2026-03-31T12:00:00Z'));
    // 2026-03-29 has no 02:30 in Berlin (02:00 CET → 03:00 CEST): it runs at the first valid time, 03:00.
    expect(runs.map((r) => berlin(r.dueAt))).toEqual([
      '2026-03-28 02:30',
      '2026-03-29 03:00',
      '2026-03-30 02:30',
      '2026-03-31 02:30'
    ]);
    expect(runs.map((r) => iso(r.startedAt))).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
      '2026-03-31T00:30:00.000Z'
    ]);

    // 2026-10-25 has 02:30 twice (03:00 CEST → 02:00 CET): it runs once, at the first one (00:30 UTC).
    runs.length = 0;
    time.jump(at('2026-10-24T12:00:00Z') - time.now());
    await time.advanceTo(at('2026-10-26T12:00:00Z'));
    expect(runs.map((r) => iso(r.dueAt))).toEqual([
      '2026-10-24T00:30:00.000Z', // the months jumped over collapse into one run of the latest slot (SC3)
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z'
    ]);
    await scheduler.stop();
    await store.close();
  });

  it('a job in another time zone follows that zone’s wall clock', async () => {
    const store = createSqliteStore({ file: ':memory:' });
    const runs: Run[] = [];
    const time = createFakeTime(at('2026-06-01T00:00:00Z'));
    const scheduler = scheduled({
      time,
      store,
      runs,
      name: 'test.london',
      schedule: { cron: '0 7 * * 1-5', timeZone: 'Europe/London' }
    });
    scheduler.start();
    await time.advanceTo(at('2026-06-03T00:00:00Z'));
    expect(runs.map((r) => iso(r.dueAt))).toEqual(['2026-06-01T06:00:00.000Z', '2026-06-02T06:00:00.000Z']);
    await scheduler.stop();
    await store.close();
  });

  it('SC2 a run that throws is reported and recorded, not retried, and the next slot runs', async () => {
    const time = createFakeTime(at('2026-11-23T09:30:00Z'));
    const store = createSqliteStore({ file: ':memory:' });
    const runs: Run[] = [];
    const errors: unknown[] = [];
    const scheduler = scheduled({
      time,
      store,
      runs,
      errors,
      work: async ({ dueAt }) => {
        if (dueAt === at('2026-11-23T10:00:00Z')) throw new Error('store unavailable');
      }
    });
    scheduler.start();
    await time.advanceTo(at('2026-11-23T10:30:00Z'));
    expect(errors).toEqual([new Error('store unavailable')]);
    expect(await store.jobRuns.latest('test.hourly')).toMatchObject({ error: 'store unavailable' });
    await time.advanceTo(at('2026-11-23T11:00:00Z'));
    expect(runs.map((r) => iso(r.dueAt))).toEqual(['2026-11-23T10:00:00.000Z', '2026-11-23T11:00:00.000Z']);
    expect(await store.jobRuns.latest('test.hourly')).toMatchObject({ error: null });
    await scheduler.stop();
    await store.close();
  });

  it('SC5 stop aborts the running job’s signal, waits for it, and leaves no timer behind', async () => {
    const time = createFakeTime(at('2026-11-23T09:59:00Z'));
    const store = createSqliteStore({ file: ':memory:' });
    const runs: Run[] = [];
    let stopping: Promise<void> | null = null;
    let abortedInRun = false;
    const scheduler: Scheduler = scheduled({
      time,
      store,
      runs,
      work: async ({ signal }) => {
        stopping = scheduler.stop(); // stop arrives while this run is in flight
        abortedInRun = signal.aborted;
      }
    });
    scheduler.start();
    await time.advanceTo(at('2026-11-23T10:00:00Z'));
    await stopping;
    expect(abortedInRun).toBe(true);
    expect(await store.jobRuns.latest('test.hourly')).toMatchObject({ finishedAt: at('2026-11-23T10:00:00Z') });
    expect(time.pending()).toBe(0);
    expect(scheduler.nextDueAt('test.hourly')).toBeNull();
    await time.advanceTo(at('2026-11-23T13:00:00Z'));
    expect(runs).toHaveLength(1);
    await store.close();
  });

  it('rejects a duplicate job name, an invalid cron, an unknown time zone and a too short interval', async () => {
    const time = createFakeTime();
    const store = createSqliteStore({ file: ':memory:' });
    const scheduler = createScheduler({ clock: time, timer: time, runs: store.jobRuns, node: 'n', onError: () => {} });
    const job = (name: string, schedule: JobSchedule): JobDefinition => ({ name, schedule, run: async () => {} });
    scheduler.register(job('ok', { everyMs: HOUR }));
    expect(() => scheduler.register(job('ok', { everyMs: HOUR }))).toThrow(/registered twice/);
    expect(() => scheduler.register(job('bad-cron', { cron: '61 * * * *' }))).toThrow(/bad-cron: invalid schedule/);
    expect(() => scheduler.register(job('bad-zone', { cron: '0 7 * * *', timeZone: 'Mars/Olympus' }))).toThrow(
      /bad-zone: invalid schedule/
    );
    expect(() => scheduler.register(job('too-fast', { everyMs: 10 }))).toThrow(/at least 1000/);
    scheduler.start();
    expect(() => scheduler.register(job('late', { everyMs: HOUR }))).toThrow(/before start/);
    await scheduler.stop();
    await store.close();
  });
});
