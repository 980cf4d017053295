import { describe, expect, it } from 'vitest';
import type { ImportPhase, ImportPreviewDTO, ImportStatus } from '../../src/lib/contract';
import { ImportState } from '../../src/lib/state/import-state.svelte';
import { FakeTimers } from './fakes/fake-timers';

const dto = (
  status: ImportStatus,
  phase: ImportPhase | null,
  progress: number,
  phaseDone = 0,
  phaseTotal = 1000
): ImportPreviewDTO => ({
  id: 'imp1',
  teamId: 't1',
  status,
  headers: ['Company'],
  mapping: { '0': 'company' },
  total: 1000,
  valid: 1000,
  invalid: 0,
  duplicates: 0,
  rows: [],
  progress: { done: progress, total: 1000 },
  phase,
  phaseProgress: { done: phaseDone, total: phaseTotal },
  created: status === 'committed' ? 1000 : 0,
  error: null
});

/** The server's answers in order: the commit's reply, then one per poll. */
function setup(answers: ImportPreviewDTO[]) {
  const timers = new FakeTimers();
  const queue = [...answers];
  const state = new ImportState({
    ports: {
      upload: async () => dto('pending', null, 0),
      get: async () => queue.shift()!,
      remap: async () => dto('pending', null, 0),
      commit: async () => queue.shift()!,
      setTimeout: timers.setTimeout,
      clearTimeout: timers.clearTimeout
    }
  });
  const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
  /** One poll: the timer fires, the answer lands; returns what the page would show. */
  const poll = async () => {
    timers.advance(300);
    await flush();
    return { percent: state.percent, phase: state.phase };
  };
  return { state, timers, poll };
}

describe('ImportState progress', () => {
  it('advances through the phases, stays below 100% while writing, and shows 100% only when committed', async () => {
    const { state, poll, timers } = setup([
      dto('committing', 'drafting', 200, 500, 1000),
      dto('committing', 'writing', 400, 0, 1000),
      dto('committing', 'writing', 695, 500, 1000),
      // Every row written, not yet published: rounding must not fill the bar.
      dto('committing', 'writing', 999, 1000, 1000),
      dto('committed', 'committed', 1000, 1000, 1000)
    ]);
    await state.upload(new Blob(['Company\nA\n']));
    expect(state.phase).toBeNull();
    expect(state.percent).toBe(0);
    await state.commit({});
    const shown = [{ percent: state.percent, phase: state.phase }];
    for (let i = 0; i < 4; i++) shown.push(await poll());
    expect(shown).toEqual([
      { percent: 20, phase: 'drafting' },
      { percent: 40, phase: 'writing' },
      { percent: 69, phase: 'writing' },
      { percent: 99, phase: 'writing' },
      { percent: 100, phase: 'committed' }
    ]);
    expect(state.preview?.phaseProgress).toEqual({ done: 1000, total: 1000 });
    expect(timers.pending).toBe(0);
  });

  it('never moves the bar back when a poll reports less than it already showed', async () => {
    const { state, poll } = setup([
      dto('committing', 'writing', 600, 250, 1000),
      dto('committing', 'writing', 500, 0, 1000),
      dto('committing', 'writing', 700, 500, 1000)
    ]);
    await state.upload(new Blob(['Company\nA\n']));
    await state.commit({});
    expect(state.percent).toBe(60);
    expect((await poll()).percent).toBe(60);
    expect((await poll()).percent).toBe(70);
  });

  it('starts a new commit after a failed one from zero', async () => {
    const failed = { ...dto('failed', null, 800), error: 'the import could not be written; nothing was saved' };
    const { state, poll } = setup([
      dto('committing', 'writing', 800, 750, 1000),
      failed,
      dto('committing', 'drafting', 100, 250, 1000)
    ]);
    await state.upload(new Blob(['Company\nA\n']));
    await state.commit({});
    expect(state.percent).toBe(80);
    expect(await poll()).toEqual({ percent: 0, phase: null });
    await state.commit({});
    expect(state.percent).toBe(10);
  });
});
