import { z } from 'zod';
import { Id } from './ids';
import type { LifecycleStage } from './lifecycle';
import type { InteractionType } from './timeline';

/** How KPI rows are cut (design.md → Public contract → GET /api/kpis). */
export const KPI_GROUPINGS = ['team', 'person', 'pointOfSale'] as const;
export type KpiGrouping = (typeof KPI_GROUPINGS)[number];

/** A calendar date in the team's time zone; periods are whole local days, `to` included. */
const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s, 'not a calendar date');

/**
 * GET /api/kpis?team=&from=&to=&groupBy= (and /api/kpis.csv with `sep=comma|semicolon`). `team` defaults to the
 * caller's first team; `from`/`to` default to the current month so far; at most 366 days (KPI rules P1–P4).
 */
export const KpiQuery = z
  .object({
    team: Id.optional(),
    from: LocalDate.optional(),
    to: LocalDate.optional(),
    groupBy: z.enum(KPI_GROUPINGS).default('team')
  })
  .strict();
export type KpiQuery = z.infer<typeof KpiQuery>;

/**
 * GET /api/kpis.csv: the same query, one table (`table=`, default every column) and the separator: `semicolon`
 * writes `;` between cells and decimal commas, as German Excel expects.
 */
export const KpiCsvQuery = KpiQuery.extend({
  sep: z.enum(['comma', 'semicolon']).default('comma'),
  table: z.enum(['all', 'leads', 'activity', 'service', 'continuity', 'lifecycle']).default('all')
}).strict();
export type KpiCsvQuery = z.infer<typeof KpiCsvQuery>;

/** Median and 90th percentile of durations in minutes (null when there is nothing to measure). */
export interface KpiDurationDTO {
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

/**
 * One group's figures for one period. Figures that have no point of sale (tasks, hand-offs, gaps, stages,
 * knowledge at risk) are null in point-of-sale rows; knowledge at risk is a "now" figure (null for the
 * previous period).
 */
export interface KpiValuesDTO {
  /** Leads that arrived (entered the pipeline as `lead`) in the period; response = arrival → first outbound. */
  leads: number;
  leadResponse: KpiDurationDTO;
  leadsUnanswered: number;
  /** Of the period's leads, those that have reached customer (or key account) since. */
  leadsConverted: number;
  conversionRate: number | null;
  callbacksDue: number | null;
  callbacksOnTime: number | null;
  callbackOnTimeRate: number | null;
  overdueTasks: number | null;
  interactions: number;
  interactionsPerWeek: number;
  interactionsByType: Record<InteractionType, number>;
  offers: { count: number; value: number };
  orders: { count: number; value: number };
  complaints: number;
  ticketsResolved: number;
  resolveTime: KpiDurationDTO;
  handoffs: number | null;
  handoffsPickedUp: number | null;
  pickupTime: KpiDurationDTO | null;
  coverageGaps: number | null;
  coverageGapsOpen: number | null;
  gapDuration: (KpiDurationDTO & { totalMinutes: number }) | null;
  knowledgeAtRisk: { dossiers: number; atRisk: number } | null;
  /** Dossiers in stage dormant at the period's end; moves into dormant during it. */
  dormant: number | null;
  movedToDormant: number | null;
  /** Stage moves dormant/winback → customer/key_account in the period. */
  winBacks: number | null;
  /** Dossiers per stage at the period's end (by the stage history). */
  stages: Record<LifecycleStage, number> | null;
}

export interface KpiRowDTO {
  /** Team id, user id or point of sale. */
  key: string;
  label: string;
  current: KpiValuesDTO;
  previous: KpiValuesDTO;
}

export interface KpiPeriodDTO {
  /** Local dates, inclusive. */
  from: string;
  to: string;
  /** The instants bounding it in the team's zone: [start, end). */
  start: string;
  end: string;
  days: number;
}

export interface KpiWeekDTO {
  /** Local date of the week's Monday (the first week may start on the period's first day). */
  weekStart: string;
  byType: Record<InteractionType, number>;
}

/** GET /api/kpis → */
export interface KpiReportDTO {
  team: { id: string; name: string; timeZone: string };
  groupBy: KpiGrouping;
  period: KpiPeriodDTO;
  previousPeriod: KpiPeriodDTO;
  /** The team's totals (the groupBy=team row), handy for headline tiles and charts whatever the grouping. */
  totals: KpiRowDTO;
  rows: KpiRowDTO[];
  /** Interactions per local week and type in the current period (chart). */
  weeks: KpiWeekDTO[];
  generatedAt: string;
}
