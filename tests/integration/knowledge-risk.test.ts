import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AtRiskDossierDTO, KnowledgeRiskDTO } from '../../src/lib/contract';
import { confirmContact, readContactsLive, writeField } from '../../src/lib/dossier-doc';
import { QUIET_MS } from '../../server/features/continuity/knowledge-risk.rules';
import { api, login, yClient } from '../helpers/clients';
import { startCastServer } from '../helpers/demo-cast';

type Ctx = Awaited<ReturnType<typeof startCastServer>>;

describe('knowledge at risk (GET /api/knowledge-risk)', () => {
  let ctx: Ctx | undefined;
  const cleanups: Array<() => void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) c();
    await ctx?.server.close();
    ctx = undefined;
  });

  it('reps see themselves, managers their teams’ people, nobody another team’s; the list names the reasons', async () => {
    ctx = await startCastServer({ demoHistory: false });
    const { server, cast, cookieA1, cookieA2, cookieB } = ctx;
    const { company } = server.demo;
    const managerA = company.users.find((u) => u.role === 'manager' && u.teamIds.includes(cast.teamA.id))!;
    const cookieManagerA = await login(server.url, managerA.email, cast.password);
    const cookieAdmin = await login(server.url, cast.admin.email, cast.password);
    const ownedBy = (userId: string) => company.dossiers.filter((d) => d.dossier.ownerId === userId);
    const risk = (cookie: string, query = '') =>
      api<KnowledgeRiskDTO[]>(server.url, `/api/knowledge-risk${query}`, { cookie });

    // A rep: only their own row. No stand-ins anywhere and no interactions (demoHistory off, dossiers years old).
    const own = await risk(cookieA1);
    expect(own.status).toBe(200);
    expect(own.body).toHaveLength(1);
    const mine = ownedBy(cast.repA1.id).length;
    expect(own.body[0]).toMatchObject({
      userId: cast.repA1.id,
      userName: cast.repA1.name,
      dossierCount: mine,
      atRisk: mine,
      reasons: { noStandIn: mine }
    });
    expect((await risk(cookieA1, `?team=${cast.teamB.id}`)).status).toBe(403);

    // A manager: every rep and manager of team A, nobody of team B; another team is refused.
    const team = await risk(cookieManagerA);
    const expectedIds = company.users
      .filter((u) => u.teamIds.includes(cast.teamA.id) && (u.role === 'rep' || u.role === 'manager'))
      .map((u) => u.id)
      .sort();
    expect(team.body.map((r) => r.userId).sort()).toEqual(expectedIds);
    expect(team.body.map((r) => r.userId)).not.toContain(cast.repB.id);
    expect((await risk(cookieManagerA, `?team=${cast.teamB.id}`)).status).toBe(403);
    expect((await risk(cookieAdmin, `?team=${cast.teamB.id}`)).body.map((r) => r.userId)).toContain(cast.repB.id);

    // The one-click list: the manager may open a member's, a colleague and another team's people may not.
    const list = (cookie: string, userId: string) =>
      api<AtRiskDossierDTO[]>(server.url, `/api/knowledge-risk/${userId}/dossiers`, { cookie });
    const atRisk = await list(cookieManagerA, cast.repA1.id);
    expect(atRisk.status).toBe(200);
    expect(atRisk.body.map((d) => d.dossierId).sort()).toEqual([...own.body[0]!.dossierIds].sort());
    expect(atRisk.body[0]!.reasons).toContain('noStandIn');
    expect((await list(cookieA2, cast.repA1.id)).status).toBe(404);
    expect((await list(cookieB, cast.repA1.id)).status).toBe(404);
    expect((await list(cookieManagerA, cast.repB.id)).status).toBe(404);
    expect((await list(cookieA1, cast.repA1.id)).status).toBe(200);

    // Fixing one dossier: a stand-in (record) and a confirmed primary contact + conditions (document, projected).
    const target = ownedBy(cast.repA1.id)[0]!.dossier;
    const patched = await api(server.url, `/api/dossiers/${target.id}`, {
      method: 'PATCH',
      cookie: cookieA1,
      body: { standInIds: [cast.repA2.id] }
    });
    expect(patched.status).toBe(200);
    const client = yClient(server.url, target.id, cookieA1);
    cleanups.push(() => client.destroy());
    await client.synced;
    const primary = readContactsLive(client.doc).find((c) => c.primary)!;
    confirmContact(client.doc, {
      contactId: primary.id,
      at: new Date().toISOString(),
      by: cast.repA1.id,
      byName: 'A1'
    });
    writeField(client.doc, 'mainInterests', 'Pumpen');
    writeField(client.doc, 'agreedConditions', '3 % Skonto');
    await vi.waitFor(
      async () => {
        const row = (await list(cookieA1, cast.repA1.id)).body.find((d) => d.dossierId === target.id);
        // Only K4 can be left: nothing was ever logged on it (quiet once it is older than six months).
        const quiet = target.createdAt < Date.now() - QUIET_MS;
        expect(row?.reasons ?? []).toEqual(quiet ? ['quiet'] : []);
      },
      { timeout: 5000, interval: 50 }
    );
    const after = (await risk(cookieA1)).body[0]!;
    expect(after.reasons.noStandIn).toBe(mine - 1);
  });
});
