import { afterEach, describe, expect, it, vi } from 'vitest';
import { DossierListState } from '../../src/lib/state/dossier-list-state.svelte';
import { FakeListPorts, summary } from './fakes/fake-list-ports';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((stop) => stop()));

function started(ports: FakeListPorts, url = ''): DossierListState {
  const list = new DossierListState({ ports, url: new URLSearchParams(url) });
  cleanups.push(list.start());
  return list;
}
const ids = (list: DossierListState) => list.items.map((d) => d.id);
const serverIds = (ports: FakeListPorts, list: DossierListState) =>
  ports
    .page({ q: list.query.trim() || undefined, stage: list.stage || undefined, sort: list.sort, limit: 500 })
    .items.map((d) => d.id);

describe('DossierListState: the view in the URL', () => {
  it('starts from the URL: search, filters and sort go into the first request', async () => {
    const ports = new FakeListPorts();
    ports.rows = [summary({ id: 'a', company: 'Kessler', stage: 'lead' }), summary({ id: 'b', stage: 'lead' })];
    const list = started(ports, 'q=kessler&stage=lead&sort=updated&owner=u1&tag=');
    await vi.waitFor(() => expect(list.loaded).toBe(true));
    expect(ports.calls).toEqual([
      { q: 'kessler', stage: 'lead', owner: 'u1', tag: undefined, sort: 'updated', limit: 50 }
    ]);
    expect(ids(list)).toEqual(['a']);
    expect(list.hasFilters).toBe(true);
  });

  it('ignores unknown stage and sort values in the URL rather than failing the list', () => {
    const list = new DossierListState({ ports: new FakeListPorts(), url: new URLSearchParams('stage=nope&sort=x') });
    expect(list.view).toEqual({ query: '', tag: '', stage: '', owner: '', sort: 'name' });
  });

  it('typing adds one history entry per burst, replaces it per keystroke, and loads once after the pause', async () => {
    const ports = new FakeListPorts();
    ports.rows = [summary({ id: 'a', company: 'Kessler' }), summary({ id: 'b', company: 'Other' })];
    const list = started(ports);
    await vi.waitFor(() => expect(list.loaded).toBe(true));
    for (const value of ['k', 'ke', 'kes']) list.setQuery(value);
    expect(ports.history).toEqual(['', 'q=kes']);
    expect(ports.calls).toHaveLength(1);
    ports.timers.advance(249);
    expect(ports.calls).toHaveLength(1);
    ports.timers.advance(1);
    expect(ports.calls.at(-1)?.q).toBe('kes');
    await vi.waitFor(() => expect(ids(list)).toEqual(['a']));
  });

  it('filters and sort push entries; Back restores the previous view and loads it; the shown view loads nothing', async () => {
    const ports = new FakeListPorts();
    ports.rows = [summary({ id: 'a', stage: 'lead' }), summary({ id: 'b', stage: 'customer' })];
    const list = started(ports);
    await vi.waitFor(() => expect(list.loaded).toBe(true));
    list.setFilters({ stage: 'lead' });
    list.setQuery('firma');
    list.setQuery('firma a');
    list.setFilters({ sort: 'updated' });
    expect(ports.history).toEqual(['', 'stage=lead', 'q=firma+a&stage=lead', 'q=firma+a&stage=lead&sort=updated']);

    expect(list.applyUrl(ports.back())).toBe(true);
    expect(list.view).toEqual({ query: 'firma a', tag: '', stage: 'lead', owner: '', sort: 'name' });
    expect(list.applyUrl(ports.back())).toBe(true);
    expect(list.view.query).toBe('');
    await vi.waitFor(() => expect(ids(list)).toEqual(['a']));
    const calls = ports.calls.length;
    expect(list.applyUrl(new URLSearchParams('stage=lead'))).toBe(false);
    expect(ports.calls).toHaveLength(calls);
    // Typing after Back starts a new burst: a new entry, the forward ones are gone.
    list.setQuery('x');
    expect(ports.history).toEqual(['', 'stage=lead', 'q=x&stage=lead']);
  });

  it('clearing the filters is one new history entry back to the plain list', async () => {
    const ports = new FakeListPorts();
    const list = started(ports, 'q=a&stage=lead&tag=vip');
    await vi.waitFor(() => expect(list.loaded).toBe(true));
    list.clearFilters();
    expect(ports.history).toEqual(['', '']);
    expect(list.hasFilters).toBe(false);
  });
});

