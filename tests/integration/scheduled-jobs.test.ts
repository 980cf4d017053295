import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { login } from '../helpers/clients';
import { createFakeTime } from '../helpers/fake-time';
import { startTestServer, type TestServer } from '../helpers/start-test-server';

const countSessions = (dataDir: string): number => {
  const db = new Database(join(dataDir, 'staffel.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('scheduled jobs in the running app', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('the identity.session-sweep job deletes an expired session when the fake clock reaches its hourly slot', async () => {
    const time = createFakeTime(Date.parse('2026-11-23T09:10:00Z'));
    server = await startTestServer({ clock: time, timer: time, env: { SESSION_IDLE_MINUTES: '15' } });
    await login(server.url, server.demo.users[0].email, server.demo.password);
    expect(countSessions(server.dataDir)).toBe(1);
    expect(server.app.scheduler.nextDueAt('identity.session-sweep')).toBeNull(); // not checked yet

    await time.advanceTo(Date.parse('2026-11-23T09:59:59Z')); // expired at 09:25, the sweep is due at 10:00
    expect(server.app.scheduler.nextDueAt('identity.session-sweep')).toBe(Date.parse('2026-11-23T10:00:00Z'));
    expect(countSessions(server.dataDir)).toBe(1);
    await time.advance(1000);
    expect(countSessions(server.dataDir)).toBe(0);
    expect(await server.app.store.jobRuns.latest('identity.session-sweep')).toMatchObject({
      dueAt: Date.parse('2026-11-23T10:00:00Z'),
      error: null
    });
  });

  it('the feed.retention job deletes activity older than FEED_RETENTION_DAYS at 03:30 Berlin, keeping the rest', async () => {
    const time = createFakeTime(Date.parse('2026-11-23T02:00:00Z')); // 03:00 in Berlin
    server = await startTestServer({ clock: time, timer: time, env: { FEED_RETENTION_DAYS: '30' } });
    const day = 86_400_000;
    const event = (id: string, at: number) =>
      ({
        id,
        type: 'session.started',
        at,
        actorId: null,
        onBehalfOfId: null,
        teamId: null,
        dossierId: null,
        data: { sessionId: id }
      }) as const;
    const now = time.now();
    await server.app.store.activity.append([event('old', now - 31 * day), event('recent', now - 29 * day)]);
    const ids = async () =>
      (await server!.app.store.activity.listSince({ afterSeq: 0, teamIds: 'all', limit: 1000 }))
        .map((e) => e.id)
        .filter((id) => id === 'old' || id === 'recent');
    await time.advance(0);
    expect(server.app.scheduler.nextDueAt('feed.retention')).toBe(Date.parse('2026-11-23T02:30:00Z'));
    await time.advanceTo(Date.parse('2026-11-23T02:29:59Z'));
    expect(await ids()).toEqual(['old', 'recent']);
    await time.advance(1000);
    expect(await ids()).toEqual(['recent']);
  });

  it('closing the app stops the scheduler: no timer is left armed', async () => {
    const time = createFakeTime(Date.parse('2026-11-23T09:10:00Z'));
    server = await startTestServer({ clock: time, timer: time });
    await time.advance(0);
    // The scheduler's next slots (identity.session-sweep, followups.escalation, followups.overdue,
    // continuity.absence-transitions, handoffs.return, handoffs.escalation, feed.retention,
    // winback.dormancy-sweep) and the Socket.io session re-check; the start-up dormancy sweep fired at advance(0)
    // and left no timer.
    expect(time.pending()).toBe(9);
    await server.close();
    server = undefined;
    expect(time.pending()).toBe(0);
  });
});
