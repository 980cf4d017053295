import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HandoffChangedPush, HandoffDTO, TimelinePage } from '../../src/lib/contract';
import { api, login, socketClient, type TestSocket } from '../helpers/clients';
import { startHandoffCase } from '../helpers/handoff-case';

const MONDAY = Date.parse('2026-11-23T09:10:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();

type Ctx = Awaited<ReturnType<typeof startHandoffCase>>;

describe('hand-offs with a briefing (issue #9)', () => {
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
    return c;
  }

  it('a temporary hand-off carries the briefing, reaches the receiver live, is picked up once and returns at until', async () => {
    const { time, own, hand, events, cast, cookieA1, cookieA2, cookieB, cookieManager, server } = await setup();
    const socket = await socketClient(server.url, cookieA2);
    sockets.push(socket);
    const pushes: HandoffChangedPush[] = [];
    socket.on('handoff:changed', (p) => void pushes.push(p));

    const made = await hand(cookieA1, {
      toUserId: cast.repA2.id,
      until: iso(MONDAY + 2 * HOUR),
      note: 'Bitte anrufen'
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      dossierId: own.id,
      fromUserId: cast.repA1.id,
      fromName: cast.repA1.name,
      toUserId: cast.repA2.id,
      toName: cast.repA2.name,
      kind: 'temporary',
      until: iso(MONDAY + 2 * HOUR),
      status: 'pending',
      note: 'Bitte anrufen',
      briefing: {
        dossierId: own.id,
        stage: own.stage,
        ownerName: cast.repA1.name,
        note: 'Bitte anrufen',
        winbackStep: null
      }
    });
    expect(made.body.briefing.company).toBeTruthy();
    await vi.waitFor(() => expect(pushes.map((p) => [p.change, p.handoff.id])).toEqual([['created', made.body.id]]));
    expect(await events('coverage.changed')).toHaveLength(1);

    // Who may read it: sender, receiver, the team's manager; not a rep of another team.
    const read = (cookie: string) => api<HandoffDTO>(server.url, `/api/handoffs/${made.body.id}`, { cookie });
    expect((await read(cookieA1)).status).toBe(200);
    expect((await read(cookieManager)).body.briefing.note).toBe('Bitte anrufen');
    expect((await read(cookieB)).status).toBe(403);
    const mine = await api<{ items: HandoffDTO[] }>(server.url, '/api/handoffs?role=to&status=pending', {
      cookie: cookieA2
    });
    expect(mine.body.items.map((h) => h.id)).toEqual([made.body.id]);
    // A second temporary hand-off of the same dossier while this one is open is refused.
    expect((await hand(cookieA1, { toUserId: cast.repA2.id, until: iso(MONDAY + HOUR), note: 'x' })).status).toBe(409);

    const pickup = (cookie: string) =>
      api<HandoffDTO>(server.url, `/api/handoffs/${made.body.id}/pickup`, { method: 'POST', cookie });
    expect((await pickup(cookieA1)).status).toBe(403);
    await time.advance(5 * MINUTE);
    const picked = await pickup(cookieA2);
    expect(picked.body).toMatchObject({ status: 'picked_up', pickedUpAt: iso(MONDAY + 5 * MINUTE) });
    expect((await pickup(cookieA2)).status).toBe(409);
    await vi.waitFor(() => expect(pushes.map((p) => p.change)).toEqual(['created', 'picked_up']));

    // The return job runs each minute: at until the hand-off is returned, once; never escalated (picked up).
    await time.advance(2 * HOUR);
    expect((await read(cookieA1)).body).toMatchObject({ status: 'returned', returnedAt: iso(MONDAY + 2 * HOUR) });
    await time.advance(5 * HOUR);
    expect(await events('handoff.returned')).toHaveLength(1);
    expect(await events('handoff.escalated')).toHaveLength(0);
    await vi.waitFor(() => expect(pushes.map((p) => p.change)).toEqual(['created', 'picked_up', 'returned']));
    // The audit: every step is a `handoff` entry on the dossier's timeline, newest first.
    const timeline = await api<TimelinePage>(server.url, `/api/dossiers/${own.id}/timeline?type=handoff`, {
      cookie: cookieA1
    });
    expect(timeline.body.items.map((i) => [i.type, i.details?.handoffChange])).toEqual([
      ['handoff', 'returned'],
      ['handoff', 'picked_up'],
      ['handoff', 'created']
    ]);
    expect(timeline.body.items[2].details).toMatchObject({ toName: cast.repA2.name, reason: 'Bitte anrufen' });
  });

  it('a permanent hand-off changes the owner at once, on the timeline as owner_changed', async () => {
    const { own, hand, events, cast, cookieA1, cookieA2, server } = await setup();
    const made = await hand(cookieA1, { toUserId: cast.repA2.id, note: 'Ich wechsle ins Projektteam' });
    expect(made.body).toMatchObject({ kind: 'permanent', until: null, status: 'pending' });
    const dossier = await api(server.url, `/api/dossiers/${own.id}`, { cookie: cookieA2 });
    expect(dossier.body.ownerId).toBe(cast.repA2.id);
    expect(await events('dossier.owner_changed')).toHaveLength(1);
    const timeline = await api<TimelinePage>(server.url, `/api/dossiers/${own.id}/timeline?type=owner_changed`, {
      cookie: cookieA1
    });
    expect(timeline.body.items).toMatchObject([
      {
        kind: 'system',
        type: 'owner_changed',
        authorId: cast.repA1.id,
        details: { ownerName: cast.repA2.name, reason: 'Ich wechsle ins Projektteam' }
      }
    ]);
    // The former owner is no longer the owner: they cannot hand it over again.
    expect((await hand(cookieA1, { toUserId: cast.repA1.id, note: 'zurück' })).status).toBe(403);
  });

  it('refuses what the rules forbid, writing nothing', async () => {
    const { own, hand, events, cast, cookieA1, cookieA2, cookieB, cookieManager } = await setup();
    const valid = { toUserId: cast.repA2.id, note: 'n' };
    expect((await hand(cookieA2, valid)).status).toBe(403); // a colleague who is not the owner
    expect((await hand(cookieB, valid)).status).toBe(403); // another team
    expect((await hand(cookieA1, { ...valid, until: iso(MONDAY - MINUTE) })).status).toBe(400);
    expect((await hand(cookieA1, { ...valid, toUserId: cast.repA1.id })).status).toBe(400); // to the owner
    expect((await hand(cookieA1, { ...valid, toUserId: cast.viewerA.id })).status).toBe(400);
    expect((await hand(cookieA1, { ...valid, toUserId: cast.repB.id })).status).toBe(400); // permanent, other team
    expect((await hand(cookieA1, { ...valid, note: '' })).status).toBe(400);
    expect(await events('handoff.created')).toHaveLength(0);
    // A manager of the team may hand a member's dossier over.
    expect((await hand(cookieManager, { ...valid, until: iso(MONDAY + HOUR) })).status).toBe(201);
    expect(own.ownerId).toBe(cast.repA1.id);
  });

  it('an unacknowledged hand-off is escalated to the team’s managers once, after the configured time', async () => {
    const { time, hand, events, cast, cookieA1, manager, server } = await setup();
    const socket = await socketClient(server.url, await login(server.url, manager.email, cast.password));
    sockets.push(socket);
    const pushes: HandoffChangedPush[] = [];
    socket.on('handoff:changed', (p) => void pushes.push(p));
    const made = await hand(cookieA1, { toUserId: cast.repA2.id, until: iso(MONDAY + 24 * HOUR), note: 'n' });
    await time.advance(239 * MINUTE);
    expect(await events('handoff.escalated')).toHaveLength(0);
    await time.advance(2 * MINUTE);
    const [escalated] = await events('handoff.escalated');
    expect(escalated.data).toMatchObject({ handoff: { id: made.body.id }, managerIds: [manager.id] });
    await time.advance(3 * HOUR);
    expect(await events('handoff.escalated')).toHaveLength(1);
    const read = await api<HandoffDTO>(server.url, `/api/handoffs/${made.body.id}`, { cookie: cookieA1 });
    expect(read.body).toMatchObject({ status: 'pending', escalatedAt: escalated ? iso(escalated.at) : '' });
    await vi.waitFor(() => expect(pushes.map((p) => p.change)).toContain('escalated'));
  });
});
