import { afterEach, describe, expect, it } from 'vitest';
import type { AbsenceDTO, FeedResumeResult } from '../../src/lib/contract';
import { api, emitWithAck, socketClient, type TestSocket } from '../helpers/clients';
import { startCastServer } from '../helpers/demo-cast';
import { createFakeTime } from '../helpers/fake-time';

const MONDAY = Date.parse('2026-11-23T09:10:00Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const env = { SESSION_IDLE_MINUTES: '10080', SHADOW_DAYS: '5' };

type Ctx = Awaited<ReturnType<typeof startCastServer>>;

describe('shadow week in feed:resume (issue #9, coverage audience F2)', () => {
  let ctx: Ctx | undefined;
  const sockets: TestSocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await ctx?.server.close();
    ctx = undefined;
  });

  it('a stand-in of another team who disconnects in the shadow week gets the owner’s dossier events on resume', async () => {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, env, demoHistory: false, demoDossiers: 20 });
    const { server, cast, cookieA1, cookieB } = ctx;
    const company = server.demo.company;
    const own = company.dossiers.find((d) => d.dossier.ownerId === cast.repA1.id)!.dossier;
    const other = company.dossiers.find(
      (d) => d.dossier.teamId === cast.teamA.id && d.dossier.ownerId !== cast.repA1.id
    )!.dossier;

    // repA1 plans a vacation in two days and hands to repB (team B): repB shadows repA1's dossiers from now on.
    const absence = await api<AbsenceDTO>(server.url, '/api/absences', {
      method: 'POST',
      cookie: cookieA1,
      body: {
        userId: cast.repA1.id,
        kind: 'vacation',
        from: iso(MONDAY + 2 * DAY),
        to: iso(MONDAY + 6 * DAY),
        handToId: cast.repB.id
      }
    });
    expect(absence.status).toBe(201);

    const resume = async (afterSeq?: number) => {
      const socket = await socketClient(server.url, cookieB);
      sockets.push(socket);
      const ack = await emitWithAck(socket, 'feed:resume', afterSeq === undefined ? {} : { afterSeq });
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
      socket.close();
      return ack.data as FeedResumeResult;
    };
    // The stand-in was connected, knows where the feed stands, then goes offline.
    const { lastSeq } = await resume();

    const log = (dossierId: string, summary: string) =>
      api(server.url, `/api/dossiers/${dossierId}/interactions`, {
        method: 'POST',
        cookie: cookieA1,
        body: { type: 'call', pointOfSale: 'call_centre', direction: 'outbound', summary }
      });
    expect((await log(own.id, 'Konditionen für 2027 besprochen')).status).toBe(201);
    expect((await log(other.id, 'Nicht von repA1')).status).toBe(201);

    const back = await resume(lastSeq);
    expect(back.reset).toBeFalsy();
    const logged = back.events.filter((e) => e.type === 'interaction.logged');
    // The shadowed dossier's event, once; another team-A dossier's (not repA1's) stays out of team B's feed.
    expect(logged.map((e) => e.dossierId)).toEqual([own.id]);

    // Outside the shadow window (the vacation moved three weeks on) the resume no longer carries it.
    const moved = await api(server.url, `/api/absences/${absence.body.id}`, {
      method: 'PATCH',
      cookie: cookieA1,
      body: { from: iso(MONDAY + 20 * DAY), to: iso(MONDAY + 25 * DAY) }
    });
    expect(moved.status).toBe(200);
    await time.advance(2 * 60_000); // past the one-minute cache of upcoming absences
    const { lastSeq: before } = await resume();
    expect((await log(own.id, 'Nach der Verschiebung')).status).toBe(201);
    expect((await resume(before)).events.filter((e) => e.type === 'interaction.logged')).toEqual([]);
  });
});
