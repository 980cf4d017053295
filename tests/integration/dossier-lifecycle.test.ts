import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DossierDTO, DossierSummaryDTO, StageChangeDTO } from '../../src/lib/contract';
import { api, login, socketClient, type TestSocket } from '../helpers/clients';
import { startCastServer, type DemoCast } from '../helpers/demo-cast';
import { manualClock, type TestServer } from '../helpers/start-test-server';

let server: TestServer;
let cast: DemoCast;
let cookieA1: string, cookieA2: string, cookieB: string, cookieViewer: string;
const clock = manualClock();
let listener: TestSocket;
const pushed: DossierSummaryDTO[] = [];

beforeAll(async () => {
  ({ server, cast, cookieA1, cookieA2, cookieB } = await startCastServer({ clock }));
  cookieViewer = await login(server.url, cast.viewerA.email, cast.password);
  listener = await socketClient(server.url, cookieA2);
  listener.on('dossier:changed', (d) => pushed.push(d));
});
afterAll(async () => {
  listener?.close();
  await server?.close();
});

/** A fresh lead in team A, so every test starts from a known stage. */
async function newLead(company: string): Promise<DossierDTO> {
  const res = await api<DossierDTO>(server.url, '/api/dossiers', {
    method: 'POST',
    cookie: cookieA1,
    body: { company, stage: 'lead' }
  });
  expect(res.status).toBe(201);
  return res.body;
}
const move = (id: string, body: unknown, cookie = cookieA1) =>
  api(server.url, `/api/dossiers/${id}/stage`, { method: 'POST', cookie, body });
const history = async (id: string, cookie = cookieA2) =>
  (await api<{ items: StageChangeDTO[] }>(server.url, `/api/dossiers/${id}/stages`, { cookie })).body.items;
const patch = (id: string, body: unknown, cookie = cookieA1) =>
  api(server.url, `/api/dossiers/${id}`, { method: 'PATCH', cookie, body });

