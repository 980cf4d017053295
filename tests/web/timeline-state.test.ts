import { afterEach, describe, expect, it, vi } from 'vitest';
import { TIMELINE_PAGE_SIZE, TimelineState } from '../../src/lib/state/timeline-state.svelte';
import { entry, FakeTimelineServer } from './fakes/fake-followup-ports';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((stop) => stop()));

/** `count` calls, one a minute back from 2026-11-29 10:00 UTC, ids e000… (newest = e000). */
function history(count: number) {
  return Array.from({ length: count }, (_, i) =>
    entry({
      id: `e${String(i).padStart(3, '0')}`,
      at: new Date(Date.parse('2026-11-29T10:00:00Z') - i * 60_000).toISOString(),
      type: i % 3 === 0 ? 'email' : 'call',
      pointOfSale: i % 2 === 0 ? 'shop' : 'call_centre'
    })
  );
}

function started(server: FakeTimelineServer, dossierId = 'd1'): TimelineState {
  const timeline = new TimelineState({ ports: server, dossierId });
  cleanups.push(timeline.start());
  return timeline;
}
const ids = (timeline: TimelineState) => timeline.items.map((i) => i.id);

describe('TimelineState: paging and filters', () => {
  it('pages by cursor, newest first, until the server says there is no more', async () => {
    const server = new FakeTimelineServer();
    server.entries = history(TIMELINE_PAGE_SIZE * 2 + 5);
    const timeline = started(server);
    await vi.waitFor(() => expect(timeline.loaded).toBe(true));
    expect(ids(timeline)).toEqual(server.page({ limit: TIMELINE_PAGE_SIZE }).items.map((i) => i.id));
    expect(timeline.hasMore).toBe(true);
    await timeline.loadMore();
    await timeline.loadMore();
    expect(ids(timeline)).toEqual(server.page({ limit: 500 }).items.map((i) => i.id));
    expect(timeline.hasMore).toBe(false);
    expect(server.calls.map((c) => c.params.cursor)).toEqual([undefined, '30', '60']);
  });

  it('filters by type and point of sale on the server and shows only matching entries', async () => {
    const server = new FakeTimelineServer();
    server.entries = history(40);
    const timeline = started(server);
    await vi.waitFor(() => expect(timeline.loaded).toBe(true));
    timeline.setFilter({ type: 'email' });
    timeline.setFilter({ pointOfSale: 'shop' });
    await vi.waitFor(() => expect(server.calls.at(-1)?.params).toMatchObject({ type: 'email', pointOfSale: 'shop' }));
    await vi.waitFor(() => expect(timeline.loading).toBe(false));
    expect(timeline.items.length).toBeGreaterThan(0);
    expect(timeline.items.every((i) => i.type === 'email' && i.pointOfSale === 'shop')).toBe(true);
    expect(timeline.filtered).toBe(true);
    timeline.clearFilter();
    await vi.waitFor(() => expect(ids(timeline)).toHaveLength(TIMELINE_PAGE_SIZE));
    expect(timeline.filtered).toBe(false);
  });

  it('an answer to an older filter that arrives late does not overwrite the newer one', async () => {
    const server = new FakeTimelineServer();
    server.entries = history(10);
    server.hold = true;
    const timeline = started(server);
    timeline.setFilter({ type: 'email' });
    server.release(1); // the email page answers first
    await vi.waitFor(() => expect(timeline.loaded).toBe(true));
    server.release(0); // then the unfiltered one, aborted meanwhile
    await Promise.resolve();
    expect(timeline.items.every((i) => i.type === 'email')).toBe(true);
  });
});

describe('TimelineState: live entries and corrections', () => {
  it('inserts a pushed entry once where the order puts it, even when this tab logged it too', async () => {
    const server = new FakeTimelineServer();
    server.entries = history(5);
    const timeline = started(server);
    await vi.waitFor(() => expect(timeline.loaded).toBe(true));
    const fresh = entry({ id: 'new', at: '2026-11-29T09:58:30Z' });
    server.push('d1', fresh);
    server.push('d1', fresh);
    timeline.apply(fresh); // the answer to this tab's own POST, after the push
    expect(ids(timeline)).toEqual(['e000', 'e001', 'new', 'e002', 'e003', 'e004']);
    expect(timeline.isFresh('new')).toBe(true);
    // Another dossier's entry does not land here.
    server.push('d2', entry({ id: 'elsewhere', at: '2026-11-29T11:00:00Z' }));
    expect(ids(timeline)).not.toContain('elsewhere');
  });

  it('a pushed entry that does not match the filter is not shown', async () => {
    const server = new FakeTimelineServer();
    server.entries = history(5);
    const timeline = started(server);
    timeline.setFilter({ pointOfSale: 'field_sales' });
    await vi.waitFor(() => expect(timeline.loaded).toBe(true));
    server.push('d1', entry({ id: 'shop-call', at: '2026-11-29T11:00:00Z', pointOfSale: 'shop' }));
    server.push('d1', entry({ id: 'visit', at: '2026-11-29T11:01:00Z', type: 'visit', pointOfSale: 'field_sales' }));
    expect(ids(timeline)).toEqual(['visit']);
  });

  it('a back-dated push older than the loaded window waits for its page, then appears exactly once', async () => {
    const server = new FakeTimelineServer();
    server.entries = history(TIMELINE_PAGE_SIZE + 10);
    const timeline = started(server);
    await vi.waitFor(() => expect(timeline.loaded).toBe(true));
    server.push('d1', entry({ id: 'old', at: '2026-11-28T08:00:00Z' }));
    expect(ids(timeline)).not.toContain('old');
    await timeline.loadMore();
    expect(ids(timeline).filter((id) => id === 'old')).toHaveLength(1);
    expect(ids(timeline).at(-1)).toBe('old');
  });

  it('a correction replaces the entry in place and keeps the earlier text readable', async () => {
    const server = new FakeTimelineServer();
    server.entries = history(3);
    const timeline = started(server);
    await vi.waitFor(() => expect(timeline.loaded).toBe(true));
    expect(await timeline.correct({ id: 'e001', input: { summary: 'Budget is 40k, not 14k' } })).toBe(true);
    expect(ids(timeline)).toEqual(['e000', 'e001', 'e002']);
    const corrected = timeline.items[1];
    expect(corrected.summary).toBe('Budget is 40k, not 14k');
    expect(corrected.corrected).toMatchObject({ byName: 'Jörg Petersen', previousSummary: 'Entry e001' });
    // The same correction pushed to this tab afterwards changes nothing.
    server.push('d1', corrected);
    expect(timeline.items).toHaveLength(3);
    expect(await timeline.correct({ id: 'missing', input: { summary: 'x' } })).toBe(false);
    expect(timeline.correctError).toBe('not_found');
    expect(timeline.error).toBeNull();
  });

  it('without a timeline on the server (404) it reports "unavailable" instead of failing', async () => {
    const server = new FakeTimelineServer();
    server.missing = true;
    const timeline = started(server);
    await vi.waitFor(() => expect(timeline.unavailable).toBe(true));
    expect(timeline.items).toEqual([]);
  });

  it('reloads after a reconnect and stops listening when closed', async () => {
    const server = new FakeTimelineServer();
    const timeline = new TimelineState({ ports: server, dossierId: 'd1' });
    const stop = timeline.start();
    await vi.waitFor(() => expect(timeline.loaded).toBe(true));
    expect(server.listeners).toBe(2);
    stop();
    expect(server.listeners).toBe(0);
  });
});
