import type { KpiGrouping, KpiReportDTO, KpiTableId } from '$lib/contract';
import { request, type Fetch } from './request';

export interface KpiRequest {
  team?: string;
  from: string;
  to: string;
  groupBy: KpiGrouping;
}

/** GET /api/kpis: one team's figures for the period and the previous one of equal length. */
export function getKpis(options: KpiRequest & { fetch?: Fetch; signal?: AbortSignal }): Promise<KpiReportDTO> {
  const { fetch, signal, ...query } = options;
  return request<KpiReportDTO>({ path: '/api/kpis', query: { ...query }, fetch, signal });
}

/** The download link of one KPI table as CSV (GET /api/kpis.csv); `semicolon` for German Excel. */
export function kpiCsvHref(options: KpiRequest & { table: KpiTableId; sep: 'comma' | 'semicolon' }): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options)) if (value) params.set(key, value);
  return `/api/kpis.csv?${params.toString()}`;
}