describe('POST /api/dossiers/:id/stage and GET /api/dossiers/:id/stages', () => {
  it('records moves with reason and actor, lists them newest first, and the teammate’s list hears each move', async () => {
    const d = await newLead('Stufenwerk GmbH');
    clock.advance(1000);
    const first = await move(d.id, { stage: 'prospect', reason: 'Angebot angefragt' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      dossierId: d.id,
      from: 'lead',
      to: 'prospect',
      reason: 'Angebot angefragt',
      byId: cast.repA1.id,
      byName: cast.repA1.name,
      at: new Date(clock.now()).toISOString()
    });
    clock.advance(1000);
    // L2: a move to lost needs a reason; a whitespace one is none.
    expect((await move(d.id, { stage: 'lost', reason: '  ' })).status).toBe(400);
    const lost = await move(d.id, { stage: 'lost', reason: 'Wettbewerber günstiger' });
    expect(lost.status).toBe(201);

    expect((await history(d.id)).map((c) => [c.from, c.to, c.reason])).toEqual([
      ['prospect', 'lost', 'Wettbewerber günstiger'],
      ['lead', 'prospect', 'Angebot angefragt']
    ]);
    const row = await api<DossierDTO>(server.url, `/api/dossiers/${d.id}`, { cookie: cookieA2 });
    expect(row.body).toMatchObject({ stage: 'lost', updatedAt: new Date(clock.now()).toISOString() });
    await vi.waitFor(
      () => expect(pushed.filter((p) => p.id === d.id).map((p) => p.stage)).toEqual(['lead', 'prospect', 'lost']),
      { timeout: 5000 }
    );
    const listed = await api(server.url, `/api/dossiers?stage=lost&q=stufenwerk`, { cookie: cookieA2 });
    expect(listed.body.items.map((i: DossierSummaryDTO) => i.id)).toEqual([d.id]);
  });

  it('an order logged on a prospect makes it a customer (L4, a system move), and a second order changes nothing', async () => {
    const d = await newLead('Erstauftrag AG');
    clock.advance(1000);
    expect((await move(d.id, { stage: 'prospect' })).status).toBe(201);
    clock.advance(1000);
    const order = { type: 'order', pointOfSale: 'field_sales', summary: 'Erstauftrag 20 Paletten', amount: 4800 };
    const logged = await api(server.url, `/api/dossiers/${d.id}/interactions`, {
      method: 'POST',
      cookie: cookieA1,
      body: order
    });
    expect(logged.status).toBe(201);
    const after = await history(d.id);
    expect(after[0]).toMatchObject({ from: 'prospect', to: 'customer', byId: null });
    clock.advance(1000);
    await api(server.url, `/api/dossiers/${d.id}/interactions`, { method: 'POST', cookie: cookieA1, body: order });
    expect(await history(d.id)).toHaveLength(after.length);
    const row = await api<DossierDTO>(server.url, `/api/dossiers/${d.id}`, { cookie: cookieA1 });
    expect(row.body.stage).toBe('customer');
  });

  it('answers 409 to a move chosen from a stage a colleague has changed meanwhile, and records nothing', async () => {
    const d = await newLead('Konflikt KG');
    expect((await move(d.id, { stage: 'prospect', from: 'lead' }, cookieA1)).status).toBe(201);
    const stale = await move(d.id, { stage: 'lost', from: 'lead', reason: 'kein Bedarf' }, cookieA2);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('conflict');
    expect((await history(d.id)).map((c) => c.to)).toEqual(['prospect']);
  });

  it('refuses other teams (403), read-only viewers (403 to move, 200 to read), unknown dossiers (404), bad stages (400)', async () => {
    const d = await newLead('Rechte AG');
    expect((await move(d.id, { stage: 'prospect' }, cookieB)).status).toBe(403);
    expect((await api(server.url, `/api/dossiers/${d.id}/stages`, { cookie: cookieB })).status).toBe(403);
    expect((await move(d.id, { stage: 'prospect' }, cookieViewer)).status).toBe(403);
    expect((await api(server.url, `/api/dossiers/${d.id}/stages`, { cookie: cookieViewer })).status).toBe(200);
    expect((await move('d-unknown-1', { stage: 'prospect' })).status).toBe(404);
    const bad = await move(d.id, { stage: 'vip' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/stage/);
    expect((await move(d.id, { stage: 'lead' })).status).toBe(400); // L1 already there
    expect((await move(d.id, { stage: 'prospect', extra: 1 })).status).toBe(400);
    expect(await history(d.id)).toEqual([]);
  });
});

describe('PATCH /api/dossiers/:id', () => {
  it('normalises tags, makes them searchable and filterable, and pushes the row to the team', async () => {
    const d = await newLead('Etikett OHG');
    clock.advance(1000);
    const res = await patch(d.id, { tags: [' Messe Hannover 2027 ', 'messe hannover 2027', 'Pilot'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: d.id, tags: ['Messe Hannover 2027', 'Pilot'], access: 'edit' });
    const search = await api(server.url, '/api/dossiers?q=hannover%202027', { cookie: cookieA2 });
    expect(search.body.items.map((i: DossierSummaryDTO) => i.id)).toEqual([d.id]);
    const byTag = await api(server.url, '/api/dossiers?tag=Pilot&q=etikett', { cookie: cookieA2 });
    expect(byTag.body.items.map((i: DossierSummaryDTO) => i.id)).toEqual([d.id]);
    await vi.waitFor(() => expect(pushed.find((p) => p.id === d.id && p.tags.includes('Pilot'))).toBeTruthy(), {
      timeout: 5000
    });
    expect((await patch(d.id, { tags: ['x'.repeat(41)] })).status).toBe(400);
    expect((await patch(d.id, { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })).status).toBe(400);
    expect((await patch(d.id, {})).status).toBe(400);
  });

  it('key-account manager and stand-ins must be team members; key_account needs the manager (L3, P2)', async () => {
    const d = await newLead('Schlüssel GmbH');
    await move(d.id, { stage: 'customer' });
    const created = await api(server.url, '/api/dossiers', {
      method: 'POST',
      cookie: cookieA1,
      body: { company: 'Gleich Key Account AG', stage: 'key_account' }
    });
    expect(created.status).toBe(400); // L3 at creation too: a new dossier has no manager yet
    const needsManager = await move(d.id, { stage: 'key_account' });
    expect(needsManager.status).toBe(400);
    expect(needsManager.body.error.message).toMatch(/key-account manager/);

    const outsider = await patch(d.id, { keyAccountManagerId: cast.repB.id });
    expect(outsider.status).toBe(400);
    expect(outsider.body.error.message).toMatch(/member/);
    expect((await patch(d.id, { standInIds: [cast.repB.id] })).status).toBe(400);

    const ok = await patch(d.id, { keyAccountManagerId: cast.repA2.id, standInIds: [cast.repA2.id] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ keyAccountManagerId: cast.repA2.id, standInIds: [cast.repA2.id] });
    expect((await move(d.id, { stage: 'key_account' })).status).toBe(201);
    // L5: the manager of a key account cannot be cleared.
    expect((await patch(d.id, { keyAccountManagerId: null })).status).toBe(400);
    const row = await api<DossierDTO>(server.url, `/api/dossiers/${d.id}`, { cookie: cookieA2 });
    expect(row.body).toMatchObject({ stage: 'key_account', keyAccountManagerId: cast.repA2.id });
  });

  it('refuses other teams and read-only viewers with 403 and changes nothing', async () => {
    const d = await newLead('Fremd KG');
    expect((await patch(d.id, { tags: ['x'] }, cookieB)).status).toBe(403);
    expect((await patch(d.id, { tags: ['x'] }, cookieViewer)).status).toBe(403);
    const row = await api<DossierDTO>(server.url, `/api/dossiers/${d.id}`, { cookie: cookieA1 });
    expect(row.body.tags).toEqual([]);
  });
});
