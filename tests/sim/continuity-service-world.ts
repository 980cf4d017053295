/**
 * The simulation's world on the real system: every action is an HTTP request as the acting person (routes,
 * authorisation, services, outbox, jobs), coverage is asked of the app's own CoverageService (the one the desk,
 * permissions and routing use), and the orphan check after an offboarding reads the stores and the API.
 */
import type {
  AbsenceDTO,
  HandoffDTO,
  OffboardingDTO,
  OffboardingRefusalDTO,
  DeskDTO
} from '../../src/lib/contract/continuity';
import type { CoverageService } from '../../server/features/continuity';
import type { Dossier } from '../../server/kernel/types';
import type { FakeTime } from '../helpers/fake-time';
import { startSimApp, type SimResponse } from './continuity-harness';
import { SimLedger } from './continuity-ledger';
import type { SimWorld } from './continuity-quarter';
import type { SimAction, SimScenario } from './continuity-scenario';

const iso = (ms: number) => new Date(ms).toISOString();

export async function createServiceWorld(
  scenario: SimScenario,
  time: FakeTime,
  coverageOfApp: (app: Awaited<ReturnType<typeof startSimApp>>['app']) => CoverageService
): Promise<SimWorld> {
  const sim = await startSimApp({ scenario, time, memory: true });
  const { app, call } = sim;
  const coverage = coverageOfApp(app);
  const ledger = new SimLedger();
  const ids = scenario.dossiers.map((d) => d.id);
  const teamMembers = new Map(scenario.teams.map((t) => [t.id, t.memberIds]));
  const expectOk = (what: string, res: SimResponse, ...ok: number[]) => {
    if (!ok.includes(res.status)) throw new Error(`sim setup ${what}: ${res.status} ${JSON.stringify(res.body)}`);
  };

  // Deputies through the real route (each person sets their own; the cycle included).
  for (const p of scenario.people) {
    if (!p.deputyId) continue;
    expectOk(
      `deputy of ${p.id}`,
      await call(p.id, 'PUT', `/api/users/${p.id}/deputy`, { deputyId: p.deputyId }),
      200,
      204
    );
  }

  // Dossiers are re-read only when the activity log says one changed (owner, stand-ins, KAM: all written with
  // a dossier.* event in the same transaction); 20,000 rows per check would otherwise dominate the run.
  let cached: Dossier[] = await app.store.dossiers.getMany(ids);
  let cachedSeq = (await app.store.activity.bounds()).lastSeq;
  async function dossiers(): Promise<Dossier[]> {
    const { lastSeq } = await app.store.activity.bounds();
    if (lastSeq === cachedSeq) return cached;
    let after = cachedSeq;
    let changed = false;
    while (!changed && after < lastSeq) {
      const page = await app.store.activity.listSince({ afterSeq: after, teamIds: 'all', limit: 1_000 });
      if (page.length === 0) break;
      changed = page.some((e) => e.type.startsWith('dossier.'));
      after = page[page.length - 1].seq;
    }
    if (changed) cached = await app.store.dossiers.getMany(ids);
    cachedSeq = lastSeq;
    return cached;
  }

  const rejected = (res: SimResponse) => {
    if (res.status >= 500) throw new Error(`server error ${res.status}: ${JSON.stringify(res.body)}`);
    const code = (res.body as { error?: { code?: string } } | null)?.error?.code ?? 'unknown';
    return { rejected: `${res.status} ${code}` };
  };
  const gone = (id: string | null | undefined) => !!id && ledger.departed.has(id);

  async function offboard(userId: string): Promise<'ok' | { rejected: string }> {
    const admin = scenario.admin.id;
    const path = `/api/users/${userId}/offboarding`;
    const held = await call(admin, 'GET', path);
    if (held.status !== 200) return rejected(held);
    const note = 'Leaving the company (simulation)';
    let res = await call(admin, 'POST', path, { rule: 'deputy', note });
    if (res.status === 409) {
      // Round robin over the leaver's team for whatever the deputy rule could not place; an assignment the
      // service calls invalid (e.g. someone as their own deputy, an owner as their own stand-in) moves on to the
      // next colleague in the rotation, a few times at most.
      const refusal = (res.body as { error: { details?: OffboardingRefusalDTO } }).error.details;
      const unassigned = refusal?.unassigned ?? (held.body as OffboardingDTO).items;
      const team = scenario.people.find((p) => p.id === userId)!.teamId;
      const takers = teamMembers.get(team)!.filter((id) => id !== userId && !gone(id));
      const turn = new Map(unassigned.map((item, i) => [`${item.kind}:${item.id}`, i]));
      const assignments = () =>
        unassigned.map((item) => ({
          kind: item.kind,
          id: item.id,
          toUserId: takers[turn.get(`${item.kind}:${item.id}`)! % takers.length]
        }));
      for (let attempt = 0; attempt < 4; attempt++) {
        res = await call(admin, 'POST', path, { rule: 'deputy', assignments: assignments(), note });
        const invalid = (res.body as { error?: { details?: OffboardingRefusalDTO } }).error?.details?.invalid ?? [];
        if (res.status !== 400 || invalid.length === 0) break;
        for (const bad of invalid) turn.set(`${bad.kind}:${bad.id}`, (turn.get(`${bad.kind}:${bad.id}`) ?? 0) + 1);
      }
    }
    if (res.status !== 200) {
      throw new Error(`offboarding ${userId} refused: ${res.status} ${JSON.stringify(res.body).slice(0, 600)}`);
    }
    ledger.departed.add(userId);
    return 'ok';
  }

  async function apply(action: SimAction): Promise<'ok' | 'skipped' | { rejected: string }> {
    switch (action.type) {
      case 'record_absence': {
        if (gone(action.byId) || gone(action.userId)) return 'skipped';
        const res = await call(action.byId, 'POST', '/api/absences', {
          userId: action.userId,
          kind: action.kind,
          ...(action.from === null ? {} : { from: iso(action.from) }),
          to: iso(action.to),
          ...(action.handToId && !gone(action.handToId) ? { handToId: action.handToId } : {})
        });
        if (res.status !== 201) return rejected(res);
        ledger.putAbsence(action.key, res.body as AbsenceDTO);
        return 'ok';
      }
      case 'patch_absence':
      case 'end_absence': {
        const absence = ledger.absences.get(action.key);
        if (!absence || gone(action.byId)) return 'skipped';
        const at = time.now();
        if (action.type === 'end_absence' && (at < absence.from || at >= absence.to || absence.endedAt !== null))
          return 'skipped';
        const res =
          action.type === 'patch_absence'
            ? await call(action.byId, 'PATCH', `/api/absences/${absence.id}`, { to: iso(action.to) })
            : await call(action.byId, 'POST', `/api/absences/${absence.id}/end`);
        if (res.status !== 200) return rejected(res);
        ledger.putAbsence(action.key, res.body as AbsenceDTO);
        return 'ok';
      }
      case 'handoff': {
        // Whoever owns the dossier NOW hands it (a permanent hand-off or an offboarding may have moved it).
        const dossier = await app.store.dossiers.get(action.dossierId);
        if (!dossier || gone(dossier.ownerId)) return 'skipped';
        const to = [action.toUserId, ...teamMembers.get(dossier.teamId)!].find(
          (id) => id !== dossier.ownerId && !gone(id)
        );
        if (!to) return 'skipped';
        const res = await call(dossier.ownerId, 'POST', `/api/dossiers/${dossier.id}/handoffs`, {
          toUserId: to,
          ...(action.until === null ? {} : { until: iso(action.until) }),
          note: 'Please look after this one (simulation).'
        });
        if (res.status !== 201) return rejected(res);
        ledger.putHandoff(action.key, res.body as HandoffDTO);
        return 'ok';
      }
      case 'pickup': {
        const handoff = ledger.handoffs.get(action.key);
        if (!handoff || gone(handoff.toUserId)) return 'skipped';
        const res = await call(handoff.toUserId, 'POST', `/api/handoffs/${handoff.id}/pickup`);
        if (res.status !== 200) return rejected(res);
        ledger.putHandoff(action.key, res.body as HandoffDTO);
        return 'ok';
      }
      case 'offboard':
        return offboard(action.userId);
    }
  }

  async function referencesTo(userId: string): Promise<string[]> {
    const refs: string[] = [];
    for (const d of await app.store.dossiers.getMany(ids)) {
      if (d.ownerId === userId) refs.push(`owner of ${d.id}`);
      if (d.standInIds.includes(userId)) refs.push(`stand-in on ${d.id}`);
      if (d.keyAccountManagerId === userId) refs.push(`key account manager of ${d.id}`);
    }
    for (const u of await app.store.users.listUsers({ includeDeactivated: true })) {
      if (u.deputyId === userId && u.id !== userId) refs.push(`deputy of ${u.id}`);
      if (u.id === userId && u.deactivatedAt === null) refs.push('still active');
    }
    const open = await app.store.tasks.list({
      teamIds: 'all',
      assigneeId: userId,
      statuses: ['open', 'in_progress'],
      limit: 10
    });
    for (const t of open.items) refs.push(`assignee of open task ${t.id}`);
    const now = time.now();
    for (const t of scenario.teams) {
      const res = await call(
        scenario.admin.id,
        'GET',
        `/api/absences?team=${t.id}&from=${iso(now)}&to=${iso(scenario.end + 365 * 86_400_000)}`
      );
      const items = (res.body as { items?: AbsenceDTO[] } | AbsenceDTO[]) ?? [];
      for (const a of Array.isArray(items) ? items : (items.items ?? [])) {
        if (a.handToId === userId && a.status !== 'ended') refs.push(`hand-to of absence ${a.id}`);
      }
    }
    for (const h of ledger.handoffs.values()) {
      const res = await call(scenario.admin.id, 'GET', `/api/handoffs/${h.id}`);
      const dto = res.body as HandoffDTO;
      if (res.status === 200 && dto.toUserId === userId && (dto.status === 'pending' || dto.status === 'picked_up')) {
        refs.push(`receiver of open hand-off ${h.id}`);
      }
    }
    const left = await call(scenario.admin.id, 'GET', `/api/users/${userId}/offboarding`);
    if (left.status === 200 && (left.body as OffboardingDTO).items.length > 0) {
      refs.push(`GET offboarding still lists ${(left.body as OffboardingDTO).items.length} items`);
    }
    return refs;
  }

  return {
    ledger,
    apply,
    dossiers,
    coverageOf: (list, at) => coverage.coverageOf(list, at),
    gapsIn: async (teamIds, at) => new Set((await coverage.gapsIn(teamIds, at)).map((g) => g.dossierId)),
    async deskGaps(managerId) {
      const res = await call(managerId, 'GET', '/api/desk');
      // Until the desk service is merged the route does not exist; the runner then counts no desk checks.
      if (res.status === 404) return null;
      if (res.status !== 200)
        throw new Error(`GET /api/desk as ${managerId}: ${res.status} ${JSON.stringify(res.body)}`);
      return new Set((res.body as DeskDTO).gaps.map((g) => g.dossier.id));
    },
    lastSeq: async () => (await app.store.activity.bounds()).lastSeq,
    referencesTo,
    close: () => sim.close()
  };
}
