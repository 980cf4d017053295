import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedIntakeKeyDTO } from '../../src/lib/contract';
import { api, login } from '../helpers/clients';
import { startCastServer } from '../helpers/demo-cast';
import { createFakeTime } from '../helpers/fake-time';

const MONDAY = Date.parse('2026-11-23T09:10:00Z'); // 10:10 in Berlin, inside working hours
const env = { SESSION_IDLE_MINUTES: '10080', INTAKE_LEADS_PER_MINUTE: '60' };

type Ctx = Awaited<ReturnType<typeof startCastServer>>;

/**
 * Issue #8 duplicate race (IntakeStore IL4): identical leads arriving at the same instant over real HTTP. Each
 * request finds no dossier and drafts one; the store lets one claim the lead and the others become duplicates.
 */
describe('lead intake: identical leads at the same instant', () => {
  let ctx: Ctx;
  let key: string;

  beforeAll(async () => {
    const time = createFakeTime(MONDAY);
    ctx = await startCastServer({ clock: time, timer: time, env });
    const teamId = ctx.cast.teamA.id;
    const manager = ctx.server.demo.company.users.find((u) => u.role === 'manager' && u.teamIds.includes(teamId))!;
    const cookie = await login(ctx.server.url, manager.email, ctx.cast.password);
    const created = await api<CreatedIntakeKeyDTO>(ctx.server.url, `/api/teams/${teamId}/intake-keys`, {
      method: 'POST',
      cookie,
      body: { label: 'Race' }
    });
    expect(created.status).toBe(201);
    key = created.body.key;
  });
  afterAll(async () => {
    await ctx?.server.close();
  });

  it('ten concurrent identical leads make one dossier: 1×201 and 9×200 duplicate, each with its note and callback', async () => {
    const lead = { name: 'Zoë Brandt', company: 'Brandt Ölmühle', email: 'zoe@brandt-race.example', message: 'Hi' };
    const post = async () => {
      const res = await fetch(`${ctx.server.url}/api/intake/leads`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify(lead)
      });
      return {
        status: res.status,
        body: (await res.json()) as { dossierId: string; taskId: string; duplicate: boolean }
      };
    };
    // SQLite answers synchronously, so one request's intake would run start to end in one turn of the event
    // loop and no two could overlap. A store as slow as a network database (MongoDB) lets them: the duplicate
    // lookup yields to the event loop once, so all ten look before any of them writes.
    const intakeStore = ctx.server.app.store.intake;
    const findLead = intakeStore.findLead;
    let lookups = 0;
    intakeStore.findLead = async (...args) => {
      const found = await findLead(...args);
      lookups++;
      await new Promise((resolve) => setImmediate(resolve));
      return found;
    };
    let results: Awaited<ReturnType<typeof post>>[];
    try {
      results = await Promise.all(Array.from({ length: 10 }, post));
    } finally {
      intakeStore.findLead = findLead;
    }
    expect(lookups).toBe(10);
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(results.filter((r) => r.body.duplicate)).toHaveLength(9);
    const dossierIds = new Set(results.map((r) => r.body.dossierId));
    expect(dossierIds.size).toBe(1);
    const [dossierId] = dossierIds;

    const store = ctx.server.app.store;
    const named = await store.dossiers.list({ teamIds: 'all', q: 'Brandt Ölmühle', sort: 'name', limit: 50 });
    expect(named.items.map((d) => d.id)).toEqual([dossierId]);
    const taskIds = new Set(results.map((r) => r.body.taskId));
    expect(taskIds.size).toBe(10);
    for (const taskId of taskIds) {
      const task = (await store.tasks.get(taskId))!;
      expect(task).toMatchObject({ dossierId, kind: 'callback', interactionId: expect.any(String) });
      expect(await store.interactions.get(task.interactionId!)).toMatchObject({ dossierId, direction: 'inbound' });
    }
    const notes = await store.interactions.page(dossierId, { limit: 50 });
    expect(notes.items).toHaveLength(10);
  });
});