describe('DossierListState: live rows in the server order', () => {
  const names = ['Firma 10', 'apfel', 'Zebra', 'Firma 9', 'Ölmühle', 'Firma 100'];

  it('places pushed rows exactly where the server puts them (Firma 9 < Firma 10, Ärger after apfel)', async () => {
    const ports = new FakeListPorts();
    ports.rows = names.map((company, i) => summary({ id: `d${i}`, company }));
    const list = started(ports);
    await vi.waitFor(() => expect(list.loaded).toBe(true));
    expect(ids(list)).toEqual(serverIds(ports, list));
    for (const row of [
      summary({ id: 'n1', company: 'Ärger GmbH' }),
      summary({ id: 'n2', company: 'Firma 11' }),
      summary({ id: 'n3', company: 'firma 9' }),
      summary({ id: 'd0', company: 'Firma 2' }),
      summary({ id: 'n4', company: 'Äpfel & Co' })
    ]) {
      ports.push(row);
      expect(ids(list)).toEqual(serverIds(ports, list));
    }
    expect(list.items.map((d) => d.company).slice(0, 5)).toEqual([
      'apfel',
      'Äpfel & Co',
      'Ärger GmbH',
      'Firma 2',
      'Firma 9'
    ]);
  });

  it('in "updated" order a pushed change moves to the top', async () => {
    const ports = new FakeListPorts();
    ports.rows = ['a', 'b', 'c'].map((id, i) => summary({ id, updatedAt: `2025-01-0${i + 1}T00:00:00.000Z` }));
    const list = started(ports, 'sort=updated');
    await vi.waitFor(() => expect(ids(list)).toEqual(['c', 'b', 'a']));
    ports.push(summary({ id: 'a', updatedAt: '2025-02-01T00:00:00.000Z' }));
    expect(ids(list)).toEqual(['a', 'c', 'b']);
    expect(ids(list)).toEqual(serverIds(ports, list));
  });

  it('filters pushes word by word like the server: "kessler dusseldorf", "mueller", street and postcode', async () => {
    const ports = new FakeListPorts();
    ports.rows = [summary({ id: 'a', company: 'Kessler', city: 'Düsseldorf' })];
    const list = started(ports, 'q=kessler+dusseldorf');
    await vi.waitFor(() => expect(ids(list)).toEqual(['a']));
    ports.push(summary({ id: 'b', company: 'Other', city: 'Düsseldorf', contactNames: ['Eva Kessler'] }));
    ports.push(summary({ id: 'c', company: 'Kessler', city: 'Köln' }));
    expect(ids(list).sort()).toEqual(['a', 'b']);
    expect(ids(list)).toEqual(serverIds(ports, list));
    // The row moved away: it leaves the filtered list.
    ports.push(summary({ id: 'a', company: 'Kessler', city: 'Essen' }));
    expect(ids(list)).toEqual(['b']);

    list.applyUrl(new URLSearchParams('q=mueller+40212'));
    await vi.waitFor(() => expect(list.loading).toBe(false));
    expect(ids(list)).toEqual([]);
    ports.push(summary({ id: 'm', company: 'Müller', street: 'Königsallee 1', postalCode: '40212' }));
    expect(ids(list)).toEqual(['m']);
  });

  it('leaves a pushed row past the loaded window to the page that covers it', async () => {
    const ports = new FakeListPorts();
    ports.rows = Array.from({ length: 60 }, (_, i) =>
      summary({ id: `d${String(i).padStart(2, '0')}`, company: `Firma ${i}` })
    );
    const list = started(ports);
    await vi.waitFor(() => expect(list.items).toHaveLength(50));
    ports.push(summary({ id: 'z', company: 'Zulu' }));
    expect(ids(list)).not.toContain('z');
    await list.loadMore();
    expect(ids(list)).toEqual(serverIds(ports, list));
    expect(ids(list).at(-1)).toBe('z');
  });

  it('a slower earlier answer never overwrites the newer view', async () => {
    const ports = new FakeListPorts();
    ports.rows = [summary({ id: 'a', stage: 'lead' }), summary({ id: 'b', stage: 'customer' })];
    const list = started(ports);
    await vi.waitFor(() => expect(list.loaded).toBe(true));
    ports.hold = true;
    list.setFilters({ stage: 'lead' });
    list.setFilters({ stage: 'customer' });
    ports.release(1);
    await vi.waitFor(() => expect(ids(list)).toEqual(['b']));
    ports.release(0);
    await Promise.resolve();
    await Promise.resolve();
    expect(ids(list)).toEqual(['b']);
    expect(list.loading).toBe(false);
  });

  it('offline, shows the dossiers opened on this device, filtered and ordered the same way, and reloads when online', async () => {
    const ports = new FakeListPorts();
    ports.offline = true;
    ports.openedHereRows = [
      summary({ id: 'x', company: 'Firma 10' }),
      summary({ id: 'y', company: 'Firma 9' }),
      summary({ id: 'z', company: 'Other' })
    ];
    const list = started(ports, 'q=firma');
    await vi.waitFor(() => expect(list.offline).toBe(true));
    expect(ids(list)).toEqual(['y', 'x']);
    ports.rows = [summary({ id: 'live', company: 'Firma live' })];
    ports.goOnline();
    await vi.waitFor(() => expect(ids(list)).toEqual(['live']));
    expect(list.offline).toBe(false);
  });

  it('stops listening when stopped', async () => {
    const ports = new FakeListPorts();
    const list = new DossierListState({ ports });
    const stop = list.start();
    expect(ports.listeners).toBe(3);
    stop();
    expect(ports.listeners).toBe(0);
  });
});
