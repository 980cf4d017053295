import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StageChangeDTO, TaskPage, TimelinePage } from '../../src/lib/contract';
import { api, login } from '../helpers/clients';
import { manualClock, startTestServer, type TestServer } from '../helpers/start-test-server';

/** A fresh server shows the seeded past (issue #8): a rep's timeline, stage history and task list are not empty. */
const clock = manualClock(Date.UTC(2026, 10, 24, 10, 30));
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ clock, demoDossiers: 60 });
});
afterAll(() => server?.close());

describe('demo history on a fresh server', () => {
  it('serves a rep their customers’ timelines, stage histories and open tasks', async () => {
    const { company } = server.demo;
    const { interactions, tasks } = company.history;
    const openOf = (userId: string) => tasks.filter((t) => t.assigneeId === userId && t.status !== 'done');
    const rep = company.users.find((u) => u.role === 'rep' && openOf(u.id).some((t) => t.dueAt < clock.now()))!;
    expect(rep).toBeDefined();
    const cookie = await login(server.url, rep.email, server.demo.password);

    const customer = company.dossiers
      .map((d) => d.dossier)
      .find((d) => d.ownerId === rep.id && (d.stage === 'customer' || d.stage === 'key_account'));
    const dossier = customer ?? company.dossiers.find((d) => d.dossier.ownerId === rep.id)!.dossier;
    const own = interactions.filter((i) => i.dossierId === dossier.id);
    const timeline = await api<TimelinePage>(server.url, `/api/dossiers/${dossier.id}/timeline?limit=200`, { cookie });
    expect(timeline.status).toBe(200);
    expect(timeline.body.items.map((i) => i.id).sort()).toEqual(own.map((i) => i.id).sort());
    const newest = own.reduce((a, b) => (b.at > a.at ? b : a));
    expect(timeline.body.items[0]).toMatchObject({ id: newest.id, kind: 'interaction', summary: newest.summary });
    for (const item of timeline.body.items) expect(item.authorName).not.toBe('');

    const stages = await api<{ items: StageChangeDTO[] }>(server.url, `/api/dossiers/${dossier.id}/stages`, {
      cookie
    });
    expect(stages.status).toBe(200);
    expect(stages.body.items[0].to).toBe(dossier.stage);
    expect(stages.body.items.at(-1)).toMatchObject({ from: null, to: 'lead' });

    const mine = await api<TaskPage>(server.url, '/api/tasks?scope=mine&status=open', { cookie });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((t) => t.id).sort()).toEqual(
      openOf(rep.id)
        .map((t) => t.id)
        .sort()
    );
    const overdue = await api<TaskPage>(server.url, '/api/tasks?scope=mine&due=overdue', { cookie });
    expect(overdue.body.items.length).toBeGreaterThan(0);
    for (const t of overdue.body.items) expect(Date.parse(t.dueAt)).toBeLessThan(clock.now());
    const done = await api<TaskPage>(server.url, '/api/tasks?scope=team&status=done', { cookie });
    expect(done.body.items.length).toBeGreaterThan(0);
  });
});
