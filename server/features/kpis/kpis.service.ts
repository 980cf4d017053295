import {
  POINTS_OF_SALE,
  type KpiGrouping,
  type KpiPeriodDTO,
  type KpiQuery,
  type KpiReportDTO,
  type KpiRowDTO
} from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import { teamCalendar } from '../../kernel/team-calendar';
import type { Team, User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import { aggregate, weeklySeries, type RiskByPerson } from './kpi-aggregate';
import type { KpiFacts, KpiStore } from './kpi-store';
import { previousPeriod, requestedPeriod, type Period } from './kpis.rules';

export interface KpiService {
  /** GET /api/kpis: one team's figures for a period and the previous one, cut by team, person or point of sale. */
  report(actor: User, query: KpiQuery): Promise<KpiReportDTO>;
}

/** People who carry figures (own dossiers, take callbacks): reps and managers; admins and viewers do not. */
const FIGURE_ROLES: ReadonlySet<User['role']> = new Set(['rep', 'manager']);

/**
 * Who may read a team's KPIs (issue #10): admins every team, managers their teams, reps and viewers their own
 * team (its person rows included). Anyone else: 403 with a message.
 */
export function mayReadKpis(actor: Pick<User, 'role' | 'teamIds'>, teamId: string): boolean {
  return actor.role === 'admin' || actor.teamIds.includes(teamId);
}

export function createKpiService(deps: {
  kpis: KpiStore;
  teams: { get(teamId: string): Promise<Team | null> };
  membersOf(teamId: string): Promise<User[]>;
  namesOf(userIds: readonly string[]): Promise<Map<string, string>>;
  /** Continuity's K2 and K4 thresholds (knowledge-risk.rules.ts), so KS7 counts as GET /api/knowledge-risk does. */
  riskThresholds: { contactConfirmMs: number; quietMs: number };
  clock: Clock;
}): KpiService {
  const periodDTO = (p: Period): KpiPeriodDTO => ({
    from: p.from,
    to: p.to,
    start: new Date(p.start).toISOString(),
    end: new Date(p.end).toISOString(),
    days: p.days
  });

  async function factsFor(team: Team, timeZone: string, period: Period, groupBy: KpiGrouping): Promise<KpiFacts> {
    return deps.kpis.facts({
      teamId: team.id,
      timeZone,
      fromDay: period.from,
      toDay: period.to,
      start: period.start,
      end: period.end,
      groupBy
    });
  }

  /** The row keys of a grouping and their labels: members (plus anyone else the facts name), points of sale, team. */
  async function rowKeys(team: Team, groupBy: KpiGrouping, facts: KpiFacts[]): Promise<Map<string, string>> {
    if (groupBy === 'team') return new Map([[team.id, team.name]]);
    if (groupBy === 'pointOfSale') return new Map(POINTS_OF_SALE.map((p) => [p, p]));
    const members = (await deps.membersOf(team.id)).filter((u) => FIGURE_ROLES.has(u.role));
    const labels = new Map(members.map((u) => [u.id, u.name]));
    // Former members and colleagues from elsewhere who did the team's work keep their figures.
    const named = new Set<string>();
    for (const f of facts) {
      for (const i of f.interactions) named.add(i.key);
      for (const l of f.leads) named.add(l.ownerId);
      for (const t of f.tasks) named.add(t.assigneeId);
      for (const t of f.tickets) named.add(t.assigneeId);
      for (const h of f.handoffs) named.add(h.toUserId);
      for (const g of f.gaps) named.add(g.ownerId);
      for (const s of f.stagesAtEnd) named.add(s.ownerId);
    }
    const others = [...named].filter((id) => id && !labels.has(id));
    const names = await deps.namesOf(others);
    for (const id of others) labels.set(id, names.get(id) ?? id);
    return new Map([...labels].sort((a, b) => a[1].localeCompare(b[1])));
  }

  async function knowledgeRisk(teamId: string, now: number): Promise<RiskByPerson> {
    const counts = await deps.kpis.knowledgeRisk({ teamId, now, ...deps.riskThresholds });
    return new Map(counts.map((c) => [c.ownerId, { dossiers: c.dossiers, atRisk: c.atRisk }]));
  }

  return {
    async report(actor, query) {
      const now = deps.clock.now();
      const teamId = query.team ?? actor.teamIds[0];
      if (!teamId) throw new DomainError('invalid', 'name a team (`team=`): you belong to none');
      const team = await deps.teams.get(teamId);
      if (!team) throw new DomainError('not_found', 'team not found');
      if (!mayReadKpis(actor, teamId)) throw new DomainError('forbidden', 'you may not read the KPIs of this team');
      const { timeZone } = teamCalendar(team);
      const period = requestedPeriod({ from: query.from, to: query.to, now, timeZone });
      const previous = previousPeriod(period, timeZone);
      const { groupBy } = query;

      const [current, before, risk] = await Promise.all([
        factsFor(team, timeZone, period, groupBy),
        factsFor(team, timeZone, previous, groupBy),
        knowledgeRisk(team.id, now)
      ]);
      const keys = await rowKeys(team, groupBy, [current, before]);
      const rows = (facts: KpiFacts, p: Period, by: KpiGrouping, k: string[], r: RiskByPerson | null) =>
        aggregate({ facts, groupBy: by, teamId: team.id, keys: k, period: p, now, risk: r });
      const cur = rows(current, period, groupBy, [...keys.keys()], groupBy === 'pointOfSale' ? null : risk);
      const prev = rows(before, previous, groupBy, [...keys.keys()], null);
      // Team totals from the same facts: interactions re-keyed to the team, every other fact is a plain list.
      const asTeam = (f: KpiFacts): KpiFacts => ({
        ...f,
        interactions: f.interactions.map((i) => ({ ...i, key: team.id }))
      });
      const totals: KpiRowDTO =
        groupBy === 'team'
          ? { key: team.id, label: team.name, current: cur.get(team.id)!, previous: prev.get(team.id)! }
          : {
              key: team.id,
              label: team.name,
              current: rows(asTeam(current), period, 'team', [team.id], risk).get(team.id)!,
              previous: rows(asTeam(before), previous, 'team', [team.id], null).get(team.id)!
            };
      return {
        team: { id: team.id, name: team.name, timeZone },
        groupBy,
        period: periodDTO(period),
        previousPeriod: periodDTO(previous),
        totals,
        rows: [...keys].map(([key, label]) => ({ key, label, current: cur.get(key)!, previous: prev.get(key)! })),
        weeks: weeklySeries(current, period),
        generatedAt: new Date(now).toISOString()
      };
    }
  };
}
