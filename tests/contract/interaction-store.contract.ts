import { expect, it } from 'vitest';
import { INTERACTION_TYPES, POINTS_OF_SALE } from '../../src/lib/contract';
import type { NewEvent, StoredEvent } from '../../server/kernel/events';
import type { Interaction, InteractionPageQuery } from '../../server/features/interactions/interaction-store';
import { seededRandom } from './dossier-fixtures';
import type { StoreContext } from './store-contract';

export const interaction = (overrides: Partial<Interaction> & { id: string }): Interaction => ({
  dossierId: 'd1',
  teamId: 't1',
  type: 'call',
  at: 1_000,
  pointOfSale: 'call_centre',
  direction: 'inbound',
  contactName: 'Ana Šimić',
  summary: `Rückruf wegen Angebot ${overrides.id}`,
  amount: null,
  authorId: 'u1',
  createdAt: 2_000,
  corrections: [],
  ...overrides
});

const item = (i: Interaction) => ({
  id: i.id,
  kind: 'interaction' as const,
  type: i.type,
  at: new Date(i.at).toISOString(),
  authorId: i.authorId,
  authorName: 'Jörg',
  summary: i.summary
});

export const loggedEvent = (id: string, i: Interaction): NewEvent<'interaction.logged'> => ({
  id,
  type: 'interaction.logged',
  at: 3_000,
  actorId: i.authorId,
  onBehalfOfId: null,
  teamId: i.teamId,
  dossierId: i.dossierId,
  data: { item: item(i) }
});

const correctedEvent = (id: string, i: Interaction): NewEvent<'interaction.corrected'> => ({
  ...loggedEvent(id, i),
  type: 'interaction.corrected'
});

