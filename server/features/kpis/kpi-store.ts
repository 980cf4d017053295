import type { InteractionType, KpiGrouping, LifecycleStage, PointOfSale } from '../../../src/lib/contract';

/** What the KPI store is asked: one team, one period as local days and as instants, cut by one grouping. */
export interface KpiFactsQuery {
  teamId: string;
  timeZone: string;
  /** Local dates, inclusive (the interaction read model is kept per local day). */
  fromDay: string;
  toDay: string;
  /** The same period as instants [start, end). */
  start: number;
  end: number;
  groupBy: KpiGrouping;
}

/** Interactions of one group and type in the period (offers/orders carry their summed amount in cents). */
export interface InteractionCount {
  key: string;
  type: InteractionType;
  count: number;
  amountCents: number;
}

/** A lead that arrived in the period (a dossier of the team created in stage `lead`, KS2). */
export interface LeadFact {
  dossierId: string;
  arrivedAt: number;
  ownerId: string;
  /**
   * The point of sale of its first interaction at or after arrival (where it came in); null when none. Only
   * point-of-sale rows read it, so an adapter may leave it null when `groupBy` is not `pointOfSale`.
   */
  pointOfSale: PointOfSale | null;
  /** The first outbound interaction at or after arrival; null when nobody has answered yet. */
  respondedAt: number | null;
  /** The first move to customer or key_account; null when not (yet) converted. */
  convertedAt: number | null;
}

/** A task of the team due in the period (its done time is `updatedAt` of a done task: done tasks never change). */
export interface TaskFact {
  kind: 'callback' | 'task' | 'ticket';
  assigneeId: string;
  dueAt: number;
  doneAt: number | null;
}

/** A ticket of the team resolved in the period, with the point of sale of the complaint that opened it. */
export interface TicketFact {
  assigneeId: string;
  pointOfSale: PointOfSale | null;
  createdAt: number;
  doneAt: number;
}

/** A hand-off of the team made in the period. */
export interface HandoffFact {
  toUserId: string;
  createdAt: number;
  pickedUpAt: number | null;
}

/** A coverage gap (events coverage.gap_opened / gap_closed) of the team opened in the period. */
export interface GapFact {
  ownerId: string;
  openedAt: number;
  closedAt: number | null;
}

/** A stage move of one of the team's dossiers in the period (only moves the KPIs count). */
export interface StageMoveFact {
  ownerId: string;
  from: LifecycleStage | null;
  to: LifecycleStage;
  at: number;
}

export interface StageCount {
  ownerId: string;
  stage: LifecycleStage;
  count: number;
}

export interface KpiFacts {
  interactions: InteractionCount[];
  /** Per local day and type (the weekly chart), whatever the grouping. */
  interactionDays: Array<{ day: string; type: InteractionType; count: number }>;
  leads: LeadFact[];
  tasks: TaskFact[];
  tickets: TicketFact[];
  handoffs: HandoffFact[];
  gaps: GapFact[];
  stageMoves: StageMoveFact[];
  /** Dossiers of the team existing at the period's end, by their stage then (stage history) and current owner. */
  stagesAtEnd: StageCount[];
}

/**
 * Read side of the KPIs (issue #10): facts for one team and period, from indexed queries and the interaction
 * read model; never documents.
 *
 * Rules (tests/integration/kpis.test.ts checks them through the API on every adapter the run has):
 * - KS1 interactions are counted by when they happened (`at`) in local days of the team's zone, grouped by author
 *   (person), point of sale, or the team; a correction that moves `at`, type, point of sale or amount moves the
 *   count with it; amounts are summed in cents.
 * - KS2 leads: the team's dossiers created in [start, end) that started in stage `lead` (the `from` of their first
 *   stage move, the `to` of a recorded creation, or their stage when they never moved); arrival = creation.
 * - KS3 tasks: due in [start, end), any status; tickets: done with their done time in [start, end).
 * - KS4 hand-offs made in [start, end); gaps opened in [start, end) (closed matched by owner and openedAt).
 * - KS5 stage moves in [start, end) into dormant, or from dormant/winback into customer/key_account.
 * - KS6 stagesAtEnd: every dossier of the team created before `end`, with the last stage it entered before `end`.
 * - KS7 knowledgeRisk: per owner, the team's dossiers and those at risk by K1–K4 (knowledge-risk.rules.ts) — no
 *   stand-in, no primary contact confirmed within `contactConfirmMs`, main interests or agreed conditions empty
 *   (or never projected), nothing logged for `quietMs` — one grouped query, equal to GET /api/knowledge-risk's
 *   counts for the team's people (the integration test compares them).
 */
export interface KpiStore {
  facts(query: KpiFactsQuery): Promise<KpiFacts>;
  /** KS7 */
  knowledgeRisk(query: KnowledgeRiskCountQuery): Promise<KnowledgeRiskCount[]>;
}

/** Knowledge at risk now (continuity's K1–K4, thresholds passed in so the rules stay continuity's). */
export interface KnowledgeRiskCountQuery {
  teamId: string;
  now: number;
  /** K2: a primary contact confirmed less than this long ago is current. */
  contactConfirmMs: number;
  /** K4: nothing logged for longer than this (from creation when nothing ever was) is quiet. */
  quietMs: number;
}

export interface KnowledgeRiskCount {
  ownerId: string;
  dossiers: number;
  atRisk: number;
}

/** A coverage gap event as the activity log holds it (`data` is its JSON payload). */
export interface GapEventRow {
  at: number;
  data: string;
}

/** An instant as the gap events carry it (ISO string or epoch ms); `fallback` (the event time) when absent. */
function instant(value: unknown, fallback: number): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  return fallback;
}

/**
 * KS4 for every adapter: pairs each opened gap (data `{ ownerId, dossierIds, openedAt }`) with the first later
 * close of the same owner, and of the same openedAt when the close names one. Both lists in log order.
 */
export function pairGaps(opened: readonly GapEventRow[], closed: readonly GapEventRow[]): GapFact[] {
  const closes = closed.map((c) => {
    const d = JSON.parse(c.data) as { ownerId?: string; openedAt?: unknown };
    const openedAt = d.openedAt === undefined ? null : instant(d.openedAt, c.at);
    return { ownerId: d.ownerId ?? '', openedAt, at: c.at, used: false };
  });
  return opened.map((o) => {
    const d = JSON.parse(o.data) as { ownerId?: string; openedAt?: unknown };
    const ownerId = d.ownerId ?? '';
    const openedAt = instant(d.openedAt, o.at);
    const close = closes.find(
      (c) => !c.used && c.ownerId === ownerId && c.at >= openedAt && (c.openedAt === null || c.openedAt === openedAt)
    );
    if (close) close.used = true;
    return { ownerId, openedAt, closedAt: close?.at ?? null };
  });
}
