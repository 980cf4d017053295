import {
  LIFECYCLE_STAGES,
  type KpiGrouping,
  type KpiValuesDTO,
  type KpiWeekDTO,
  type LifecycleStage,
  type PointOfSale
} from '../../../src/lib/contract';
import type { KpiFacts } from './kpi-store';
import {
  doneOnTime,
  durationStats,
  emptyByType,
  overdueIn,
  perWeek,
  rate,
  weekStarts,
  type Period
} from './kpis.rules';

/** Knowledge at risk per person now (continuity's K1–K4 counts). */
export type RiskByPerson = Map<string, { dossiers: number; atRisk: number }>;

/**
 * Turns one period's facts into a values record per group key (pure). `keys` are the rows to report (every
 * member, every point of sale, or the team); facts of a key not listed still count in no row but the team's.
 * Which key a fact belongs to, per grouping:
 * - interactions: author / point of sale of the interaction;
 * - leads (response, conversion): the dossier's owner / the point of sale the lead came in at;
 * - tasks and callbacks: the assignee; tickets: the assignee / the complaint's point of sale;
 * - hand-offs: who received it; gaps: the owner left uncovered; stages and stage moves: the dossier's owner;
 * figures without a point of sale are null in point-of-sale rows.
 */
export function aggregate(options: {
  facts: KpiFacts;
  groupBy: KpiGrouping;
  teamId: string;
  keys: readonly string[];
  period: Period;
  now: number;
  risk: RiskByPerson | null;
}): Map<string, KpiValuesDTO> {
  const { facts, groupBy, teamId, period, now, risk } = options;
  const byPos = groupBy === 'pointOfSale';
  const personKey = (userId: string) => (groupBy === 'team' ? teamId : userId);
  const posKey = (pos: PointOfSale | null, userId: string) => (byPos ? pos : personKey(userId));

  const out = new Map<string, KpiValuesDTO>();
  const durations = new Map<string, { lead: number[]; resolve: number[]; pickup: number[]; gap: number[] }>();
  for (const key of options.keys) {
    out.set(key, emptyValues(byPos));
    durations.set(key, { lead: [], resolve: [], pickup: [], gap: [] });
  }
  const at = (key: string | null) => (key === null ? undefined : out.get(key));

  for (const i of facts.interactions) {
    const v = at(i.key);
    if (!v) continue;
    v.interactions += i.count;
    v.interactionsByType[i.type] += i.count;
    if (i.type === 'offer' || i.type === 'order') {
      const bucket = i.type === 'offer' ? v.offers : v.orders;
      bucket.count += i.count;
      bucket.value = (Math.round(bucket.value * 100) + i.amountCents) / 100;
    }
    if (i.type === 'complaint') v.complaints += i.count;
  }
  for (const lead of facts.leads) {
    const key = posKey(lead.pointOfSale, lead.ownerId);
    const v = at(key);
    if (!v) continue;
    v.leads += 1;
    if (lead.respondedAt === null) v.leadsUnanswered += 1;
    else durations.get(key!)!.lead.push(lead.respondedAt - lead.arrivedAt);
    if (lead.convertedAt !== null) v.leadsConverted += 1;
  }
  for (const t of facts.tickets) {
    const key = posKey(t.pointOfSale, t.assigneeId);
    const v = at(key);
    if (!v) continue;
    v.ticketsResolved += 1;
    durations.get(key!)!.resolve.push(t.doneAt - t.createdAt);
  }
  if (!byPos) {
    for (const t of facts.tasks) {
      const v = at(personKey(t.assigneeId));
      if (!v) continue;
      if (t.kind === 'callback') {
        v.callbacksDue! += 1;
        if (doneOnTime(t)) v.callbacksOnTime! += 1;
      }
      if (overdueIn(t, period, now)) v.overdueTasks! += 1;
    }
    for (const h of facts.handoffs) {
      const key = personKey(h.toUserId);
      const v = at(key);
      if (!v) continue;
      v.handoffs! += 1;
      if (h.pickedUpAt !== null) {
        v.handoffsPickedUp! += 1;
        durations.get(key)!.pickup.push(h.pickedUpAt - h.createdAt);
      }
    }
    for (const g of facts.gaps) {
      const key = personKey(g.ownerId);
      const v = at(key);
      if (!v) continue;
      v.coverageGaps! += 1;
      if (g.closedAt === null) v.coverageGapsOpen! += 1;
      else durations.get(key)!.gap.push(g.closedAt - g.openedAt);
    }
    for (const m of facts.stageMoves) {
      const v = at(personKey(m.ownerId));
      if (!v) continue;
      if (m.to === 'dormant') v.movedToDormant! += 1;
      else v.winBacks! += 1;
    }
    for (const s of facts.stagesAtEnd) {
      const v = at(personKey(s.ownerId));
      if (!v) continue;
      v.stages![s.stage] += s.count;
    }
  }

  for (const [key, v] of out) {
    const d = durations.get(key)!;
    v.leadResponse = durationStats(d.lead);
    v.conversionRate = rate(v.leadsConverted, v.leads);
    v.interactionsPerWeek = perWeek(v.interactions, period.days);
    v.resolveTime = durationStats(d.resolve);
    if (byPos) continue;
    v.callbackOnTimeRate = rate(v.callbacksOnTime!, v.callbacksDue!);
    v.pickupTime = durationStats(d.pickup);
    v.gapDuration = {
      ...durationStats(d.gap),
      totalMinutes: Math.round(d.gap.reduce((a, b) => a + b, 0) / 6_000) / 10
    };
    v.dormant = v.stages!.dormant;
    if (risk) {
      const members = groupBy === 'team' ? [...risk.values()] : [risk.get(key)].filter((r) => r !== undefined);
      v.knowledgeAtRisk = {
        dossiers: members.reduce((n, r) => n + r.dossiers, 0),
        atRisk: members.reduce((n, r) => n + r.atRisk, 0)
      };
    }
  }
  return out;
}

function emptyValues(byPos: boolean): KpiValuesDTO {
  const none = durationStats([]);
  const n = byPos ? null : 0;
  return {
    leads: 0,
    leadResponse: none,
    leadsUnanswered: 0,
    leadsConverted: 0,
    conversionRate: null,
    callbacksDue: n,
    callbacksOnTime: n,
    callbackOnTimeRate: null,
    overdueTasks: n,
    interactions: 0,
    interactionsPerWeek: 0,
    interactionsByType: emptyByType(),
    offers: { count: 0, value: 0 },
    orders: { count: 0, value: 0 },
    complaints: 0,
    ticketsResolved: 0,
    resolveTime: none,
    handoffs: n,
    handoffsPickedUp: n,
    pickupTime: byPos ? null : none,
    coverageGaps: n,
    coverageGapsOpen: n,
    gapDuration: byPos ? null : { ...none, totalMinutes: 0 },
    knowledgeAtRisk: null,
    dormant: n,
    movedToDormant: n,
    winBacks: n,
    stages: byPos ? null : (Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, 0])) as Record<LifecycleStage, number>)
  };
}

/** W1: interactions per week bucket and type (chart). */
export function weeklySeries(facts: KpiFacts, period: Period): KpiWeekDTO[] {
  const starts = weekStarts(period);
  const weeks = starts.map((weekStart) => ({ weekStart, byType: emptyByType() }));
  for (const d of facts.interactionDays) {
    let i = starts.length - 1;
    while (i > 0 && starts[i]! > d.day) i--;
    weeks[i]!.byType[d.type] += d.count;
  }
  return weeks;
}
