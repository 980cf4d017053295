import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HandoffChangedPush, HandoffDTO, TimelinePage } from '../../src/lib/contract';
import type { EventType, StoredEvent } from '../../server/kernel/events';
import { api, login, socketClient, type TestSocket } from '../helpers/clients';
import { startCastServer } from '../helpers/demo-cast';
import { createFakeTime } from '../helpers/fake-time';

const MONDAY = Date.parse('2026-11-23T09:10:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();
const env = { SESSION_IDLE_MINUTES: '10080', HANDOFF_ESCALATE_AFTER_MINUTES: '240' };

type Ctx = Awaited<ReturnType<typeof startCastServer>>;

describe('cancelling a hand-off nobody picked up (issue #9)', () => {
  let ctx: Ctx | undefined;
  const sockets: TestSocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await ctx?.server.close();
    ctx = undefined;
  });

  async function setup() {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, env, demoHistory: false, demoDossiers: 20 });
    const { cast, server } = ctx;
    const company = server.demo.company;
    const own = company.dossiers.find((d) => d.dossier.ownerId === cast.repA1.id)!.dossier;
    const manager = company.users.find((u) => u.role === 'manager' && u.teamIds.includes(cast.teamA.id))!;
    const cookieManager = await login(server.url, manager.email, cast.password);
    const hand = (cookie: string, body: Record<string, unknown>) =>
      api<HandoffDTO>(server.url, `/api/dossiers/${own.id}/handoffs`, { method: 'POST', cookie, body });
    const cancel = (cookie: string, id: string, body?: Record<string, unknown>) =>
      api<HandoffDTO>(server.url, `/api/handoffs/${id}/cancel`, { method: 'POST', cookie, body });
    const events = async <T extends EventType>(type: T) =>
      (await server.app.store.activity.listSince({ afterSeq: 0, teamIds: 'all', types: [type], limit: 100 })).filter(
        (e) => e.dossierId === own.id
      ) as unknown as StoredEvent<T>[];
    return { time, own, cookieManager, hand, cancel, events, ...ctx };
  }

  it('the team’s manager withdraws a pending temporary hand-off: pushed, on the timeline, and its jobs do nothing', async () => {
    const { time, own, hand, cancel, events, cast, cookieA1, cookieA2, cookieB, cookieManager, server } = await setup();
    const socket = await socketClient(server.url, cookieA2);
    sockets.push(socket);
    const pushes: HandoffChangedPush[] = [];
    socket.on('handoff:changed', (p) => void pushes.push(p));
    const made = await hand(cookieA1, { toUserId: cast.repA2.id, until: iso(MONDAY + 2 * HOUR), note: 'n' });
    expect(made.status).toBe(201);

    expect((await cancel(cookieB, made.body.id)).status).toBe(403); // a stranger (another team)
    expect((await cancel(cookieA2, made.body.id)).status).toBe(403); // the receiver picks up or lets it escalate
    expect((await cancel(cookieManager, made.body.id, { reason: 'x'.repeat(1001) })).status).toBe(400);
    expect((await cancel(cookieManager, made.body.id, { why: 'typo' })).status).toBe(400);
    expect(await events('handoff.cancelled')).toHaveLength(0);

    await time.advance(10 * MINUTE);
    const done = await cancel(cookieManager, made.body.id, { reason: 'Kunde ruft selbst an' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id: made.body.id, status: 'cancelled', returnedAt: null });
    const [cancelled] = await events('handoff.cancelled');
    expect(cancelled.data).toEqual({
      handoff: expect.objectContaining({ id: made.body.id, status: 'cancelled', toUserId: cast.repA2.id }),
      reason: 'Kunde ruft selbst an'
    });
    expect(cancelled.data.handoff).not.toHaveProperty('briefing');
    // It was in force: coverage is recomputed (creation + cancel).
    expect(await events('coverage.changed')).toHaveLength(2);
    await vi.waitFor(() => expect(pushes.map((p) => p.change)).toEqual(['created', 'cancelled']));
    expect((await cancel(cookieA1, made.body.id)).status).toBe(409); // already cancelled

    // Past its until and past the escalation time: neither job touches a cancelled hand-off.
    await time.advance(5 * HOUR);
    expect(await events('handoff.returned')).toHaveLength(0);
    expect(await events('handoff.escalated')).toHaveLength(0);
    const read = await api<HandoffDTO>(server.url, `/api/handoffs/${made.body.id}`, { cookie: cookieA1 });
    expect(read.body).toMatchObject({ status: 'cancelled', escalatedAt: null, returnedAt: null });

    const timeline = await api<TimelinePage>(server.url, `/api/dossiers/${own.id}/timeline?type=handoff`, {
      cookie: cookieA1
    });
    expect(timeline.body.items.map((i) => i.details?.handoffChange)).toEqual(['cancelled', 'created']);
    expect(timeline.body.items[0]).toMatchObject({
      authorId: expect.any(String),
      details: { toName: cast.repA2.name, reason: 'Kunde ruft selbst an' }
    });
    // The dossier can be handed over again.
    expect((await hand(cookieA1, { toUserId: cast.repA2.id, until: iso(MONDAY + 9 * HOUR), note: 'n' })).status).toBe(
      201
    );
  });

  it('a picked-up hand-off cannot be cancelled (409)', async () => {
    const { hand, cancel, events, cast, cookieA1, cookieA2 } = await setup();
    const made = await hand(cookieA1, { toUserId: cast.repA2.id, until: iso(MONDAY + 2 * HOUR), note: 'n' });
    const picked = await api(ctx!.server.url, `/api/handoffs/${made.body.id}/pickup`, {
      method: 'POST',
      cookie: cookieA2
    });
    expect(picked.status).toBe(200);
    expect((await cancel(cookieA1, made.body.id)).status).toBe(409);
    expect((await cancel(cookieA1, 'no-such-handoff')).status).toBe(404);
    expect(await events('handoff.cancelled')).toHaveLength(0);
  });

  it('the sender withdraws a permanent hand-off: the dossier goes back to them in the same step', async () => {
    const { own, hand, cancel, events, cast, cookieA1, server } = await setup();
    const made = await hand(cookieA1, { toUserId: cast.repA2.id, note: 'Projektteam' });
    expect(made.body.kind).toBe('permanent');
    const done = await cancel(cookieA1, made.body.id);
    expect(done.status).toBe(200);
    expect((await events('handoff.cancelled'))[0].data).toMatchObject({ reason: null });
    expect((await server.app.store.dossiers.get(own.id))?.ownerId).toBe(cast.repA1.id);
    const moves = (await events('dossier.owner_changed')).map((e) => [e.data.fromUserId, e.data.toUserId]);
    expect(moves).toEqual([
      [cast.repA1.id, cast.repA2.id],
      [cast.repA2.id, cast.repA1.id]
    ]);
  });
});
