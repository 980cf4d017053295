import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TaskDTO } from '../../src/lib/contract';
import { api, emitWithAck, login, socketClient, type TestSocket } from '../helpers/clients';
import { startCastServer } from '../helpers/demo-cast';
import { createFakeTime } from '../helpers/fake-time';
import { startTestServer, type TestServer } from '../helpers/start-test-server';

const MONDAY = Date.parse('2026-11-23T09:10:00Z'); // 10:10 in Berlin
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;
// Hours of fake time pass in these tests; sessions must outlive them.
const env = { SESSION_IDLE_MINUTES: '10080' };

type Ctx = Awaited<ReturnType<typeof startCastServer>>;

/** Pushes a socket receives, by event name. */
function recorder(socket: TestSocket) {
  const changed: Array<{ task: TaskDTO; seq?: number }> = [];
  const removed: Array<{ taskId: string; seq?: number }> = [];
  socket.on('task:changed', (p) => void changed.push(p));
  socket.on('task:removed', (p) => void removed.push(p));
  return { changed, removed };
}

describe('follow-ups over HTTP and Socket.io', () => {
  let ctx: Ctx | undefined;
  const sockets: TestSocket[] = [];
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await ctx?.server.close();
    ctx = undefined;
    for (const s of servers.splice(0)) await s.close();
  });

  const create = (cookie: string, body: Record<string, unknown>) =>
    api<TaskDTO>(ctx!.server.url, '/api/tasks', { method: 'POST', cookie, body });

  it('creates tasks, lists them by scope and due bucket (dueAt ascending), and names dossier and assignee', async () => {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, env, demoHistory: false });
    const { cast, cookieA1, cookieA2 } = ctx;
    const base = { dossierId: cast.dossierA.id, kind: 'callback', assigneeId: cast.repA1.id };
    const later = await create(cookieA2, { ...base, title: 'Tomorrow', dueAt: iso(MONDAY + 24 * HOUR) });
    const overdue = await create(cookieA2, { ...base, title: 'Late', dueAt: iso(MONDAY - HOUR) });
    const today = await create(cookieA2, { ...base, title: 'Today', dueAt: iso(MONDAY + 5 * HOUR), kind: 'task' });
    expect(later.status).toBe(201);
    expect(today.body).toMatchObject({ kind: 'task', overdue: false });
    expect(overdue.body).toMatchObject({
      dossierCompany: cast.dossierA.company,
      assigneeName: cast.repA1.name,
      actingAssigneeId: cast.repA1.id,
      status: 'open',
      escalatedAt: null,
      overdue: true
    });

    const titles = async (cookie: string, query: string) =>
      (await api<{ items: TaskDTO[] }>(ctx!.server.url, `/api/tasks?${query}`, { cookie })).body.items.map(
        (t) => t.title
      );
    expect(await titles(cookieA1, 'scope=mine')).toEqual(['Late', 'Today', 'Tomorrow']);
    expect(await titles(cookieA1, 'scope=mine&due=overdue')).toEqual(['Late']);
    expect(await titles(cookieA1, 'scope=mine&due=today')).toEqual(['Today']);
    expect(await titles(cookieA1, 'scope=mine&due=upcoming')).toEqual(['Tomorrow']);
    expect(await titles(cookieA2, 'scope=mine')).toEqual([]);
    expect(await titles(cookieA2, 'scope=team')).toEqual(['Late', 'Today', 'Tomorrow']);
    expect(await titles(cookieA2, 'scope=covering')).toEqual([]);
    expect(await titles(cookieA2, `scope=team&dossierId=${cast.dossierA.id}`)).toHaveLength(3);
    expect(await titles(ctx.cookieB, 'scope=team')).toEqual([]);

    // The UI buckets with the team's zone, which the session names.
    const session = await api(ctx.server.url, '/api/session', { cookie: cookieA1 });
    expect(session.body.user.teams).toContainEqual({
      id: cast.teamA.id,
      name: cast.teamA.name,
      timeZone: 'Europe/Berlin'
    });

    const page = await api(ctx.server.url, '/api/tasks?scope=mine&limit=2', { cookie: cookieA1 });
    const next = await api(ctx.server.url, `/api/tasks?scope=mine&limit=2&cursor=${page.body.nextCursor}`, {
      cookie: cookieA1
    });
    expect([...page.body.items, ...next.body.items].map((t: TaskDTO) => t.title)).toEqual([
      'Late',
      'Today',
      'Tomorrow'
    ]);
    expect(next.body.nextCursor).toBeNull();
  });

  it('tells whoever has the dossier open about its tasks (open-ticket badge, follow-ups strip), once, and no one outside', async () => {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, env, demoHistory: false });
    const { cast, cookieA1, cookieA2, cookieB, server } = ctx;
    const [a1, watcher, outsider] = [
      await socketClient(server.url, cookieA1),
      await socketClient(server.url, cookieA2),
      await socketClient(server.url, cookieB)
    ];
    sockets.push(a1, watcher, outsider);
    expect((await emitWithAck(watcher, 'dossier:watch', { dossierId: cast.dossierA.id })).ok).toBe(true);
    expect((await emitWithAck(outsider, 'dossier:watch', { dossierId: cast.dossierB.id })).ok).toBe(true);
    expect((await emitWithAck(a1, 'dossier:watch', { dossierId: cast.dossierA.id })).ok).toBe(true);
    const [pushA1, pushWatcher, pushOutsider] = [recorder(a1), recorder(watcher), recorder(outsider)];

    const { body: ticket } = await create(cookieA1, {
      dossierId: cast.dossierA.id,
      kind: 'ticket',
      title: 'Delivery arrived damaged',
      dueAt: iso(MONDAY + HOUR),
      assigneeId: cast.repA1.id
    });
    await vi.waitFor(() => expect(pushWatcher.changed.map((p) => p.task.id)).toEqual([ticket.id]));
    const done = await api<TaskDTO>(server.url, `/api/tasks/${ticket.id}/complete`, {
      method: 'POST',
      cookie: cookieA1,
      body: { outcome: 'Replacement sent' }
    });
    expect(done.status).toBe(200);
    await vi.waitFor(() => expect(pushWatcher.changed.map((p) => p.task.status)).toEqual(['open', 'done']));
    // The assignee watching too is in two rooms (its own and the dossier's): one emit reaches it once each time.
    await vi.waitFor(() => expect(pushA1.changed.map((p) => p.task.status)).toEqual(['open', 'done']));
    expect(pushOutsider.changed).toEqual([]);
  });

  it('completes with an outcome, snoozes and reassigns: task:changed to the new assignee, task:removed to the old', async () => {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, env, demoHistory: false });
    const { cast, cookieA1, cookieA2, server } = ctx;
    const [a1, a2] = [await socketClient(server.url, cookieA1), await socketClient(server.url, cookieA2)];
    sockets.push(a1, a2);
    const [pushA1, pushA2] = [recorder(a1), recorder(a2)];

    const { body: task } = await create(cookieA1, {
      dossierId: cast.dossierA.id,
      kind: 'callback',
      title: 'Call about the offer',
      dueAt: iso(MONDAY + HOUR),
      assigneeId: cast.repA1.id
    });
    await vi.waitFor(() => expect(pushA1.changed.map((p) => p.task.id)).toContain(task.id));

    const snoozed = await api<TaskDTO>(server.url, `/api/tasks/${task.id}/snooze`, {
      method: 'POST',
      cookie: cookieA1,
      body: { until: iso(MONDAY + 26 * HOUR) }
    });
    expect(snoozed.body.dueAt).toBe(iso(MONDAY + 26 * HOUR));
    const past = await api(server.url, `/api/tasks/${task.id}/snooze`, {
      method: 'POST',
      cookie: cookieA1,
      body: { until: iso(MONDAY - HOUR) }
    });
    expect(past.status).toBe(400);

    const moved = await api<TaskDTO>(server.url, `/api/tasks/${task.id}`, {
      method: 'PATCH',
      cookie: cookieA1,
      body: { assigneeId: cast.repA2.id }
    });
    expect(moved.body).toMatchObject({ assigneeId: cast.repA2.id, actingAssigneeId: cast.repA2.id });
    await vi.waitFor(() => expect(pushA1.removed.map((p) => p.taskId)).toEqual([task.id]));
    await vi.waitFor(() =>
      expect(pushA2.changed.at(-1)?.task).toMatchObject({ id: task.id, assigneeId: cast.repA2.id })
    );
    expect(pushA2.changed.at(-1)?.seq).toBeGreaterThan(0);

    const done = await api<TaskDTO>(server.url, `/api/tasks/${task.id}/complete`, {
      method: 'POST',
      cookie: cookieA2,
      body: { outcome: 'Reached him; offer accepted' }
    });
    expect(done.body.status).toBe('done');
    await vi.waitFor(() => expect(pushA2.changed.at(-1)?.task.status).toBe('done'));
    const again = await api(server.url, `/api/tasks/${task.id}/complete`, {
      method: 'POST',
      cookie: cookieA2,
      body: {}
    });
    expect(again.status).toBe(409);

    const events = await server.app.store.activity.listSince({
      afterSeq: 0,
      teamIds: 'all',
      types: ['task.completed'],
      limit: 10
    });
    expect(events.map((e) => e.type === 'task.completed' && e.data.outcome)).toEqual(['Reached him; offer accepted']);
    const doneList = await api(server.url, '/api/tasks?scope=mine&status=done', { cookie: cookieA2 });
    expect(doneList.body.items.map((t: TaskDTO) => t.id)).toEqual([task.id]);
  });

  it('refuses other teams, read-only users, foreign assignees and bad input', async () => {
    ctx = await startCastServer({ env, demoHistory: false });
    const { cast, cookieA1, cookieB, server } = ctx;
    const body = {
      dossierId: cast.dossierA.id,
      kind: 'task',
      title: 'Send brochure',
      dueAt: '2026-12-01T10:00:00Z',
      assigneeId: cast.repA1.id
    };
    expect((await create(cookieB, body)).status).toBe(403);
    expect((await create(cookieA1, { ...body, dossierId: 'no-such-dossier' })).status).toBe(404);
    const foreign = await create(cookieA1, { ...body, assigneeId: cast.repB.id });
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(foreign.body)).toMatch(/member of the dossier/);
    const viewer = await login(server.url, cast.viewerA.email, cast.password);
    expect((await create(viewer, body)).status).toBe(403);

    const bad = await create(cookieA1, { ...body, dueAt: 'next friday', extra: 1 });
    expect(bad.status).toBe(400);
    expect((bad.body as unknown as { error: { message: string } }).error.message).toMatch(/dueAt|extra/);
    expect((await create(cookieA1, { ...body, title: '   ' })).status).toBe(400);
    expect((await api(server.url, '/api/tasks?scope=everything', { cookie: cookieA1 })).status).toBe(400);
    expect((await api(server.url, '/api/tasks?cursor=garbage', { cookie: cookieA1 })).status).toBe(400);

    const { body: task } = await create(cookieA1, body);
    const asB = (path: string, method: string, payload: unknown) =>
      api(server.url, path, { method, cookie: cookieB, body: payload });
    expect((await asB(`/api/tasks/${task.id}/complete`, 'POST', {})).status).toBe(403);
    expect((await asB(`/api/tasks/${task.id}/snooze`, 'POST', { until: '2027-01-01T10:00:00Z' })).status).toBe(403);
    expect((await asB(`/api/tasks/${task.id}`, 'PATCH', { title: 'mine now' })).status).toBe(403);
    expect((await api(server.url, `/api/tasks?dossierId=${cast.dossierA.id}`, { cookie: cookieB })).status).toBe(403);
    expect(
      (await api(server.url, '/api/tasks/nope/complete', { method: 'POST', cookie: cookieA1, body: {} })).status
    ).toBe(404);
    const patchIn = await api(server.url, `/api/tasks/${task.id}`, {
      method: 'PATCH',
      cookie: cookieA1,
      body: { status: 'in_progress' }
    });
    expect(patchIn.status).toBe(400);
    expect(
      (await api(server.url, `/api/tasks/${task.id}`, { method: 'PATCH', cookie: cookieA1, body: {} })).status
    ).toBe(400);
    const unchanged = await api<{ items: TaskDTO[] }>(server.url, '/api/tasks?scope=mine', { cookie: cookieA1 });
    expect(unchanged.body.items).toMatchObject([{ id: task.id, title: 'Send brochure', status: 'open' }]);
  });

  it('TS1 a complaint’s severity sets its ticket’s due time; PATCH severity moves it (tickets only)', async () => {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, env, demoHistory: false });
    const { cast, cookieA1, server } = ctx;
    const dossierId = cast.dossierA.id;
    const log = (body: Record<string, unknown>) =>
      api(server.url, `/api/dossiers/${dossierId}/interactions`, { method: 'POST', cookie: cookieA1, body });
    const logged = await log({ type: 'complaint', pointOfSale: 'shop', summary: 'Band steht', severity: 'critical' });
    expect(logged.status).toBe(201);
    const ticketId: string = logged.body.ticketId;
    const ticketDTO = async () =>
      (
        await api<{ items: TaskDTO[] }>(server.url, `/api/tasks?scope=team&dossierId=${dossierId}`, {
          cookie: cookieA1
        })
      ).body.items.find((t) => t.id === ticketId)!;
    // Critical: one working hour from Monday 10:10 Berlin.
    expect(await ticketDTO()).toMatchObject({
      kind: 'ticket',
      severity: 'critical',
      dueAt: '2026-11-23T10:10:00.000Z'
    });

    const call = await log({ type: 'call', pointOfSale: 'shop', summary: 'Rückruf', severity: 'high' });
    expect(call.status).toBe(400);
    expect(call.body.error.message).toMatch(/severity/);
    const bad = await log({ type: 'complaint', pointOfSale: 'shop', summary: 'x', severity: 'urgent' });
    expect(bad.status).toBe(400);

    await time.advance(20 * 60_000);
    const patch = (id: string, body: Record<string, unknown>) =>
      api<TaskDTO>(server.url, `/api/tasks/${id}`, { method: 'PATCH', cookie: cookieA1, body });
    // The due time is counted from when the ticket was opened, not from the change: high is 4 h after 10:10.
    const high = await patch(ticketId, { severity: 'high' });
    expect(high.status).toBe(200);
    expect(high.body).toMatchObject({ severity: 'high', dueAt: '2026-11-23T13:10:00.000Z' });
    // Low: five working days (Mon–Fri 08–17) from Monday 10:10 is the next Monday 10:10.
    expect((await patch(ticketId, { severity: 'low' })).body).toMatchObject({
      severity: 'low',
      dueAt: '2026-11-30T09:10:00.000Z'
    });
    // An explicit due time in the same request wins.
    expect((await patch(ticketId, { severity: 'normal', dueAt: '2026-11-24T12:00:00.000Z' })).body).toMatchObject({
      severity: 'normal',
      dueAt: '2026-11-24T12:00:00.000Z'
    });
    expect(await server.app.store.tasks.get(ticketId)).toMatchObject({ severity: 'normal' });

    const { body: callback } = await create(cookieA1, {
      dossierId,
      kind: 'callback',
      title: 'Call back',
      assigneeId: cast.repA1.id,
      dueAt: iso(time.now() + HOUR)
    });
    expect(callback.severity).toBeNull();
    const refused = await patch(callback.id, { severity: 'high' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/only tickets/);
  });

  it('a logged complaint opens a ticket for the dossier’s owner; resolving it puts a ticket_resolved entry with the outcome on the timeline', async () => {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, env, demoHistory: false });
    const { cast, cookieA1, server } = ctx;
    const dossierId = cast.dossierA.id;
    const logged = await api(server.url, `/api/dossiers/${dossierId}/interactions`, {
      method: 'POST',
      cookie: cookieA1,
      body: { type: 'complaint', pointOfSale: 'shop', summary: 'Lieferung kam beschädigt an' }
    });
    expect(logged.status).toBe(201);
    const ticket = (await server.app.store.tasks.get(logged.body.ticketId))!;
    // Normal severity: 2 working days from Monday 10:10 Berlin → Wednesday 10:10 Berlin.
    expect(ticket).toMatchObject({
      kind: 'ticket',
      severity: 'normal',
      interactionId: logged.body.id,
      assigneeId: cast.dossierA.ownerId,
      dueAt: Date.parse('2026-11-25T09:10:00Z')
    });

    await time.advance(30 * 60_000); // the ticket is done half an hour later
    const done = await api<TaskDTO>(server.url, `/api/tasks/${ticket.id}/complete`, {
      method: 'POST',
      cookie: cookieA1,
      body: { outcome: 'Ersatz geliefert' }
    });
    expect(done.status).toBe(200);
    const timeline = await api(server.url, `/api/dossiers/${dossierId}/timeline`, { cookie: cookieA1 });
    const resolved = {
      kind: 'system',
      type: 'ticket_resolved',
      authorId: cast.repA1.id,
      summary: 'Resolved: Lieferung kam beschädigt an — Ersatz geliefert',
      details: { taskId: ticket.id, taskTitle: 'Lieferung kam beschädigt an', outcome: 'Ersatz geliefert' }
    };
    expect(timeline.body.items[0]).toMatchObject(resolved);

    // Two callbacks done around it: they stay task_done, and each type filter keeps only its own entries,
    // also when a page must read past the other kind (limit 1 pages through both).
    for (const title of ['First callback', 'Second callback']) {
      await time.advance(60_000);
      const { body: task } = await create(cookieA1, {
        dossierId,
        kind: 'callback',
        title,
        assigneeId: cast.repA1.id,
        dueAt: iso(time.now() + HOUR)
      });
      await api(server.url, `/api/tasks/${task.id}/complete`, { method: 'POST', cookie: cookieA1, body: {} });
    }
    const all = async (type: string) => {
      const seen: Array<{ type: string; details?: { taskTitle?: string } }> = [];
      let cursor: string | null = null;
      do {
        const query: string = `type=${type}&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await api(server.url, `/api/dossiers/${dossierId}/timeline?${query}`, { cookie: cookieA1 });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(1);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      return seen;
    };
    const tickets = await all('ticket_resolved');
    expect(tickets).toMatchObject([resolved]);
    const doneTasks = await all('task_done');
    expect(doneTasks.map((e) => [e.type, e.details?.taskTitle])).toEqual([
      ['task_done', 'Second callback'],
      ['task_done', 'First callback']
    ]);
    const firstPage = await api(server.url, `/api/dossiers/${dossierId}/timeline?type=ticket_resolved&limit=1`, {
      cookie: cookieA1
    });
    // Exact paging: the page read past both callbacks to the ticket, and knows the log holds no more.
    expect(firstPage.body).toMatchObject({ items: [resolved], nextCursor: null });
  });

  it('escalates an overdue task after 2 working hours, exactly once, to the assignee and the team’s managers — and not again after a restart', async () => {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, env, demoHistory: false });
    const { cast, cookieA1, server } = ctx;
    const manager = server.demo.users.find((u) => u.role === 'manager' && u.teamIds.includes(cast.teamA.id))!;
    const managerSocket = await socketClient(server.url, await login(server.url, manager.email, cast.password));
    const repSocket = await socketClient(server.url, cookieA1);
    sockets.push(managerSocket, repSocket);
    const [toManager, toRep] = [recorder(managerSocket), recorder(repSocket)];

    // Due Monday 16:00 Berlin (15:00Z): one working hour left that day, so it escalates Tuesday 09:00 (08:00Z).
    const dueAt = Date.parse('2026-11-23T15:00:00Z');
    const escalateAt = Date.parse('2026-11-24T08:00:00Z');
    const { body: task } = await create(cookieA1, {
      dossierId: cast.dossierA.id,
      kind: 'callback',
      title: 'Call back before the weekend',
      dueAt: iso(dueAt),
      assigneeId: cast.repA1.id
    });
    const escalated = (list: Array<{ task: TaskDTO }>) => list.filter((p) => p.task.escalatedAt !== null);

    await time.advanceTo(escalateAt - 60_000); // 17:00 Monday evening and the night pass: still working time to go
    expect((await server.app.store.tasks.get(task.id))?.escalatedAt).toBeNull();
    await time.advanceTo(escalateAt + 60_000);
    expect((await server.app.store.tasks.get(task.id))?.escalatedAt).toBe(escalateAt);
    await vi.waitFor(() => expect(escalated(toManager.changed)).toHaveLength(1));
    await vi.waitFor(() => expect(escalated(toRep.changed)).toHaveLength(1));
    expect(escalated(toManager.changed)[0].task).toMatchObject({ id: task.id, escalatedAt: iso(escalateAt) });

    await time.advance(30 * 60_000); // thirty more runs of the job
    const countEscalations = async (s: TestServer) =>
      (await s.app.store.activity.listSince({ afterSeq: 0, teamIds: 'all', types: ['task.escalated'], limit: 10 }))
        .length;
    expect(await countEscalations(server)).toBe(1);
    expect(escalated(toManager.changed)).toHaveLength(1);

    // A new process over the same data: the job runs again, the claim holds.
    const dataDir = server.dataDir;
    await server.close({ keepData: true });
    ctx = undefined;
    const later = createFakeTime(escalateAt + 2 * HOUR);
    const restarted = await startTestServer({ dataDir, clock: later, timer: later, env, demoHistory: false });
    servers.push(restarted);
    await later.advance(5 * 60_000);
    // The job did run in the new process (its latest claimed slot is after the restart)…
    expect((await restarted.app.store.jobRuns.latest('followups.escalation'))?.dueAt).toBeGreaterThan(
      escalateAt + 2 * HOUR
    );
    // …and found nothing left to escalate.
    expect(await countEscalations(restarted)).toBe(1);
    expect((await restarted.app.store.tasks.get(task.id))?.escalatedAt).toBe(escalateAt);
  });
});
