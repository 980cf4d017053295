import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  OffboardingDTO,
  OffboardingItemDTO,
  OffboardingRefusalDTO,
  TimelineItemDTO,
  UserSummaryDTO
} from '../../src/lib/contract';
import { api, login, rawYjsSocket, socketClient, type TestSocket } from '../helpers/clients';
import { startCastServer } from '../helpers/demo-cast';

type Ctx = Awaited<ReturnType<typeof startCastServer>>;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Offboarding over real HTTP, Socket.io and Yjs: Jörg-like rep A1 leaves; rep A2 is his default deputy.
 * He owns dossiers, stands in on one of A2's, is key-account manager on one, deputises for a colleague, has an
 * open callback and a ticket, and logged a call (history that must stay attributed).
 */
describe('offboarding a colleague', () => {
  let ctx: Ctx;
  let adminCookie: string;
  let leaving: { id: string; name: string; email: string };
  let owned: string[];
  let standInOn: string;
  let kamOn: string;
  let colleague: { id: string };
  const sockets: TestSocket[] = [];
  const asAdmin = <T>(path: string, options: { method?: string; body?: unknown } = {}) =>
    api<T>(ctx.server.url, path, { ...options, cookie: adminCookie });

  beforeAll(async () => {
    ctx = await startCastServer({ demoDossiers: 16, demoHistory: false });
    const { cast, server } = ctx;
    const store = server.app.store;
    adminCookie = await login(server.url, cast.admin.email, cast.password);
    leaving = cast.repA1;
    const repsA = server.demo.users.filter((u) => u.role === 'rep' && u.teamIds.includes(cast.teamA.id));
    colleague = repsA[2];
    await store.users.setDeputy({ userId: leaving.id, deputyId: cast.repA2.id, events: [] });
    await store.users.setDeputy({ userId: colleague.id, deputyId: leaving.id, events: [] });

    const create = async (company: string, ownerId: string) => {
      const res = await asAdmin<{ id: string }>('/api/dossiers', {
        method: 'POST',
        body: { company, teamId: cast.teamA.id, ownerId }
      });
      expect(res.status).toBe(201);
      return res.body.id;
    };
    owned = (await store.dossiers.listHeldBy(leaving.id)).filter((d) => d.ownerId === leaving.id).map((d) => d.id);
    owned.push(await create('Abschied Metallbau GmbH', leaving.id), await create('Letzter Auftrag KG', leaving.id));
    standInOn = await create('Vertretung Bäckerei', cast.repA2.id);
    kamOn = await create('Schlüsselkunde AG', colleague.id);
    const patch = (id: string, body: unknown) => asAdmin(`/api/dossiers/${id}`, { method: 'PATCH', body });
    expect((await patch(standInOn, { standInIds: [leaving.id] })).status).toBe(200);
    expect((await patch(kamOn, { keyAccountManagerId: leaving.id })).status).toBe(200);

    const due = iso(Date.now() + 86_400_000);
    const task = await asAdmin('/api/tasks', {
      method: 'POST',
      body: {
        dossierId: owned[0],
        kind: 'callback',
        title: 'Call back about the offer',
        dueAt: due,
        assigneeId: leaving.id
      }
    });
    expect(task.status).toBe(201);
    // A complaint he logs on his dossier opens a ticket assigned to its owner (him), and stays on the timeline.
    const complaint = await api(server.url, `/api/dossiers/${owned[0]}/interactions`, {
      method: 'POST',
      cookie: ctx.cookieA1,
      body: { type: 'complaint', pointOfSale: 'call_centre', direction: 'inbound', summary: 'Delivery late again' }
    });
    expect(complaint.status).toBe(201);
  });

  afterAll(async () => {
    for (const s of sockets.splice(0)) s.close();
    await ctx?.server.close();
  });

  const kindsOf = (items: OffboardingItemDTO[]) => [...new Set(items.map((i) => i.kind))].sort();

  it('only admins may see or finish an offboarding', async () => {
    const path = `/api/users/${leaving.id}/offboarding`;
    expect((await api(ctx.server.url, path, { cookie: ctx.cookieA2 })).status).toBe(403);
    expect((await api(ctx.server.url, path, { method: 'POST', cookie: ctx.cookieA2, body: {} })).status).toBe(403);
    expect((await asAdmin('/api/users/nobody-here/offboarding')).status).toBe(404);
  });

  it('GET lists every kind of thing the user holds, with the deputy as suggestion where he may take it', async () => {
    const res = await asAdmin<OffboardingDTO>(`/api/users/${leaving.id}/offboarding`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      userId: leaving.id,
      userName: leaving.name,
      active: true,
      deputyId: ctx.cast.repA2.id
    });
    expect(kindsOf(res.body.items)).toEqual(['deputy', 'dossier', 'key_account', 'stand_in', 'task', 'ticket']);
    expect(
      res.body.items
        .filter((i) => i.kind === 'dossier')
        .map((i) => i.id)
        .sort()
    ).toEqual([...owned].sort());
    // The deputy owns the dossier he stands in on: nobody suggested there.
    expect(res.body.items.find((i) => i.kind === 'stand_in')).toMatchObject({ id: standInOn, suggestedToId: null });
    expect(res.body.items.find((i) => i.kind === 'dossier')!.suggestedToId).toBe(ctx.cast.repA2.id);
  });

  it('POST without assignments or rule answers 409 listing everything, and changes nothing', async () => {
    const before = await asAdmin<OffboardingDTO>(`/api/users/${leaving.id}/offboarding`);
    const res = await asAdmin<{ error: { code: string; details: OffboardingRefusalDTO } }>(
      `/api/users/${leaving.id}/offboarding`,
      { method: 'POST', body: {} }
    );
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.error.details.unassigned.map((i) => `${i.kind}:${i.id}`).sort()).toEqual(
      before.body.items.map((i) => `${i.kind}:${i.id}`).sort()
    );
    // The deputy rule alone still leaves the stand-in role on the deputy's own dossier: 409 naming only that.
    const partly = await asAdmin<{ error: { details: OffboardingRefusalDTO } }>(
      `/api/users/${leaving.id}/offboarding`,
      {
        method: 'POST',
        body: { rule: 'deputy' }
      }
    );
    expect(partly.status).toBe(409);
    expect(partly.body.error.details.unassigned.map((i) => `${i.kind}:${i.id}`)).toEqual([`stand_in:${standInOn}`]);
    const after = await asAdmin<OffboardingDTO>(`/api/users/${leaving.id}/offboarding`);
    expect(after.body).toEqual(before.body);
    expect(await login(ctx.server.url, leaving.email, ctx.cast.password)).toMatch(/=/);
  });

  it('POST with an assignment nobody may take answers 400 with the reason', async () => {
    const res = await asAdmin<{ error: { details: OffboardingRefusalDTO } }>(`/api/users/${leaving.id}/offboarding`, {
      method: 'POST',
      body: { rule: 'deputy', assignments: [{ kind: 'stand_in', id: standInOn, toUserId: ctx.cast.repB.id }] }
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.invalid).toEqual([
      { kind: 'stand_in', id: standInOn, toUserId: ctx.cast.repB.id, reason: 'not a member of the team' }
    ]);
  });

  it('POST with the deputy rule and the rest assigned deactivates him, ends his connections, orphans nothing', async () => {
    const { server, cast } = ctx;
    const store = server.app.store;
    const socket = await socketClient(server.url, ctx.cookieA1);
    sockets.push(socket);
    const closing = new Promise<{ code: string; message: string }>((r) => socket.once('connection:closing', r));
    const disconnected = new Promise<string>((r) => socket.once('disconnect', r));
    const yjs = rawYjsSocket(server.url, owned[0], { cookie: ctx.cookieA1 });
    await yjs.opened;

    const res = await asAdmin(`/api/users/${leaving.id}/offboarding`, {
      method: 'POST',
      body: {
        rule: 'deputy',
        note: 'Jörg leaves us at the end of the month',
        assignments: [{ kind: 'stand_in', id: standInOn, toUserId: colleague.id }]
      }
    });
    expect(res.status).toBe(200);
    expect(res.body.moved.length).toBeGreaterThanOrEqual(owned.length + 4);

    expect(await closing).toEqual({ code: 'unauthenticated', message: 'account deactivated' });
    expect(await disconnected).toBe('io server disconnect');
    expect(await yjs.closed).toEqual({ code: 4401, reason: 'account deactivated' });

    // Deactivated, sessions gone, login refused with a clear message.
    expect((await store.users.getUser(leaving.id))!.deactivatedAt).not.toBeNull();
    expect((await api(server.url, '/api/session', { cookie: ctx.cookieA1 })).status).toBe(401);
    const relogin = await api(server.url, '/api/session', {
      method: 'POST',
      body: { email: leaving.email, password: cast.password }
    });
    expect(relogin.status).toBe(401);
    expect(relogin.body.error.message).toMatch(/deactivated/);

    // Owned dossiers belong to the deputy now; the stand-in role went to the colleague.
    for (const id of owned) expect((await store.dossiers.get(id))!.ownerId).toBe(cast.repA2.id);
    expect((await store.dossiers.get(standInOn))!.standInIds).toEqual([colleague.id]);
    expect((await store.users.getUser(colleague.id))!.deputyId).toBe(cast.repA2.id);

    // Nothing references him any more, in any store.
    expect(await store.dossiers.listHeldBy(leaving.id)).toEqual([]);
    const open = await store.tasks.list({
      teamIds: 'all',
      assigneeId: leaving.id,
      statuses: ['open', 'in_progress'],
      limit: 100
    });
    expect(open.items).toEqual([]);
    const users = await store.users.listUsers({ includeDeactivated: true });
    expect(users.filter((u) => u.deputyId === leaving.id)).toEqual([]);
    const left = await asAdmin<OffboardingDTO>(`/api/users/${leaving.id}/offboarding`);
    expect(left.body).toMatchObject({ active: false, items: [] });

    // History stays attributed: his complaint is still his on the timeline, and the list marks him inactive.
    const timeline = await api<{ items: TimelineItemDTO[] }>(server.url, `/api/dossiers/${owned[0]}/timeline`, {
      cookie: ctx.cookieA2
    });
    const complaint = timeline.body.items.find((i) => i.kind === 'interaction' && i.type === 'complaint');
    expect(complaint).toMatchObject({ authorId: leaving.id, authorName: leaving.name });
    const list = await asAdmin<{ items: UserSummaryDTO[] }>('/api/users');
    expect(list.body.items.find((u) => u.id === leaving.id)).toMatchObject({ active: false });
    expect(list.body.items.find((u) => u.id === cast.repA2.id)).toMatchObject({ active: true });

    // A deactivated colleague cannot be given work.
    const assign = await asAdmin('/api/tasks', {
      method: 'POST',
      body: {
        dossierId: owned[0],
        kind: 'task',
        title: 'x',
        dueAt: iso(Date.now() + 3_600_000),
        assigneeId: leaving.id
      }
    });
    expect(assign.status).toBe(400);
  });

  it('a second POST after it finished is harmless (a retry after a crash)', async () => {
    const res = await asAdmin(`/api/users/${leaving.id}/offboarding`, { method: 'POST', body: { rule: 'deputy' } });
    expect(res.status).toBe(200);
    expect(res.body.moved).toEqual([]);
  });

  it('an admin cannot offboard themself', async () => {
    const res = await asAdmin(`/api/users/${ctx.cast.admin.id}/offboarding`, { method: 'POST', body: {} });
    expect(res.status).toBe(400);
  });
});
