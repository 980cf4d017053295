import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DossierDTO, SavedListDTO, TagCountDTO, TimelineItemDTO } from '../../src/lib/contract';
import { api, login } from '../helpers/clients';
import { startCastServer, type DemoCast } from '../helpers/demo-cast';
import { manualClock, type TestServer } from '../helpers/start-test-server';

let server: TestServer;
let cast: DemoCast;
let cookieA1: string, cookieA2: string, cookieB: string, cookieManagerA: string, cookieManagerB: string;
const clock = manualClock();

beforeAll(async () => {
  ({ server, cast, cookieA1, cookieA2, cookieB } = await startCastServer({ clock }));
  const managerOf = (teamId: string) =>
    server.demo.company.users.find((u) => u.role === 'manager' && u.teamIds.includes(teamId))!;
  cookieManagerA = await login(server.url, managerOf(cast.teamA.id).email, cast.password);
  cookieManagerB = await login(server.url, managerOf(cast.teamB.id).email, cast.password);
});
afterAll(async () => {
  await server?.close();
});

async function create(cookie: string, company: string, extra: Record<string, unknown> = {}): Promise<DossierDTO> {
  const res = await api<DossierDTO>(server.url, '/api/dossiers', {
    method: 'POST',
    cookie,
    body: { company, stage: 'prospect', ...extra }
  });
  expect(res.status).toBe(201);
  return res.body;
}
const tags = async (cookie: string, prefix: string) =>
  (await api<{ items: TagCountDTO[] }>(server.url, `/api/tags?prefix=${encodeURIComponent(prefix)}`, { cookie })).body
    .items;

describe('tags', () => {
  it('suggests existing tags by prefix with counts, only from dossiers the caller may list', async () => {
    await create(cookieA1, 'Zahnrad Eins GmbH', { tags: ['zz-newsletter: maschinenbau'] });
    await create(cookieA1, 'Zahnrad Zwei GmbH', { tags: ['zz-newsletter: maschinenbau', 'zz-premium'] });
    await create(cookieB, 'Fremdteam AG', { tags: ['zz-newsletter: b only'] });
    expect(await tags(cookieA2, 'ZZ-')).toEqual([
      { tag: 'zz-newsletter: maschinenbau', count: 2 },
      { tag: 'zz-premium', count: 1 }
    ]);
    expect((await tags(cookieB, 'zz-')).map((t) => t.tag)).toEqual(['zz-newsletter: b only']);
  });

  it('PATCH with new tags writes dossier.tags_changed onto the dossier timeline', async () => {
    const d = await create(cookieA1, 'Etikett KG', { tags: ['alt'] });
    clock.advance(1000);
    const res = await api(server.url, `/api/dossiers/${d.id}`, {
      method: 'PATCH',
      cookie: cookieA1,
      body: { tags: ['neu'] }
    });
    expect(res.status).toBe(200);
    const timeline = await api<{ items: TimelineItemDTO[] }>(server.url, `/api/dossiers/${d.id}/timeline`, {
      cookie: cookieA2
    });
    const entry = timeline.body.items.find((i) => i.type === 'tags_changed');
    expect(entry?.details).toEqual({ tagsAdded: ['neu'], tagsRemoved: ['alt'] });
  });

  it('only managers rename; a rename merges into an existing tag and stays within the manager’s teams', async () => {
    const one = await create(cookieA1, 'Umbenenn Eins', { tags: ['yy-kunde'] });
    const both = await create(cookieA1, 'Umbenenn Zwei', { tags: ['yy-kunde', 'yy-customer'] });
    const other = await create(cookieB, 'Umbenenn Fremd', { tags: ['yy-kunde'] });
    const rename = (cookie: string) =>
      api(server.url, '/api/tags/rename', { method: 'POST', cookie, body: { from: 'yy-kunde', to: 'yy-customer' } });
    expect((await rename(cookieA1)).status).toBe(403);
    const res = await rename(cookieManagerA);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ changed: 2, merged: true });
    const tagsOf = async (id: string, cookie: string) =>
      (await api<DossierDTO>(server.url, `/api/dossiers/${id}`, { cookie })).body.tags;
    expect(await tagsOf(one.id, cookieA1)).toEqual(['yy-customer']);
    expect(await tagsOf(both.id, cookieA1)).toEqual(['yy-customer']);
    // Team B's dossier is not the team-A manager's to change.
    expect(await tagsOf(other.id, cookieB)).toEqual(['yy-kunde']);
    expect(await tags(cookieA1, 'yy-')).toEqual([{ tag: 'yy-customer', count: 2 }]);
    expect((await rename(cookieManagerB)).body).toEqual({ changed: 1, merged: false });
  });

  it('rejects a rename to the same tag and malformed input with 400', async () => {
    const same = await api(server.url, '/api/tags/rename', {
      method: 'POST',
      cookie: cookieManagerA,
      body: { from: 'x', to: 'x' }
    });
    expect(same.status).toBe(400);
    const bad = await api(server.url, '/api/tags/rename', {
      method: 'POST',
      cookie: cookieManagerA,
      body: { from: '' }
    });
    expect(bad.status).toBe(400);
  });
});

