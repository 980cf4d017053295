import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DigestDTO } from '../../src/lib/contract';
import { writeField } from '../../src/lib/dossier-doc';
import type { Absence } from '../../server/features/continuity/absence-store';
import { api, login, yClient } from '../helpers/clients';
import { startCastServer } from '../helpers/demo-cast';

type Ctx = Awaited<ReturnType<typeof startCastServer>>;

describe('while you were away (GET /api/digest)', () => {
  let ctx: Ctx | undefined;
  const cleanups: Array<() => void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) c();
    await ctx?.server.close();
    ctx = undefined;
  });

  it('lists per dossier what the stand-in did while the owner was away, attributed to them, and nothing else', async () => {
    ctx = await startCastServer({ demoHistory: false, env: { YJS_CHECKPOINT_IDLE_MS: '40' } });
    const { server, cast, cookieA1, cookieA2 } = ctx;
    const { company } = server.demo;
    const owner = cast.repA1;
    const standIn = cast.repA2;
    const target = company.dossiers.find((d) => d.dossier.ownerId === owner.id)!.dossier;
    const other = company.dossiers.find((d) => d.dossier.ownerId === standIn.id)!.dossier;

    // Nothing to report before any absence.
    expect((await api<DigestDTO>(server.url, '/api/digest', { cookie: cookieA1 })).body).toEqual({
      absence: null,
      dossiers: []
    });

    // The owner is away (recorded through the store: the absence routes are another helper's).
    const now = Date.now();
    const absence: Absence = {
      id: 'abs-digest-1',
      userId: owner.id,
      kind: 'vacation',
      from: now - 60_000,
      to: now + 3_600_000,
      handToId: standIn.id,
      note: null,
      endedAt: null,
      createdById: owner.id,
      createdAt: now - 120_000,
      updatedAt: now - 120_000,
      startedFiredAt: null,
      endedFiredAt: null,
      version: 1
    };
    await server.app.store.absences.create(absence, []);

    // The stand-in logs a call, completes a callback and edits a field of the owner's dossier.
    const logged = await api(server.url, `/api/dossiers/${target.id}/interactions`, {
      method: 'POST',
      cookie: cookieA2,
      body: { type: 'call', pointOfSale: 'call_centre', direction: 'outbound', summary: 'Asked about the pump order' }
    });
    expect(logged.status).toBe(201);
    const task = await api(server.url, '/api/tasks', {
      method: 'POST',
      cookie: cookieA2,
      body: {
        dossierId: target.id,
        kind: 'callback',
        title: 'Ring back about delivery',
        dueAt: new Date(now + 3_600_000).toISOString(),
        assigneeId: standIn.id
      }
    });
    expect(task.status).toBe(201);
    const done = await api(server.url, `/api/tasks/${task.body.id}/complete`, {
      method: 'POST',
      cookie: cookieA2,
      body: { outcome: 'Delivery on Friday' }
    });
    expect(done.status).toBe(200);
    const client = yClient(server.url, target.id, cookieA2);
    cleanups.push(() => client.destroy());
    await client.synced;
    writeField(client.doc, 'agreedConditions', '3 % Skonto bis Jahresende');
    await vi.waitFor(
      async () => {
        const versions = (await api(server.url, `/api/dossiers/${target.id}/versions`, { cookie: cookieA2 })).body;
        expect(versions.items[0].authors.map((a: { id: string }) => a.id)).toEqual([standIn.id]);
      },
      { timeout: 5000 }
    );

    // Not news: the owner's own call from home, and the stand-in's work on their own dossier.
    await api(server.url, `/api/dossiers/${target.id}/interactions`, {
      method: 'POST',
      cookie: cookieA1,
      body: { type: 'note', pointOfSale: 'call_centre', summary: 'Quick note from home' }
    });
    await api(server.url, `/api/dossiers/${other.id}/interactions`, {
      method: 'POST',
      cookie: cookieA2,
      body: { type: 'call', pointOfSale: 'call_centre', summary: 'My own customer' }
    });

    // The owner comes back; the digest appears once the absence is over.
    expect(await server.app.store.absences.end({ id: absence.id, at: Date.now() + 1, events: [] })).not.toBeNull();
    let digest!: DigestDTO;
    await vi.waitFor(async () => {
      digest = (await api<DigestDTO>(server.url, '/api/digest', { cookie: cookieA1 })).body;
      expect(digest.absence?.id).toBe(absence.id);
    });
    expect(digest.absence).toMatchObject({ userId: owner.id, status: 'ended', handToName: standIn.name });
    expect(digest.dossiers).toHaveLength(1);
    const [row] = digest.dossiers;
    expect(row).toMatchObject({ dossierId: target.id, company: target.company, byNames: [standIn.name] });
    expect(row!.interactions.map((i) => [i.summary, i.authorId])).toEqual([['Asked about the pump order', standIn.id]]);
    expect(row!.tasksDone.map((t) => t.title)).toEqual(['Ring back about delivery']);
    expect(row!.changedFields).toEqual(['agreedConditions']);
    expect(row!.entries.map((e) => [e.kind, e.byId])).toEqual([
      ['interaction', standIn.id],
      ['task_done', standIn.id],
      ['fields_changed', standIn.id]
    ]);

    // Whose digest may be read: the person, a manager of their team; not a colleague or another team.
    const byAbsence = (cookie: string) =>
      api(server.url, `/api/digest?absenceId=${absence.id}`, { cookie }).then((r) => r.status);
    const managerA = company.users.find((u) => u.role === 'manager' && u.teamIds.includes(cast.teamA.id))!;
    expect(await byAbsence(cookieA1)).toBe(200);
    expect(await byAbsence(await login(server.url, managerA.email, cast.password))).toBe(200);
    expect(await byAbsence(cookieA2)).toBe(404);
    expect(await byAbsence(ctx.cookieB)).toBe(404);
    expect((await api(server.url, '/api/digest?absenceId=nope-unknown', { cookie: cookieA1 })).status).toBe(404);
  });
});
