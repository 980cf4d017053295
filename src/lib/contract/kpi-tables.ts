import { INTERACTION_TYPES } from './timeline';
import { LIFECYCLE_STAGES } from './lifecycle';
import type { KpiValuesDTO } from './kpis';

/**
 * The KPI tables: which figures each shows, in order. One definition for the page's tables and the CSV export
 * (GET /api/kpis.csv?table=), so a downloaded table has exactly the columns on screen. Column ids are stable
 * (CSV headers); the UI translates them.
 */
export interface KpiColumn {
  id: string;
  /** How the figure reads: a count, a rate 0..1, minutes, euros, per week. */
  format: 'count' | 'rate' | 'minutes' | 'money' | 'decimal';
  /** Null: the figure does not apply to this row (point-of-sale rows have no tasks). */
  get(v: KpiValuesDTO): number | null;
  /** Whether a rise is good (deltas are coloured by it); null: neutral. */
  higherIsBetter: boolean | null;
}

const col = (
  id: string,
  format: KpiColumn['format'],
  get: KpiColumn['get'],
  higherIsBetter: boolean | null = true
): KpiColumn => ({ id, format, get, higherIsBetter });

export const KPI_TABLES = {
  leads: [
    col('leads', 'count', (v) => v.leads),
    col('leadResponseMedian', 'minutes', (v) => v.leadResponse.medianMinutes, false),
    col('leadResponseP90', 'minutes', (v) => v.leadResponse.p90Minutes, false),
    col('leadsUnanswered', 'count', (v) => v.leadsUnanswered, false),
    col('leadsConverted', 'count', (v) => v.leadsConverted),
    col('conversionRate', 'rate', (v) => v.conversionRate),
    col('callbacksDue', 'count', (v) => v.callbacksDue, null),
    col('callbacksOnTime', 'count', (v) => v.callbacksOnTime),
    col('callbackOnTimeRate', 'rate', (v) => v.callbackOnTimeRate),
    col('overdueTasks', 'count', (v) => v.overdueTasks, false)
  ],
  activity: [
    col('interactions', 'count', (v) => v.interactions),
    col('interactionsPerWeek', 'decimal', (v) => v.interactionsPerWeek),
    // Offers and orders have their own columns (count and value) below.
    ...INTERACTION_TYPES.filter((t) => t !== 'offer' && t !== 'order').map((t) =>
      col(`type_${t}`, 'count', (v) => v.interactionsByType[t], t === 'complaint' ? false : true)
    ),
    col('offers', 'count', (v) => v.offers.count),
    col('offersValue', 'money', (v) => v.offers.value),
    col('orders', 'count', (v) => v.orders.count),
    col('ordersValue', 'money', (v) => v.orders.value)
  ],
  service: [
    col('complaints', 'count', (v) => v.complaints, false),
    col('ticketsResolved', 'count', (v) => v.ticketsResolved),
    col('resolveMedian', 'minutes', (v) => v.resolveTime.medianMinutes, false),
    col('resolveP90', 'minutes', (v) => v.resolveTime.p90Minutes, false)
  ],
  continuity: [
    col('handoffs', 'count', (v) => v.handoffs, null),
    col('handoffsPickedUp', 'count', (v) => v.handoffsPickedUp),
    col('pickupMedian', 'minutes', (v) => v.pickupTime?.medianMinutes ?? null, false),
    col('pickupP90', 'minutes', (v) => v.pickupTime?.p90Minutes ?? null, false),
    col('coverageGaps', 'count', (v) => v.coverageGaps, false),
    col('coverageGapsOpen', 'count', (v) => v.coverageGapsOpen, false),
    col('gapMedian', 'minutes', (v) => v.gapDuration?.medianMinutes ?? null, false),
    col('gapTotal', 'minutes', (v) => v.gapDuration?.totalMinutes ?? null, false),
    col('knowledgeDossiers', 'count', (v) => v.knowledgeAtRisk?.dossiers ?? null, null),
    col('knowledgeAtRisk', 'count', (v) => v.knowledgeAtRisk?.atRisk ?? null, false)
  ],
  lifecycle: [
    ...LIFECYCLE_STAGES.map((s) => col(`stage_${s}`, 'count', (v) => v.stages?.[s] ?? null, null)),
    col('movedToDormant', 'count', (v) => v.movedToDormant, false),
    col('winBacks', 'count', (v) => v.winBacks)
  ]
} satisfies Record<string, KpiColumn[]>;

export type KpiTableId = keyof typeof KPI_TABLES;
export const KPI_TABLE_IDS = Object.keys(KPI_TABLES) as KpiTableId[];
