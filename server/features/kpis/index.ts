/** KPIs (issue #10): per team, person and point of sale, with the previous period. Public face. */
export { createKpiService, mayReadKpis, type KpiService } from './kpis.service';
export { createKpiRoutes } from './kpis.routes';
export type { RiskByPerson } from './kpi-aggregate';
export type { KpiStore, KpiFacts, KpiFactsQuery } from './kpi-store';
