import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/api/api-error';
import type { SearchHitDTO, SearchResultDTO } from '../../src/lib/contract';
import { hitHref, SearchPaletteState } from '../../src/lib/state/search-palette.svelte';

const hit = (dossierId: string, kind: SearchHitDTO['kind'] = 'name', ref: string | null = null): SearchHitDTO => ({
  dossierId,
  company: dossierId,
  stage: 'customer',
  kind,
  ref,
  snippet: [{ text: dossierId, mark: true }],
  at: null
});

/** Fake ports: timers fire when the test says so; answers resolve when the test says so. */
function fakePorts() {
  const timers: Array<{ fn: () => void; cancelled: boolean }> = [];
  const calls: Array<{
    q: string;
    signal: AbortSignal;
    resolve: (r: SearchResultDTO) => void;
    reject: (e: unknown) => void;
  }> = [];
  return {
    timers,
    calls,
    ports: {
      search: ({ q, signal }: { q: string; signal: AbortSignal }) =>
        new Promise<SearchResultDTO>((resolve, reject) => calls.push({ q, signal, resolve, reject })),
      delay: (fn: () => void) => {
        const timer = { fn, cancelled: false };
        timers.push(timer);
        return () => void (timer.cancelled = true);
      }
    },
    fire: () => timers.filter((t) => !t.cancelled).forEach((t) => ((t.cancelled = true), t.fn()))
  };
}

describe('SearchPaletteState', () => {
  it('debounces typing into one request for what is typed last, and drops stale answers', async () => {
    const fake = fakePorts();
    const palette = new SearchPaletteState({ ports: fake.ports });
    palette.show();
    palette.setQuery('m');
    expect(palette.tooShort).toBe(true);
    palette.setQuery('mu');
    palette.setQuery('mul');
    fake.fire();
    expect(fake.calls.map((c) => c.q)).toEqual(['mul']);
    palette.setQuery('mull');
    expect(fake.calls[0].signal.aborted).toBe(true);
    fake.fire();
    fake.calls[0].resolve({ items: [hit('stale')] });
    fake.calls[1].resolve({ items: [hit('a'), hit('b'), hit('c')] });
    await Promise.resolve();
    await Promise.resolve();
    expect(palette.hits.map((h) => h.dossierId)).toEqual(['a', 'b', 'c']);
    expect(palette.loading).toBe(false);
  });

  it('moves the selection with wrap-around and says when nothing was found or search failed', async () => {
    const fake = fakePorts();
    const palette = new SearchPaletteState({ ports: fake.ports });
    palette.setQuery('abc');
    fake.fire();
    fake.calls[0].resolve({ items: [hit('a'), hit('b')] });
    await new Promise((r) => setTimeout(r, 0));
    palette.move(-1);
    expect(palette.current?.dossierId).toBe('b');
    palette.move(1);
    expect(palette.current?.dossierId).toBe('a');
    palette.setQuery('none');
    fake.fire();
    fake.calls[1].resolve({ items: [] });
    await new Promise((r) => setTimeout(r, 0));
    expect(palette.empty).toBe(true);
    palette.setQuery('boom');
    fake.fire();
    fake.calls[2].reject(new ApiError({ code: 'invalid', message: 'x', status: 400 }));
    await new Promise((r) => setTimeout(r, 0));
    expect(palette.error).toBe('invalid');
    palette.close();
    expect([palette.open, palette.query, palette.hits.length]).toEqual([false, '', 0]);
  });

  it('opens a hit at what matched', () => {
    expect(hitHref(hit('d1', 'note'))).toBe('/dossiers/d1#notes');
    expect(hitHref(hit('d1', 'timeline', 'i9'))).toBe('/dossiers/d1#entry-i9');
    expect(hitHref(hit('d1', 'field', 'city'))).toBe('/dossiers/d1#field-city');
    expect(hitHref(hit('d1', 'ticket', 'k1'))).toBe('/dossiers/d1#timeline');
    expect(hitHref(hit('d1', 'name'))).toBe('/dossiers/d1');
  });
});
