import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CreatedIntakeKeyDTO, IntakeKeyDTO, IntakeLeadResultDTO, TaskDTO } from '../../src/lib/contract';
import { api, login, socketClient, type TestSocket } from '../helpers/clients';
import { startCastServer } from '../helpers/demo-cast';
import { createFakeTime } from '../helpers/fake-time';

const MONDAY = Date.parse('2026-11-23T09:10:00Z'); // 10:10 in Berlin, inside working hours
const FOREIGN = 'https://forms.example.org';
// A small budget per key so the 429 test is quick; every other test uses its own key and stays below it.
const env = { SESSION_IDLE_MINUTES: '10080', INTAKE_LEADS_PER_MINUTE: '6', INTAKE_CALLBACK_WITHIN_MINUTES: '120' };

type Ctx = Awaited<ReturnType<typeof startCastServer>>;

/** A POST as a web form on another site sends it: foreign Origin, cross-site fetch, the key, no cookie. */
async function postLead(
  url: string,
  options: { key?: string; body: unknown; cookie?: string; origin?: string }
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    origin: options.origin ?? FOREIGN,
    'sec-fetch-site': 'cross-site'
  };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.cookie) headers.cookie = options.cookie;
  const res = await fetch(`${url}/api/intake/leads`, { method: 'POST', headers, body: JSON.stringify(options.body) });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

