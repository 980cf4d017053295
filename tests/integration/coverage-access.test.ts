import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CreatedIntakeKeyDTO, DossierDTO, TaskDTO } from '../../src/lib/contract';
import { api, emitWithAck, login, rawYjsSocket, socketClient, type TestSocket } from '../helpers/clients';
import { startCastServer } from '../helpers/demo-cast';

type Ctx = Awaited<ReturnType<typeof startCastServer>>;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Issue #9 "Permissions follow coverage": a rep of team B covers a team-A colleague's dossiers (the absence's
 * hand-to). Their Yjs connection to such a dossier is refused before the absence, accepted during it, and
 * closed with 4403 at once when the absence ends; a lead for the absent owner lands on the stand-in's tasks.
 */
describe('access follows coverage (live)', () => {
  let ctx: Ctx;
  let ownerCookie: string;
  let ownerId: string;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    ctx = await startCastServer({ demoHistory: false, demoDossiers: 12 });
    ownerId = ctx.cast.dossierA.ownerId;
    const owner = ctx.server.demo.users.find((u) => u.id === ownerId)!;
    ownerCookie = await login(ctx.server.url, owner.email, ctx.cast.password);
  });
  afterAll(async () => {
    for (const s of sockets.splice(0)) s.close();
    await ctx?.server.close();
  });

  const recordAbsence = async () => {
    const res = await api<{ id: string }>(ctx.server.url, '/api/absences', {
      method: 'POST',
      cookie: ownerCookie,
      body: { userId: ownerId, kind: 'illness', to: iso(Date.now() + 8 * HOUR), handToId: ctx.cast.repB.id }
    });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const endAbsence = async (id: string) => {
    const res = await api(ctx.server.url, `/api/absences/${id}/end`, { method: 'POST', cookie: ownerCookie });
    expect(res.status).toBe(200);
  };

  it('the stand-in of another team: 4403 before, accepted during, closed with 4403 within 1 s when it ends', async () => {
    const dossierId = ctx.cast.dossierA.id;
    const before = rawYjsSocket(ctx.server.url, dossierId, { cookie: ctx.cookieB });
    expect(await before.closed).toMatchObject({ code: 4403 });

    const absenceId = await recordAbsence();
    const detail = await api<DossierDTO>(ctx.server.url, `/api/dossiers/${dossierId}`, { cookie: ctx.cookieB });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      access: 'edit',
      actingOwnerId: ctx.cast.repB.id,
      coverage: { forUserId: ownerId, reason: 'illness', via: 'hand_to', gap: false }
    });

    const during = rawYjsSocket(ctx.server.url, dossierId, { cookie: ctx.cookieB });
    await during.opened;
    // The Socket.io watch of the same dossier is allowed too, and left when the coverage ends.
    const socket = await socketClient(ctx.server.url, ctx.cookieB);
    sockets.push(socket);
    const lost: string[] = [];
    socket.on('dossier:access_lost', (p) => lost.push(p.dossierId));
    expect(await emitWithAck(socket, 'dossier:watch', { dossierId })).toMatchObject({ ok: true });
    // F1: the covered dossier's team pushes reach the stand-in of the other team (their user room).
    const changed: string[] = [];
    socket.on('dossier:changed', (row) => changed.push(row.id));
    const tagged = await api(ctx.server.url, `/api/dossiers/${dossierId}`, {
      method: 'PATCH',
      cookie: ctx.cookieA1,
      body: { tags: ['covered'] }
    });
    expect(tagged.status).toBe(200);
    await vi.waitFor(() => expect(changed).toContain(dossierId), { timeout: 1_000 });
    let closedAt = 0;
    const closed = during.closed.then((c) => ((closedAt = Date.now()), c));

    const endedAt = Date.now();
    await endAbsence(absenceId);
    expect(await closed).toMatchObject({ code: 4403 });
    expect(closedAt - endedAt).toBeLessThan(1_000);
    await vi.waitFor(() => expect(lost).toEqual([dossierId]), { timeout: 1_000 });
    const after = await api(ctx.server.url, `/api/dossiers/${dossierId}`, { cookie: ctx.cookieB });
    expect(after.status).toBe(403);
  });

  it('a lead for an absent owner’s known dossier lands on the acting owner’s task list', async () => {
    const teamAId = ctx.cast.teamA.id;
    const manager = ctx.server.demo.users.find((u) => u.role === 'manager' && u.teamIds.includes(teamAId))!;
    const managerCookie = await login(ctx.server.url, manager.email, ctx.cast.password);
    const key = await api<CreatedIntakeKeyDTO>(ctx.server.url, `/api/teams/${teamAId}/intake-keys`, {
      method: 'POST',
      cookie: managerCookie,
      body: { label: 'Website' }
    });
    const postLead = (body: unknown) =>
      fetch(`${ctx.server.url}/api/intake/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key.body.key}` },
        body: JSON.stringify(body)
      }).then((r) => r.json() as Promise<{ dossierId: string; taskId: string }>);
    const lead = { name: 'Eva Roth', company: 'Roth KG', email: 'eva@roth.example' };
    const first = await postLead(lead);
    const leadOwner = (await ctx.server.app.store.dossiers.get(first.dossierId))!.ownerId;
    const leadOwnerUser = ctx.server.demo.users.find((u) => u.id === leadOwner)!;
    const leadOwnerCookie = await login(ctx.server.url, leadOwnerUser.email, ctx.cast.password);
    const absence = await api(ctx.server.url, '/api/absences', {
      method: 'POST',
      cookie: leadOwnerCookie,
      body: { userId: leadOwner, kind: 'vacation', to: iso(Date.now() + 8 * HOUR), handToId: ctx.cast.repB.id }
    });
    expect(absence.status).toBe(201);

    const tasks = await socketClient(ctx.server.url, ctx.cookieB);
    sockets.push(tasks);
    const pushed: TaskDTO[] = [];
    tasks.on('task:changed', ({ task }) => pushed.push(task));
    const again = await postLead(lead);
    expect(again.dossierId).toBe(first.dossierId);
    const mine = await api<{ items: TaskDTO[] }>(ctx.server.url, '/api/tasks?scope=mine', { cookie: ctx.cookieB });
    expect(mine.body.items.map((t) => t.id)).toContain(again.taskId);
    await vi.waitFor(() => expect(pushed.map((t) => t.id)).toContain(again.taskId), { timeout: 1_000 });
  });
});
