import { Router } from 'express';
import { KpiCsvQuery, KpiQuery } from '../../../src/lib/contract';
import { requireAuth } from '../identity';
import { kpiCsv } from './kpi-csv';
import type { KpiService } from './kpis.service';

/** GET /api/kpis and GET /api/kpis.csv (issue #10): the same report as JSON or as a CSV table. */
export function createKpiRoutes(deps: { kpis: KpiService }): Router {
  const router = Router();
  router.get('/kpis', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await deps.kpis.report(user, KpiQuery.parse(req.query)));
  });
  router.get('/kpis.csv', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { sep, table, ...query } = KpiCsvQuery.parse(req.query);
    const report = await deps.kpis.report(user, query);
    const name = `kpis-${report.groupBy}-${report.period.from}-${report.period.to}${table === 'all' ? '' : `-${table}`}.csv`;
    res.type('text/csv; charset=utf-8').attachment(name).send(kpiCsv(report, { sep, table }));
  });
  return router;
}
