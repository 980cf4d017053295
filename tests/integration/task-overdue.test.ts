import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FeedResumeResult, TaskDTO } from '../../src/lib/contract';
import { api, emitWithAck, socketClient, type TestSocket } from '../helpers/clients';
import { startCastServer } from '../helpers/demo-cast';
import { createFakeTime } from '../helpers/fake-time';
import { startTestServer, type TestServer } from '../helpers/start-test-server';

const MONDAY = Date.parse('2026-11-23T09:10:00Z');
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const env = { SESSION_IDLE_MINUTES: '10080' };

type Ctx = Awaited<ReturnType<typeof startCastServer>>;

describe('task.overdue (issue #8/#9 feed)', () => {
  let ctx: Ctx | undefined;
  const sockets: TestSocket[] = [];
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await ctx?.server.close();
    ctx = undefined;
    for (const s of servers.splice(0)) await s.close();
  });

  it('is written once when an open task’s due time passes, pushed to the assignee, in the team’s feed — and not again after a restart', async () => {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, env, demoHistory: false });
    const { cast, cookieA1, cookieA2, cookieB, server } = ctx;
    const create = (title: string, dueAt: number) =>
      api<TaskDTO>(server.url, '/api/tasks', {
        method: 'POST',
        cookie: cookieA1,
        body: { dossierId: cast.dossierA.id, kind: 'callback', title, dueAt: iso(dueAt), assigneeId: cast.repA1.id }
      });
    const overdue = async (s: TestServer = server) =>
      (
        await s.app.store.activity.listSince({ afterSeq: 0, teamIds: 'all', types: ['task.overdue'], limit: 50 })
      ).filter((e) => e.dossierId === cast.dossierA.id);

    const repSocket = await socketClient(server.url, cookieA1);
    sockets.push(repSocket);
    const pushes: Array<{ task: TaskDTO; seq?: number }> = [];
    repSocket.on('task:changed', (p) => void pushes.push(p));

    const dueAt = MONDAY + 30 * MINUTE;
    const { body: task } = await create('Rückruf zum Angebot', dueAt);
    const { body: done } = await create('Erledigt vor der Zeit', dueAt);
    expect(
      (await api(server.url, `/api/tasks/${done.id}/complete`, { method: 'POST', cookie: cookieA1, body: {} })).status
    ).toBe(200);

    await time.advanceTo(dueAt - MINUTE);
    expect(await overdue()).toHaveLength(0);
    await time.advanceTo(dueAt + MINUTE);
    const [event] = await overdue();
    expect(event).toMatchObject({ type: 'task.overdue', actorId: null, teamId: cast.teamA.id });
    expect(event.data).toEqual({ task: expect.objectContaining({ id: task.id, status: 'open', dueAt: iso(dueAt) }) });
    expect((await server.app.store.tasks.get(task.id))?.overdueAt).toBe(dueAt); // the job's slot at the due minute
    // The assignee hears it live (task:changed carrying the event's seq).
    await vi.waitFor(() => expect(pushes.filter((p) => p.seq === event.seq)).toHaveLength(1));

    // Team audience: a colleague of the team gets it on feed:resume; another team's rep does not.
    const resume = async (cookie: string) => {
      const socket = await socketClient(server.url, cookie);
      sockets.push(socket);
      const ack = await emitWithAck(socket, 'feed:resume', { afterSeq: event.seq - 1 });
      return (ack.data as FeedResumeResult).events.map((e) => e.type);
    };
    expect(await resume(cookieA2)).toContain('task.overdue');
    expect(await resume(cookieB)).not.toContain('task.overdue');

    await time.advance(10 * MINUTE); // ten more runs
    expect(await overdue()).toHaveLength(1);

    // A snooze is a new promise: past the new due time it is overdue again, once.
    const until = MONDAY + 70 * MINUTE;
    const snoozed = await api(server.url, `/api/tasks/${task.id}/snooze`, {
      method: 'POST',
      cookie: cookieA1,
      body: { until: iso(until) }
    });
    expect(snoozed.status).toBe(200);
    expect((await server.app.store.tasks.get(task.id))?.overdueAt).toBeNull();
    await time.advanceTo(until + 5 * MINUTE);
    expect((await overdue()).map((e) => (e.data as { task: TaskDTO }).task.dueAt)).toEqual([iso(dueAt), iso(until)]);

    // A new process over the same data: the job runs again and finds nothing new.
    const dataDir = server.dataDir;
    await server.close({ keepData: true });
    ctx = undefined;
    const later = createFakeTime(until + 60 * MINUTE);
    const restarted = await startTestServer({ dataDir, clock: later, timer: later, env, demoHistory: false });
    servers.push(restarted);
    await later.advance(5 * MINUTE);
    expect((await restarted.app.store.jobRuns.latest('followups.overdue'))?.dueAt).toBeGreaterThan(until + 60 * MINUTE);
    expect(await overdue(restarted)).toHaveLength(2);
  });
});
