import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HandoffChangedPush, HandoffDTO, TimelinePage } from '../../src/lib/contract';
import { api, socketClient, type TestSocket } from '../helpers/clients';
import { startHandoffCase } from '../helpers/handoff-case';

const MONDAY = Date.parse('2026-11-23T09:10:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();

type Ctx = Awaited<ReturnType<typeof startHandoffCase>>;

describe('cancelling a hand-off nobody picked up (issue #9)', () => {
  let ctx: Ctx | undefined;
  const sockets: TestSocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await ctx?.server.close();
    ctx = undefined;
  });

  async function setup() {
    const c = await startHandoffCase(MONDAY);
    ctx = c;
    const cancel = (cookie: string, id: string, body?: Record<string, unknown>) =>
      api<HandoffDTO>(c.server.url, `/api/handoffs/${id}/cancel`, { method: 'POST', cookie, body });
    return { ...c, cancel };
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
