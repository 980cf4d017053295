import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ActivityItemDTO, DeskChangedPush } from '../../src/lib/contract';
import { api, emitWithAck, login, socketClient, type TestSocket } from '../helpers/clients';
import { startCastServer } from '../helpers/demo-cast';
import { createFakeTime } from '../helpers/fake-time';

type Ctx = Awaited<ReturnType<typeof startCastServer>>;
const MONDAY = Date.UTC(2026, 10, 23, 9, 0, 0);
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

let ctx: Ctx | undefined;
const sockets: TestSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await ctx?.server.close();
  ctx = undefined;
});

/**
 * Issue #10 (SC2) with issue #9's coverage: a stand-in of another team subscribed to the live feed (default
 * filter) hears the covered dossier's events only while the coverage lasts — `feed:subscribe` is authorised
 * again on `coverage.changed`, when the absence starts and when it ends (recorded, then ended by the scheduled job
 * driven by a fake clock), without re-subscribing.
 */
describe('feed:subscribe follows coverage', () => {
  it('a stand-in of another team starts hearing a covered dossier when coverage begins and stops when it ends', async () => {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, demoHistory: false, demoDossiers: 12 });
    const { server, cast, cookieA2, cookieB } = ctx;
    const owner = server.demo.users.find((u) => u.id === cast.dossierA.ownerId)!;
    const ownerCookie = await login(server.url, owner.email, cast.password);
    const socket = await socketClient(server.url, cookieB);
    sockets.push(socket);
    const heard: ActivityItemDTO[] = [];
    socket.on('feed:event', (p) => heard.push(p.item));
    const desk: DeskChangedPush[] = [];
    socket.on('desk:changed', (p) => desk.push(p));
    const ack = await emitWithAck(socket, 'feed:subscribe', {});
    expect(ack.ok, JSON.stringify(ack)).toBe(true);

    let n = 0;
    /** Logs a note on a dossier; returns its summary, which names the feed item. */
    const note = async (cookie: string, dossierId: string) => {
      const summary = `Notiz ${++n}`;
      const res = await api(server.url, `/api/dossiers/${dossierId}/interactions`, {
        method: 'POST',
        cookie,
        body: { type: 'note', pointOfSale: 'call_centre', summary }
      });
      expect(res.status).toBe(201);
      return summary;
    };
    const said = () => heard.map((i) => JSON.stringify(i));
    /**
     * Logs a note on the covered dossier, then one on the stand-in's own team's dossier (always heard): pushes
     * leave in seq order, so once the second arrives the first has arrived too or never will.
     */
    const probe = async () => {
      const covered = await note(cookieA2, cast.dossierA.id);
      const own = await note(cookieB, cast.dossierB.id);
      await vi.waitFor(() => expect(said().some((s) => s.includes(own))).toBe(true), { timeout: 2_000 });
      return said().some((s) => s.includes(covered));
    };

    expect(await probe()).toBe(false); // another team's dossier, nobody absent

    // The owner falls ill now and hands to the rep of the other team (an absence planned days ahead would
    // already open the dossier to them: the shadow week, F2).
    const absence = await api(server.url, '/api/absences', {
      method: 'POST',
      cookie: ownerCookie,
      body: { userId: owner.id, kind: 'illness', to: iso(MONDAY + 60 * MIN), handToId: cast.repB.id }
    });
    expect(absence.status).toBe(201);
    await vi.waitFor(() => expect(desk.some((p) => p.reason === 'coverage')).toBe(true), { timeout: 2_000 });
    expect(await probe()).toBe(true);

    desk.length = 0;
    await time.advance(61 * MIN); // past `to`: the end job, coverage ends
    await vi.waitFor(() => expect(desk.some((p) => p.reason === 'coverage')).toBe(true), { timeout: 2_000 });
    expect(await probe()).toBe(false);
  });
});
