import { describe, expect, it } from 'vitest';
import type { ListDossierPage, ListFilter, SavedListDTO, TagCountDTO } from '../../src/lib/contract';
import { SegmentListState, type SegmentListPorts } from '../../src/lib/state/segment-list-state.svelte';
import { TagEditorState } from '../../src/lib/state/tag-editor-state.svelte';

/** Timers run only when the test says so: debounce behaviour without waiting. */
class ManualTimers {
  #next = 1;
  pending = new Map<number, { handler: () => void; ms: number }>();
  setTimeout = (handler: () => void, ms: number) => {
    const id = this.#next++;
    this.pending.set(id, { handler, ms });
    return id;
  };
  clearTimeout = (id: unknown) => void this.pending.delete(id as number);
  async flush(): Promise<void> {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const t of due) t.handler();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  }
}

describe('TagEditorState', () => {
  const ports = (saved: string[][], suggestions: TagCountDTO[] = [], timers = new ManualTimers()) => ({
    timers,
    ports: {
      suggest: async () => suggestions,
      save: async (tags: string[]) => {
        saved.push(tags);
        return tags;
      },
      setTimeout: timers.setTimeout,
      clearTimeout: timers.clearTimeout
    }
  });

  it('Enter adds the typed tag, Backspace on an empty input removes the last; a duplicate (any case) is ignored', async () => {
    const saved: string[][] = [];
    const state = new TagEditorState({ tags: ['premium'], ports: ports(saved).ports });
    state.type('Newsletter');
    await state.commitDraft();
    expect(state.tags).toEqual(['premium', 'Newsletter']);
    state.type('PREMIUM');
    await state.commitDraft();
    await state.removeLast();
    expect(saved).toEqual([['premium', 'Newsletter'], ['premium']]);
    expect(state.tags).toEqual(['premium']);
  });

  it('suggests after a pause, without tags already on the dossier, and Enter takes the highlighted one', async () => {
    const saved: string[][] = [];
    const { ports: p, timers } = ports(saved, [
      { tag: 'premium', count: 9 },
      { tag: 'presse', count: 2 }
    ]);
    const state = new TagEditorState({ tags: ['Premium'], ports: p });
    state.type('pr');
    expect(state.suggestions).toEqual([]);
    await timers.flush();
    expect(state.suggestions.map((s) => s.tag)).toEqual(['presse']);
    state.move(1);
    await state.commitDraft();
    expect(saved).toEqual([['Premium', 'presse']]);
  });

  it('a failed save restores the tags the dossier had and says so', async () => {
    const state = new TagEditorState({
      tags: ['a'],
      ports: { ...ports([]).ports, save: async () => Promise.reject(new Error('offline')) }
    });
    await state.add('b');
    expect(state.tags).toEqual(['a']);
    expect(state.error).toBe(true);
  });
});

describe('SegmentListState', () => {
  function fake() {
    const timers = new ManualTimers();
    const counted: ListFilter[] = [];
    let push: () => void = () => {};
    let total = 3;
    const ports: SegmentListPorts = {
      lists: async () => [{ id: 'l1', name: 'Premium', filter: { tag: 'premium' }, count: 2 } as SavedListDTO],
      count: async (filter) => {
        counted.push(filter);
        return total;
      },
      page: async (): Promise<ListDossierPage> => ({ items: [], nextCursor: null }),
      create: async (input) => ({ id: 'l2', ...input, count: total }) as unknown as SavedListDTO,
      update: async (id, input) => ({ id, name: 'x', ...input, count: total }) as unknown as SavedListDTO,
      remove: async () => {},
      onDossierChanged: (handler) => {
        push = handler;
        return () => {};
      },
      setTimeout: timers.setTimeout,
      clearTimeout: timers.clearTimeout
    };
    return { ports, timers, counted, push: () => push(), setTotal: (n: number) => (total = n) };
  }

  it('opens a saved list with its filter and counts it, and filter edits in a burst count once', async () => {
    const f = fake();
    const state = new SegmentListState({ ports: f.ports });
    await state.start({ listId: 'l1' });
    await f.timers.flush();
    expect(f.counted).toEqual([{ tag: 'premium' }]);
    expect(state.count).toBe(3);
    state.setFilter({ tag: 'premium', city: 'K' });
    state.setFilter({ tag: 'premium', city: 'Köln' });
    expect(state.dirty).toBe(true);
    await f.timers.flush();
    expect(f.counted.slice(1)).toEqual([{ tag: 'premium', city: 'Köln' }]);
  });

  it('recounts once after a burst of pushed dossier changes (debounced), keeping the saved list’s chip current', async () => {
    const f = fake();
    const state = new SegmentListState({ ports: f.ports });
    await state.start({ listId: 'l1' });
    await f.timers.flush();
    f.setTotal(7);
    f.push();
    f.push();
    f.push();
    expect([...f.timers.pending.values()].map((t) => t.ms)).toEqual([1000]);
    await f.timers.flush();
    expect(f.counted).toHaveLength(2);
    expect(state.count).toBe(7);
    expect(state.lists[0].count).toBe(7);
  });
});
