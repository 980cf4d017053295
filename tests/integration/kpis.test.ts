import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiReportDTO, KpiValuesDTO, LifecycleStage } from '../../src/lib/contract';
import { LIFECYCLE_STAGES } from '../../src/lib/contract';
import type { NewEvent } from '../../server/kernel/events';
import { api, login } from '../helpers/clients';
import { demoCast } from '../helpers/demo-cast';
import { createFakeTime } from '../helpers/fake-time';
import { startTestServer, type TestServer } from '../helpers/start-test-server';

/*
 * A fixture built through the real services on a fake clock (team A, Europe/Berlin), then the KPIs compared with
 * values computed by hand. Period: Mon 2 – Sun 15 November 2026 (14 days, CET); previous: 19 October – 1 November
 * (crosses the DST change on 25 October).
 */
const FROM = '2026-11-02';
const TO = '2026-11-15';

describe('KPIs (GET /api/kpis, /api/kpis.csv)', () => {
  const time = createFakeTime(Date.parse('2026-10-19T08:00:00Z'));
  let server: TestServer;
  let cast: ReturnType<typeof demoCast>;
  let cookie: Record<'manager' | 'a1' | 'a2' | 'b' | 'managerB' | 'admin', string>;
  const ids: Record<string, string> = {};
  const setNow = (iso: string) => time.jump(Date.parse(iso) - time.now());

  async function ok<T = any>(who: keyof typeof cookie, path: string, body?: unknown, method = 'POST'): Promise<T> {
    const res = await api<T>(server.url, path, { method, cookie: cookie[who], body });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  const dossier = async (company: string, stage: LifecycleStage, ownerId: string) =>
    (await ok<{ id: string }>('manager', '/api/dossiers', { company, stage, ownerId, teamId: cast.teamA.id })).id;
  const log = (who: 'a1' | 'a2', dossierId: string, body: Record<string, unknown>) =>
    ok<{ id: string; ticketId?: string }>(who, `/api/dossiers/${dossierId}/interactions`, { summary: 'x', ...body });
  const task = async (dossierId: string, kind: string, dueAt: string, assigneeId: string) =>
    (await ok<{ id: string }>('manager', '/api/tasks', { dossierId, kind, title: kind, dueAt, assigneeId })).id;
  const gapEvent = (type: string, ownerId: string, at: string, openedAt: string): NewEvent =>
    ({
      id: `gap-${type}-${ownerId}-${at}`,
      type,
      at: Date.parse(at),
      actorId: null,
      onBehalfOfId: null,
      teamId: cast.teamA.id,
      dossierId: null,
      data: { ownerId, dossierIds: [ids.D], openedAt }
    }) as unknown as NewEvent;

  beforeAll(async () => {
    // Sessions outlive the month the fixture spans on the fake clock.
    server = await startTestServer({
      clock: time,
      timer: time,
      demoHistory: false,
      env: { SESSION_IDLE_MINUTES: '100000', SESSION_MAX_DAYS: '365' }
    });
    cast = demoCast(server);
    const users = server.demo.company.users;
    const managerA = users.find((u) => u.role === 'manager' && u.teamIds.includes(cast.teamA.id))!;
    const managerB = users.find((u) => u.role === 'manager' && u.teamIds.includes(cast.teamB.id))!;
    // A colleague whose name a spreadsheet would run as a formula (CSV neutralisation, end to end).
    await server.app.store.users.createUser({
      ...(await server.app.store.users.getUser(cast.repA2.id))!,
      id: 'u-formula',
      email: 'formula@staffel.demo',
      name: '=HYPERLINK("http://evil")',
      deputyId: null
    });
    const signIn = (email: string) => login(server.url, email, cast.password);
    cookie = {
      manager: await signIn(managerA.email),
      a1: await signIn(cast.repA1.email),
      a2: await signIn(cast.repA2.email),
      b: await signIn(cast.repB.email),
      managerB: await signIn(managerB.email),
      admin: await signIn(cast.admin.email)
    };
    const [a1, a2] = [cast.repA1.id, cast.repA2.id];

    // Previous period: customers D, E (A1) and F (A2); lead L0 answered after 10 minutes.
    setNow('2026-10-19T10:00:00+02:00');
    ids.D = await dossier('Dach GmbH', 'customer', a1);
    ids.E = await dossier('Esche KG', 'customer', a1);
    ids.F = await dossier('Fichte AG', 'customer', a2);
    await ok('manager', `/api/dossiers/${ids.D}`, { standInIds: [a2] }, 'PATCH');
    setNow('2026-10-20T09:00:00+02:00');
    ids.L0 = await dossier('Lead Null', 'lead', a1);
    await log('a1', ids.L0, { type: 'note', pointOfSale: 'web_shop', direction: 'inbound' });
    setNow('2026-10-20T09:10:00+02:00');
    await log('a1', ids.L0, { type: 'call', pointOfSale: 'call_centre', direction: 'outbound' });

    // Current period: three leads (30 min, 90 min and converted, unanswered).
    setNow('2026-11-02T09:00:00+01:00');
    ids.L1 = await dossier('Lead Eins', 'lead', a1);
    await log('a1', ids.L1, { type: 'note', pointOfSale: 'web_shop', direction: 'inbound' });
    setNow('2026-11-02T09:30:00+01:00');
    await log('a1', ids.L1, { type: 'call', pointOfSale: 'call_centre', direction: 'outbound' });
    setNow('2026-11-03T10:00:00+01:00');
    ids.L2 = await dossier('Lead Zwei', 'lead', a2);
    await log('a2', ids.L2, { type: 'call', pointOfSale: 'shop', direction: 'inbound' });
    setNow('2026-11-03T11:30:00+01:00');
    await log('a2', ids.L2, { type: 'email', pointOfSale: 'call_centre', direction: 'outbound' });
    setNow('2026-11-03T12:00:00+01:00');
    await ok('a2', `/api/dossiers/${ids.L2}/stage`, { stage: 'prospect' });
    setNow('2026-11-03T13:00:00+01:00');
    await ok('a2', `/api/dossiers/${ids.L2}/stage`, { stage: 'customer' });
    setNow('2026-11-04T10:00:00+01:00');
    ids.L3 = await dossier('Lead Drei', 'lead', a1);
    await log('a1', ids.L3, { type: 'visit', pointOfSale: 'field_sales', direction: 'inbound' });

    // Callbacks: on time (A1), late (A1), never done (A2); a task due after the period.
    setNow('2026-11-04T11:00:00+01:00');
    ids.CB1 = await task(ids.D, 'callback', '2026-11-05T12:00:00+01:00', a1);
    ids.CB2 = await task(ids.D, 'callback', '2026-11-06T12:00:00+01:00', a1);
    await task(ids.F, 'callback', '2026-11-09T12:00:00+01:00', a2);
    await task(ids.F, 'task', '2026-11-20T12:00:00+01:00', a2);
    setNow('2026-11-05T10:00:00+01:00');
    await log('a1', ids.D, { type: 'offer', pointOfSale: 'field_sales', amount: 2500.25 });
    setNow('2026-11-05T11:00:00+01:00');
    await ok('a1', `/api/tasks/${ids.CB1}/complete`, {});
    // A complaint on service; its ticket (owner A1) resolved a day later.
    setNow('2026-11-06T10:00:00+01:00');
    const complaint = await log('a1', ids.D, { type: 'complaint', pointOfSale: 'service_technician' });
    setNow('2026-11-06T13:00:00+01:00');
    await ok('a1', `/api/tasks/${ids.CB2}/complete`, {});
    setNow('2026-11-07T10:00:00+01:00');
    await ok('a1', `/api/tasks/${complaint.ticketId}/complete`, {});

    // Coverage gaps (another helper's events, appended in their documented shape): A1 4 h closed, A2 still open.
    await server.app.store.activity.append([
      gapEvent('coverage.gap_opened', a1, '2026-11-08T10:00:00+01:00', '2026-11-08T09:00:00.000Z')
    ]);
    await server.app.store.activity.append([
      gapEvent('coverage.gap_closed', a1, '2026-11-08T14:00:00+01:00', '2026-11-08T09:00:00.000Z'),
      gapEvent('coverage.gap_opened', a2, '2026-11-14T10:00:00+01:00', '2026-11-14T09:00:00.000Z')
    ]);

    // A hand-off A1 → A2, picked up after two hours.
    setNow('2026-11-10T09:00:00+01:00');
    const handoff = await ok<{ id: string }>('a1', `/api/dossiers/${ids.E}/handoffs`, {
      toUserId: a2,
      until: '2026-11-12T09:00:00+01:00',
      note: 'please look after Esche'
    });
    setNow('2026-11-10T11:00:00+01:00');
    await ok('a2', `/api/handoffs/${handoff.id}/pickup`);
    // A meeting corrected back into the previous period: it moves there.
    setNow('2026-11-10T12:00:00+01:00');
    const meeting = await log('a2', ids.F, { type: 'meeting', pointOfSale: 'field_sales' });
    await ok('a2', `/api/interactions/${meeting.id}`, { at: '2026-10-25T12:00:00+01:00' }, 'PATCH');
    // F goes dormant and is won back.
    setNow('2026-11-11T10:00:00+01:00');
    await ok('a2', `/api/dossiers/${ids.F}/stage`, { stage: 'dormant', reason: 'quiet' });
    setNow('2026-11-12T10:00:00+01:00');
    await ok('a2', `/api/dossiers/${ids.F}/stage`, { stage: 'customer' });

    // Boundaries, back-dated: 23:30 local on the last day is inside, 00:10 the day after and 23:59 the day
    // before the first are not (the last counts in the previous period).
    setNow('2026-11-16T12:00:00+01:00');
    await log('a2', ids.D, {
      type: 'order',
      pointOfSale: 'field_sales',
      amount: 1000.5,
      at: '2026-11-15T23:30:00+01:00'
    });
    await log('a2', ids.D, {
      type: 'order',
      pointOfSale: 'field_sales',
      amount: 99.99,
      at: '2026-11-16T00:10:00+01:00'
    });
    await log('a1', ids.D, {
      type: 'call',
      pointOfSale: 'call_centre',
      direction: 'outbound',
      at: '2026-11-01T23:59:00+01:00'
    });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  const report = (who: keyof typeof cookie, groupBy: string, team = cast.teamA.id) =>
    api<KpiReportDTO>(server.url, `/api/kpis?team=${team}&from=${FROM}&to=${TO}&groupBy=${groupBy}`, {
      cookie: cookie[who]
    });
  const seedStages = (end: number, ownerId?: string) => {
    const counts = Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, 0])) as Record<LifecycleStage, number>;
    for (const { dossier: d } of server.demo.company.dossiers) {
      if (d.teamId === cast.teamA.id && d.createdAt < end && (!ownerId || d.ownerId === ownerId)) counts[d.stage] += 1;
    }
    return counts;
  };
  const byType = (counts: Partial<Record<string, number>>) => ({
    call: 0,
    email: 0,
    meeting: 0,
    visit: 0,
    offer: 0,
    order: 0,
    complaint: 0,
    note: 0,
    ...counts
  });

  it('groupBy=team: every KPI equals the hand-computed values, with the previous period', async () => {
    const res = await report('manager', 'team');
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.period).toMatchObject({
      from: FROM,
      to: TO,
      days: 14,
      start: '2026-11-01T23:00:00.000Z',
      end: '2026-11-15T23:00:00.000Z'
    });
    expect(r.previousPeriod).toMatchObject({
      from: '2026-10-19',
      to: '2026-11-01',
      days: 14,
      start: '2026-10-18T22:00:00.000Z'
    });
    expect(r.rows).toHaveLength(1);
    const c = r.rows[0]!.current;
    const end = Date.parse(r.period.end);
    const stages = seedStages(end);
    stages.customer += 4; // D, E, F, L2
    stages.lead += 3; // L0, L1, L3
    const risk = (
      await api<Array<{ dossierCount: number; atRisk: number }>>(
        server.url,
        `/api/knowledge-risk?team=${cast.teamA.id}`,
        { cookie: cookie.manager }
      )
    ).body;
    expect(c).toEqual<KpiValuesDTO>({
      leads: 3,
      leadResponse: { count: 2, medianMinutes: 60, p90Minutes: 90 },
      leadsUnanswered: 1,
      leadsConverted: 1,
      conversionRate: 0.3333,
      callbacksDue: 3,
      callbacksOnTime: 1,
      callbackOnTimeRate: 0.3333,
      overdueTasks: 2,
      interactions: 8,
      interactionsPerWeek: 4,
      interactionsByType: byType({ note: 1, call: 2, email: 1, visit: 1, offer: 1, order: 1, complaint: 1 }),
      offers: { count: 1, value: 2500.25 },
      orders: { count: 1, value: 1000.5 },
      complaints: 1,
      ticketsResolved: 1,
      resolveTime: { count: 1, medianMinutes: 1440, p90Minutes: 1440 },
      handoffs: 1,
      handoffsPickedUp: 1,
      pickupTime: { count: 1, medianMinutes: 120, p90Minutes: 120 },
      coverageGaps: 2,
      coverageGapsOpen: 1,
      gapDuration: { count: 1, medianMinutes: 240, p90Minutes: 240, totalMinutes: 240 },
      knowledgeAtRisk: {
        dossiers: risk.reduce((n, p) => n + p.dossierCount, 0),
        atRisk: risk.reduce((n, p) => n + p.atRisk, 0)
      },
      dormant: stages.dormant,
      movedToDormant: 1,
      winBacks: 1,
      stages
    });
    const p = r.rows[0]!.previous;
    const prevStages = seedStages(Date.parse(r.previousPeriod.end));
    prevStages.customer += 3;
    prevStages.lead += 1;
    expect(p).toMatchObject({
      leads: 1,
      leadResponse: { count: 1, medianMinutes: 10, p90Minutes: 10 },
      interactions: 4,
      interactionsByType: byType({ note: 1, call: 2, meeting: 1 }),
      callbacksDue: 0,
      overdueTasks: 0,
      handoffs: 0,
      coverageGaps: 0,
      knowledgeAtRisk: null,
      stages: prevStages
    });
    // The weekly chart: Mon 2 and Mon 9 November.
    expect(r.weeks.map((w) => w.weekStart)).toEqual(['2026-11-02', '2026-11-09']);
    expect(r.weeks[1]!.byType).toEqual(byType({ order: 1 }));
    expect(r.totals.current).toEqual(c);
  });

  it('groupBy=person: figures land on the author, owner, assignee, receiver', async () => {
    const res = await report('manager', 'person');
    expect(res.status).toBe(200);
    const row = (id: string) => res.body.rows.find((x) => x.key === id)!;
    const a1 = row(cast.repA1.id).current;
    const a2 = row(cast.repA2.id).current;
    expect(row(cast.repA1.id).label).toBe(cast.repA1.name);
    expect(a1).toMatchObject({
      leads: 2,
      leadResponse: { count: 1, medianMinutes: 30, p90Minutes: 30 },
      leadsUnanswered: 1,
      leadsConverted: 0,
      callbacksDue: 2,
      callbacksOnTime: 1,
      overdueTasks: 1,
      interactions: 5,
      interactionsByType: byType({ note: 1, call: 1, visit: 1, offer: 1, complaint: 1 }),
      offers: { count: 1, value: 2500.25 },
      orders: { count: 0, value: 0 },
      ticketsResolved: 1,
      handoffs: 0,
      coverageGaps: 1,
      coverageGapsOpen: 0,
      movedToDormant: 0,
      winBacks: 0
    });
    expect(a2).toMatchObject({
      leads: 1,
      leadResponse: { count: 1, medianMinutes: 90, p90Minutes: 90 },
      leadsConverted: 1,
      conversionRate: 1,
      callbacksDue: 1,
      callbacksOnTime: 0,
      overdueTasks: 1,
      interactions: 3,
      orders: { count: 1, value: 1000.5 },
      handoffs: 1,
      pickupTime: { count: 1, medianMinutes: 120, p90Minutes: 120 },
      coverageGaps: 1,
      coverageGapsOpen: 1,
      movedToDormant: 1,
      winBacks: 1
    });
    // Knowledge at risk per person equals GET /api/knowledge-risk's row (continuity's K1–K4).
    const risk = await api<Array<{ userId: string; dossierCount: number; atRisk: number }>>(
      server.url,
      `/api/knowledge-risk?team=${cast.teamA.id}`,
      { cookie: cookie.manager }
    );
    const a1Risk = risk.body.find((p) => p.userId === cast.repA1.id)!;
    expect(a1.knowledgeAtRisk).toEqual({ dossiers: a1Risk.dossierCount, atRisk: a1Risk.atRisk });
    const end = Date.parse(res.body.period.end);
    const a1Stages = seedStages(end, cast.repA1.id);
    a1Stages.customer += 2;
    a1Stages.lead += 3; // L0, L1, L3
    expect(a1.stages).toEqual(a1Stages);
    expect(row(cast.repA1.id).previous).toMatchObject({ leads: 1, interactions: 3 });
    expect(row(cast.repA2.id).previous).toMatchObject({ leads: 0, interactions: 1 });
    // Nobody of another team; the rows add up to the team.
    expect(res.body.rows.map((x) => x.key)).not.toContain(cast.repB.id);
    expect(res.body.rows.reduce((n, x) => n + x.current.interactions, 0)).toBe(8);
    expect(res.body.totals.current.interactions).toBe(8);
  });

  it('groupBy=pointOfSale: where leads came in and contacts happened; task figures do not apply', async () => {
    const res = await report('manager', 'pointOfSale');
    const row = (k: string) => res.body.rows.find((x) => x.key === k)!.current;
    expect(res.body.rows.map((x) => x.key)).toEqual([
      'call_centre',
      'field_sales',
      'shop',
      'service_technician',
      'web_shop'
    ]);
    expect(row('web_shop')).toMatchObject({ leads: 1, leadResponse: { medianMinutes: 30 }, interactions: 1 });
    expect(row('shop')).toMatchObject({
      leads: 1,
      leadsConverted: 1,
      leadResponse: { medianMinutes: 90 },
      interactions: 1
    });
    expect(row('field_sales')).toMatchObject({
      leads: 1,
      leadsUnanswered: 1,
      interactions: 3,
      offers: { count: 1, value: 2500.25 },
      orders: { count: 1, value: 1000.5 }
    });
    expect(row('call_centre')).toMatchObject({ leads: 0, interactions: 2 });
    expect(row('service_technician')).toMatchObject({
      complaints: 1,
      ticketsResolved: 1,
      resolveTime: { medianMinutes: 1440 },
      callbacksDue: null,
      overdueTasks: null,
      handoffs: null,
      stages: null,
      knowledgeAtRisk: null
    });
    expect(res.body.rows.find((x) => x.key === 'call_centre')!.previous.interactions).toBe(2);
    expect(res.body.totals.current.callbacksDue).toBe(3);
  });

  it('reps read their own team (person rows too); another team is 403 with a message; admins read all', async () => {
    const own = await report('a1', 'person');
    expect(own.status).toBe(200);
    expect(own.body.rows.map((x) => x.key)).toContain(cast.repA2.id);
    const foreign = await report('b', 'team');
    expect(foreign.status).toBe(403);
    expect((foreign.body as unknown as { error: unknown }).error).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/team/)
    });
    expect((await report('managerB', 'person')).status).toBe(403);
    expect((await report('admin', 'team', cast.teamB.id)).status).toBe(200);
    expect((await report('manager', 'team', 'no-such-team')).status).toBe(404);
    const bad = await api(server.url, `/api/kpis?team=${cast.teamA.id}&from=2026-11-10&to=2026-11-01`, {
      cookie: cookie.manager
    });
    expect(bad.status).toBe(400);
    expect((await api(server.url, `/api/kpis?groupBy=city`, { cookie: cookie.manager })).status).toBe(400);
    expect((await api(server.url, `/api/kpis`)).status).toBe(401);
  });

  it('CSV round trip: BOM, semicolons and decimal commas, formula cells neutralised, same figures', async () => {
    const res = await fetch(
      `${server.url}/api/kpis.csv?team=${cast.teamA.id}&from=${FROM}&to=${TO}&groupBy=person&sep=semicolon&table=leads`,
      { headers: { cookie: cookie.manager } }
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="?kpis-person-2026-11-02-2026-11-15-leads\.csv/
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = parseCsv(new TextDecoder().decode(bytes.slice(3)), ';');
    const header = lines[0]!;
    expect(header.slice(0, 7)).toEqual(['group', 'key', 'label', 'from', 'to', 'leads', 'leads_previous']);
    const cell = (key: string, column: string) => lines.find((l) => l[1] === key)![header.indexOf(column)];
    expect(cell(cast.repA1.id, 'leads')).toBe('2');
    expect(cell(cast.repA1.id, 'leads_previous')).toBe('1');
    expect(cell(cast.repA1.id, 'callbackOnTimeRate')).toBe('0,5');
    expect(cell(cast.repA2.id, 'leadResponseMedian')).toBe('90');
    const formula = lines.find((l) => l[1] === 'u-formula')!;
    expect(formula[2]).toBe(`'=HYPERLINK("http://evil")`);
    const comma = await fetch(`${server.url}/api/kpis.csv?team=${cast.teamA.id}&from=${FROM}&to=${TO}`, {
      headers: { cookie: cookie.manager }
    });
    const text = (await comma.text()).replace(/^\uFEFF/, '');
    const rows = parseCsv(text, ',');
    expect(rows[1]![rows[0]!.indexOf('offersValue')]).toBe('2500.25');
  });
});

/** A small RFC 4180 reader (quotes, doubled quotes, CRLF) for the round trip. */
function parseCsv(text: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}