describe('saved lists', () => {
  it('counts with filters, pages the dossiers, and keeps private lists private while shared ones reach the team', async () => {
    for (let i = 0; i < 5; i++) {
      await create(cookieA1, `Listenwerk ${i}`, {
        tags: ['ll-target'],
        city: i < 3 ? 'Köln' : 'Bonn',
        industry: 'Druck'
      });
    }
    await create(cookieB, 'Listenwerk B', { tags: ['ll-target'], city: 'Köln', industry: 'Druck' });
    const filter = { tag: 'll-target', city: 'Köln', industry: 'druck' };
    const mine = await api<SavedListDTO>(server.url, '/api/lists', {
      method: 'POST',
      cookie: cookieA1,
      body: { name: 'Köln Druck', filter }
    });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ count: 3, visibility: 'private', mine: true });
    // Private: a teammate does not see it, not even by id.
    expect((await api(server.url, `/api/lists/${mine.body.id}`, { cookie: cookieA2 })).status).toBe(404);
    const shared = await api<SavedListDTO>(server.url, '/api/lists', {
      method: 'POST',
      cookie: cookieA1,
      body: { name: 'Alle Ziele', filter: { tag: 'll-target' }, visibility: 'team' }
    });
    const seenByA2 = await api<{ items: SavedListDTO[] }>(server.url, '/api/lists', { cookie: cookieA2 });
    expect(seenByA2.body.items.map((l) => [l.name, l.count, l.mine])).toEqual([['Alle Ziele', 5, false]]);
    // Team B sees neither list; a team-B rep's own list counts only team B's dossiers.
    expect((await api(server.url, `/api/lists/${shared.body.id}/dossiers`, { cookie: cookieB })).status).toBe(404);
    const countB = await api(server.url, '/api/segments/count?tag=ll-target', { cookie: cookieB });
    expect(countB.body).toEqual({ count: 1 });
    // Only the creator changes it.
    expect(
      (
        await api(server.url, `/api/lists/${shared.body.id}`, {
          method: 'PATCH',
          cookie: cookieA2,
          body: { name: 'x' }
        })
      ).status
    ).toBe(403);

    const first = await api(server.url, `/api/lists/${shared.body.id}/dossiers?limit=2`, { cookie: cookieA2 });
    expect(first.body.items.map((d: DossierDTO) => d.company)).toEqual(['Listenwerk 0', 'Listenwerk 1']);
    const rest = await api(
      server.url,
      `/api/lists/${shared.body.id}/dossiers?limit=10&cursor=${first.body.nextCursor}`,
      { cookie: cookieA2 }
    );
    expect(rest.body.items.map((d: DossierDTO) => d.company)).toEqual(['Listenwerk 2', 'Listenwerk 3', 'Listenwerk 4']);
    expect(rest.body.nextCursor).toBeNull();
    expect((await api(server.url, `/api/lists/${shared.body.id}/count`, { cookie: cookieA2 })).body).toEqual({
      count: 5
    });
  });

  it('filters by last contact and revenue band from the timeline', async () => {
    const ordered = await create(cookieA1, 'Umsatz Groß', { tags: ['rr'] });
    const quiet = await create(cookieA1, 'Umsatz Still', { tags: ['rr'] });
    const log = (id: string, body: Record<string, unknown>) =>
      api(server.url, `/api/dossiers/${id}/interactions`, { method: 'POST', cookie: cookieA1, body });
    expect(
      (await log(ordered.id, { type: 'order', pointOfSale: 'field_sales', summary: 'Großauftrag', amount: 60000 }))
        .status
    ).toBe(201);
    const count = async (query: string) =>
      (await api(server.url, `/api/segments/count?tag=rr&${query}`, { cookie: cookieA1 })).body.count;
    expect(await count('revenueBand=large')).toBe(1);
    expect(await count('revenueBand=none')).toBe(1);
    expect(await count('pointOfSale=field_sales')).toBe(1);
    const today = new Date(clock.now()).toISOString().slice(0, 10);
    expect(await count(`lastContactAfter=${today}`)).toBe(1);
    // Never contacted counts as "before any day".
    expect(await count(`lastContactBefore=${today}`)).toBe(1);
    expect(quiet.id).toBeTruthy();
    expect((await api(server.url, '/api/segments/count?revenueBand=huge', { cookie: cookieA1 })).status).toBe(400);
  });
});