/** Every page of a query, following nextCursor; fails on a cycle. */
async function pageAll(store: StoreContext, dossierId: string, query: Omit<InteractionPageQuery, 'cursor'>) {
  const seen: Interaction[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await store().interactions.page(dossierId, { ...query, cursor });
    expect(page.items.length).toBeLessThanOrEqual(query.limit);
    seen.push(...page.items);
    if (!page.nextCursor) return seen;
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

const timelineOrder = (a: Interaction, b: Interaction) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** InteractionStore rules IS1..IS5 (server/features/interactions/interaction-store.ts) and ActivityStore AS7. */
export function interactionStoreContract(store: StoreContext): void {
  const log = () => store().activity.listSince({ afterSeq: 0, teamIds: 'all', limit: 10_000 });

  it('IS1 add then get returns an equal interaction; unknown is null; a duplicate id conflicts without an event', async () => {
    const s = store();
    const first = interaction({ id: 'i1', type: 'offer', amount: 1234.5, direction: null, contactName: null });
    await s.interactions.add(first, [loggedEvent('e1', first)]);
    expect(await s.interactions.get('i1')).toEqual(first);
    expect(await s.interactions.get('ghost')).toBeNull();
    await expect(s.interactions.add(interaction({ id: 'i1' }), [loggedEvent('e2', first)])).rejects.toMatchObject({
      code: 'conflict'
    });
    expect((await log()).map((e) => e.id)).toEqual(['e1']);
    expect((await log())[0]).toMatchObject({
      type: 'interaction.logged',
      dossierId: 'd1',
      data: { item: item(first) }
    });
  });

  it('IS2 a correction keeps the earlier text; several keep the whole chain; unknown resolves null', async () => {
    const s = store();
    const original = interaction({ id: 'i1', summary: 'Kunde will 10 Paletten' });
    await s.interactions.add(original, []);
    const once = await s.interactions.correct(
      'i1',
      { summary: 'Kunde will 12 Paletten', contactName: null },
      'u2',
      5_000,
      [correctedEvent('c1', original)]
    );
    expect(once).toMatchObject({
      summary: 'Kunde will 12 Paletten',
      contactName: null,
      pointOfSale: 'call_centre',
      corrections: [{ byId: 'u2', at: 5_000, previousSummary: 'Kunde will 10 Paletten' }]
    });
    const twice = await s.interactions.correct(
      'i1',
      { at: 900, pointOfSale: 'shop', direction: null },
      'u3',
      6_000,
      []
    );
    expect(twice?.corrections).toEqual([
      { byId: 'u2', at: 5_000, previousSummary: 'Kunde will 10 Paletten' },
      { byId: 'u3', at: 6_000, previousSummary: 'Kunde will 12 Paletten' }
    ]);
    expect(await s.interactions.get('i1')).toEqual(twice);
    expect(twice).toMatchObject({ at: 900, pointOfSale: 'shop', direction: null, authorId: 'u1', createdAt: 2_000 });
    expect(await s.interactions.correct('ghost', { summary: 'x' }, 'u2', 7_000, [correctedEvent('c9', original)])).toBe(
      null
    );
    expect((await log()).map((e) => e.id)).toEqual(['c1']);
  });

  it('IS3 IS4 paging over 3000 entries visits each exactly once, newest first, with filters', async () => {
    const random = seededRandom(42);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    // Few distinct times, so many entries share `at` and the id tie-break is exercised.
    const all = Array.from({ length: 3000 }, (_, i) =>
      interaction({
        id: `i${String(Math.floor(random() * 1e9)).padStart(9, '0')}${i}`,
        dossierId: i % 10 === 0 ? 'other' : 'd1',
        at: Math.floor(random() * 200) * 1000,
        type: pick(INTERACTION_TYPES),
        pointOfSale: pick(POINTS_OF_SALE)
      })
    );
    for (const i of all) await store().interactions.add(i, []);
    const expected = (keep: (i: Interaction) => boolean) =>
      all
        .filter((i) => i.dossierId === 'd1' && keep(i))
        .sort(timelineOrder)
        .map((i) => i.id);
    const ids = (list: Interaction[]) => list.map((i) => i.id);

    expect(ids(await pageAll(store, 'd1', { limit: 37 }))).toEqual(expected(() => true));
    expect(ids(await pageAll(store, 'd1', { limit: 50, type: 'complaint' }))).toEqual(
      expected((i) => i.type === 'complaint')
    );
    expect(ids(await pageAll(store, 'd1', { limit: 13, type: 'order', pointOfSale: 'shop' }))).toEqual(
      expected((i) => i.type === 'order' && i.pointOfSale === 'shop')
    );
    expect(await store().interactions.page('nobody', { limit: 5 })).toEqual({ items: [], nextCursor: null });
    await expect(store().interactions.page('d1', { limit: 5, cursor: 'not a cursor' })).rejects.toMatchObject({
      code: 'invalid'
    });
  });

  it('IS5 change and event commit together: an event that cannot be written undoes the change', async () => {
    const s = store();
    const original = interaction({ id: 'i1', summary: 'vorher' });
    await s.interactions.add(original, [loggedEvent('taken', original)]);
    await expect(s.interactions.add(interaction({ id: 'i2' }), [loggedEvent('taken', original)])).rejects.toThrow();
    expect(await s.interactions.get('i2')).toBeNull();
    await expect(
      s.interactions.correct('i1', { summary: 'nachher' }, 'u2', 5_000, [correctedEvent('taken', original)])
    ).rejects.toThrow();
    expect(await s.interactions.get('i1')).toEqual(original);
    expect((await log()).map((e) => e.id)).toEqual(['taken']);
  });

  it('AS7 listForDossier pages one dossier’s events of the given types by (at desc, id desc)', async () => {
    const restored = (id: string, dossierId: string, at: number): NewEvent<'dossier.restored'> => ({
      id,
      type: 'dossier.restored',
      at,
      actorId: 'u1',
      onBehalfOfId: null,
      teamId: 't1',
      dossierId,
      data: { versionId: `v-${id}`, restoredFrom: 'v0' }
    });
    const random = seededRandom(7);
    const events: NewEvent[] = Array.from({ length: 500 }, (_, i) =>
      i % 7 === 0
        ? loggedEvent(`e${i}`, interaction({ id: `x${i}` }))
        : restored(
            `e${String(Math.floor(random() * 1e6)).padStart(6, '0')}-${i}`,
            i % 5 === 0 ? 'd2' : 'd1',
            Math.floor(random() * 40) * 10
          )
    );
    await store().activity.append(events);
    const expected = events
      .filter((e) => e.type === 'dossier.restored' && e.dossierId === 'd1')
      .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
      .map((e) => e.id);
    const seen: StoredEvent[] = [];
    for (;;) {
      const last = seen.at(-1);
      const page = await store().activity.listForDossier('d1', {
        types: ['dossier.restored'],
        before: last ? { at: last.at, id: last.id } : undefined,
        limit: 23
      });
      seen.push(...page);
      if (page.length < 23) break;
    }
    expect(seen.map((e) => e.id)).toEqual(expected);
    expect(seen[0]).toMatchObject({ type: 'dossier.restored', seq: expect.any(Number) });
    expect(await store().activity.listForDossier('d1', { types: [], limit: 10 })).toEqual([]);
  });

  it('IS6 addMany inserts a batch without events, or none of it when one id conflicts', async () => {
    const s = store();
    await s.interactions.addMany([interaction({ id: 'i1', at: 1_000 }), interaction({ id: 'i2', at: 2_000 })]);
    expect((await s.interactions.page('d1', { limit: 10 })).items.map((i) => i.id)).toEqual(['i2', 'i1']);
    expect(await s.interactions.get('i2')).toEqual(interaction({ id: 'i2', at: 2_000 }));
    await expect(
      s.interactions.addMany([interaction({ id: 'i3' }), interaction({ id: 'i1' }), interaction({ id: 'i4' })])
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await s.interactions.get('i3')).toBeNull();
    expect(await s.interactions.get('i4')).toBeNull();
    await expect(s.interactions.addMany([])).resolves.toBeUndefined();
    expect(await log()).toEqual([]);
  });

  it('IS7 lastAt gives the newest at per listed dossier with interactions', async () => {
    const s = store();
    await s.interactions.addMany([
      interaction({ id: 'i1', dossierId: 'd1', at: 1_000 }),
      interaction({ id: 'i2', dossierId: 'd1', at: 3_000 }),
      interaction({ id: 'i3', dossierId: 'd2', at: 2_000 }),
      interaction({ id: 'i4', dossierId: 'd3', at: 9_000 })
    ]);
    expect(await s.interactions.lastAt(['d1', 'd2', 'd9'])).toEqual(
      new Map([
        ['d1', 3_000],
        ['d2', 2_000]
      ])
    );
    expect(await s.interactions.lastAt([])).toEqual(new Map());
  });
}