describe('lead intake over HTTP and Socket.io', () => {
  let ctx: Ctx;
  let managerCookie: string;
  let teamAId: string;
  let repsA: string[];
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, env });
    teamAId = ctx.cast.teamA.id;
    const users = ctx.server.demo.company.users;
    const manager = users.find((u) => u.role === 'manager' && u.teamIds.includes(teamAId))!;
    managerCookie = await login(ctx.server.url, manager.email, ctx.cast.password);
    repsA = users
      .filter((u) => u.role === 'rep' && u.teamIds.includes(teamAId))
      .map((u) => u.id)
      .sort();
  });
  afterAll(async () => {
    for (const s of sockets.splice(0)) s.close();
    await ctx?.server.close();
  });

  const newKey = async (teamId = teamAId, cookie = managerCookie) => {
    const res = await api<CreatedIntakeKeyDTO>(ctx.server.url, `/api/teams/${teamId}/intake-keys`, {
      method: 'POST',
      cookie,
      body: { label: 'Website' }
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const taskOf = async (taskId: string) => (await ctx.server.app.store.tasks.get(taskId))!;

  it('managers create, list and revoke keys; the key is shown once and only its prefix is listed', async () => {
    const created = await newKey();
    expect(created.key).toMatch(/^stk_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ teamId: teamAId, label: 'Website', prefix: created.key.slice(0, 8) });
    const list = await api<{ items: IntakeKeyDTO[] }>(ctx.server.url, `/api/teams/${teamAId}/intake-keys`, {
      cookie: managerCookie
    });
    expect(list.status).toBe(200);
    const listed = list.body.items.find((k) => k.id === created.id)!;
    expect(listed).toMatchObject({ prefix: created.prefix, revokedAt: null, createdByName: expect.any(String) });
    expect(JSON.stringify(list.body)).not.toContain(created.key);
    expect(JSON.stringify(list.body)).not.toContain('hash');
    // Stored as SHA-256 only.
    const stored = await ctx.server.app.store.intake.listKeys(teamAId);
    expect(JSON.stringify(stored)).not.toContain(created.key);

    const del = await api(ctx.server.url, `/api/teams/${teamAId}/intake-keys/${created.id}`, {
      method: 'DELETE',
      cookie: managerCookie
    });
    expect(del.status).toBe(204);
    const after = await api<{ items: IntakeKeyDTO[] }>(ctx.server.url, `/api/teams/${teamAId}/intake-keys`, {
      cookie: managerCookie
    });
    expect(after.body.items.find((k) => k.id === created.id)!.revokedAt).toBe(new Date(MONDAY).toISOString());
    const unknown = await api(ctx.server.url, `/api/teams/${teamAId}/intake-keys/nope`, {
      method: 'DELETE',
      cookie: managerCookie
    });
    expect(unknown.status).toBe(404);
  });

  it('reps and managers of other teams may not manage a team’s keys (403); admins may', async () => {
    const path = `/api/teams/${teamAId}/intake-keys`;
    expect((await api(ctx.server.url, path, { cookie: ctx.cookieA1 })).status).toBe(403);
    expect((await api(ctx.server.url, path, { method: 'POST', cookie: ctx.cookieA1, body: {} })).status).toBe(403);
    const key = await newKey();
    expect((await api(ctx.server.url, `${path}/${key.id}`, { method: 'DELETE', cookie: ctx.cookieA1 })).status).toBe(
      403
    );
    const users = ctx.server.demo.company.users;
    const managerB = users.find((u) => u.role === 'manager' && u.teamIds.includes(ctx.cast.teamB.id))!;
    const cookieMB = await login(ctx.server.url, managerB.email, ctx.cast.password);
    expect((await api(ctx.server.url, path, { cookie: cookieMB })).status).toBe(403);
    expect((await api(ctx.server.url, path, { method: 'POST', cookie: cookieMB, body: {} })).status).toBe(403);
    const cookieAdmin = await login(ctx.server.url, ctx.cast.admin.email, ctx.cast.password);
    expect((await api(ctx.server.url, path, { cookie: cookieAdmin })).status).toBe(200);
  });

  it('a cross-origin lead becomes a lead dossier, an inbound note and a callback the assignee sees live', async () => {
    const { key } = await newKey();
    // The next rep in turn is not known in advance (other tests take turns too): listen as every rep of A.
    const cookies = await Promise.all(
      repsA.map(async (id) => {
        const u = ctx.server.demo.company.users.find((x) => x.id === id)!;
        return login(ctx.server.url, u.email, ctx.cast.password);
      })
    );
    const pushes = new Map<string, TaskDTO[]>();
    for (const [i, cookie] of cookies.entries()) {
      const socket = await socketClient(ctx.server.url, cookie);
      sockets.push(socket);
      const got: TaskDTO[] = [];
      pushes.set(repsA[i], got);
      socket.on('task:changed', (p) => void got.push(p.task));
    }

    const res = await postLead(ctx.server.url, {
      key,
      body: {
        name: 'Jörg Müller',
        company: 'Bäckerei Weiß',
        email: 'Joerg@Baeckerei.example',
        phone: '+49 40 123456',
        interest: 'Ovens',
        source: 'website',
        campaign: 'spring-2026',
        message: 'Please call me back.'
      }
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const result = res.body as IntakeLeadResultDTO;
    expect(result).toMatchObject({ duplicate: false, dossierId: expect.any(String), taskId: expect.any(String) });

    const dossier = (await ctx.server.app.store.dossiers.get(result.dossierId))!;
    expect(dossier).toMatchObject({ stage: 'lead', company: 'Bäckerei Weiß', teamId: teamAId });
    expect(dossier.tags).toEqual(['website', 'spring-2026']);
    expect(repsA).toContain(dossier.ownerId);

    const task = await taskOf(result.taskId);
    expect(task).toMatchObject({ kind: 'callback', assigneeId: dossier.ownerId, dossierId: dossier.id });
    // 120 working minutes after 10:10 on a Monday: 12:10 Berlin.
    expect(task.dueAt).toBe(MONDAY + 120 * 60_000);

    const ownerCookie = cookies[repsA.indexOf(dossier.ownerId)];
    const timeline = await api(ctx.server.url, `/api/dossiers/${dossier.id}/timeline`, { cookie: ownerCookie });
    const note = timeline.body.items.find((i: { kind: string }) => i.kind === 'interaction');
    expect(note).toMatchObject({
      type: 'note',
      direction: 'inbound',
      pointOfSale: 'web_shop',
      contactName: 'Jörg Müller'
    });
    expect(note.summary).toContain('Please call me back.');
    expect(note.summary).toContain('joerg@baeckerei.example');
    const arrived = timeline.body.items.find((i: { type: string }) => i.type === 'lead_arrived');
    expect(arrived).toMatchObject({ kind: 'system', details: { source: 'website / spring-2026' } });
    expect(arrived.summary).toBe('Lead arrived via website / spring-2026');

    await vi.waitFor(() => expect(pushes.get(dossier.ownerId)!.map((t) => t.id)).toContain(result.taskId));
    for (const [rep, got] of pushes)
      if (rep !== dossier.ownerId) expect(got.map((t) => t.id)).not.toContain(result.taskId);

    // The same person again (other case, accents written out): the known dossier, its owner, no new dossier.
    const before = (
      await ctx.server.app.store.dossiers.list({ teamIds: [teamAId], q: 'weiss', sort: 'name', limit: 50 })
    ).items.length;
    const again = await postLead(ctx.server.url, {
      key,
      body: { name: 'Joerg Mueller', company: 'BAECKEREI WEISS', phone: '+49 40 999' }
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ dossierId: dossier.id, duplicate: true });
    expect(again.body.taskId).not.toBe(result.taskId);
    expect(await taskOf(again.body.taskId)).toMatchObject({ assigneeId: dossier.ownerId });
    const byMail = await postLead(ctx.server.url, { key, body: { name: 'J. M.', email: 'joerg@baeckerei.example' } });
    expect(byMail.status).toBe(200);
    expect(byMail.body).toMatchObject({ dossierId: dossier.id, duplicate: true });
    const afterCount = (
      await ctx.server.app.store.dossiers.list({ teamIds: [teamAId], q: 'weiss', sort: 'name', limit: 50 })
    ).items.length;
    expect(afterCount).toBe(before);
  });

  it('a missing, unknown or revoked key is 401; a malformed lead is 400 naming the field', async () => {
    const body = { name: 'Eva Roth', email: 'eva@example.org' };
    // Without a key a cross-origin write is not exempt from the guard (403); server to server it is 401.
    expect((await postLead(ctx.server.url, { body })).status).toBe(403);
    const bare = await api(ctx.server.url, '/api/intake/leads', { method: 'POST', body });
    expect(bare.status).toBe(401);
    expect(bare.body.error.message).toMatch(/Bearer/);
    expect((await postLead(ctx.server.url, { key: 'stk_not-a-key', body })).status).toBe(401);
    const revoked = await newKey();
    await api(ctx.server.url, `/api/teams/${teamAId}/intake-keys/${revoked.id}`, {
      method: 'DELETE',
      cookie: managerCookie
    });
    const refused = await postLead(ctx.server.url, { key: revoked.key, body });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('unauthenticated');

    const { key } = await newKey();
    const badMail = await postLead(ctx.server.url, { key, body: { name: 'Eva', email: 'not-an-address' } });
    expect(badMail.status).toBe(400);
    expect(badMail.body.error.message).toContain('email');
    const unreachable = await postLead(ctx.server.url, { key, body: { name: 'Eva' } });
    expect(unreachable.status).toBe(400);
    expect(unreachable.body.error.message).toMatch(/email or phone/);
    const badPhone = await postLead(ctx.server.url, { key, body: { name: 'Eva', phone: 'call me' } });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.message).toContain('phone');
    const extra = await postLead(ctx.server.url, { key, body: { ...body, admin: true } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toContain('admin');
  });

  it('more leads than the per-key budget in a minute are 429; another key has its own budget', async () => {
    const { key } = await newKey();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await postLead(ctx.server.url, { key, body: { name: `P${i}`, phone: `+49 1 ${i}00` } })).status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 201, 429]);
    const other = await newKey();
    expect((await postLead(ctx.server.url, { key: other.key, body: { name: 'Q', phone: '+49 2' } })).status).toBe(201);
  });

  it('new leads go round robin over the team’s reps in id order', async () => {
    const { key } = await newKey();
    const owners: string[] = [];
    for (let i = 0; i < repsA.length; i++) {
      const res = await postLead(ctx.server.url, { key, body: { name: `Round ${i}`, email: `round${i}@example.org` } });
      expect(res.status).toBe(201);
      owners.push((await taskOf(res.body.taskId)).assigneeId);
    }
    expect([...owners].sort()).toEqual(repsA);
    for (let i = 1; i < owners.length; i++) {
      expect(owners[i]).toBe(repsA[(repsA.indexOf(owners[i - 1]) + 1) % repsA.length]);
    }
  });

  it('cross-site guard: a foreign-origin write with a session cookie is refused, with or without a key', async () => {
    const { key } = await newKey();
    const body = { name: 'Cookie Carrier', email: 'cookie@example.org' };
    const noKey = await postLead(ctx.server.url, { cookie: ctx.cookieA1, body });
    expect(noKey.status).toBe(403);
    expect(noKey.body.error.message).toMatch(/cross-origin/);
    const both = await postLead(ctx.server.url, { key, cookie: ctx.cookieA1, body });
    expect(both.status).toBe(403);
    // Other paths get no Bearer exemption.
    const res = await fetch(`${ctx.server.url}/api/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: FOREIGN, authorization: `Bearer ${key}` },
      body: '{}'
    });
    expect(res.status).toBe(403);
    // The browser's preflight for the intake is answered for any origin.
    const preflight = await fetch(`${ctx.server.url}/api/intake/leads`, {
      method: 'OPTIONS',
      headers: {
        origin: FOREIGN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type'
      }
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });
});
