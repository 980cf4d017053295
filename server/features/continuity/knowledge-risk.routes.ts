import { Router } from 'express';
import { z } from 'zod';
import { Id, KnowledgeRiskQuery } from '../../../src/lib/contract';
import { requireAuth } from '../identity';
import type { KnowledgeRiskService } from './knowledge-risk.service';

const UserParam = z.object({ userId: Id });

/** GET /api/knowledge-risk[?team=] and GET /api/knowledge-risk/:userId/dossiers (issue #9 knowledge at risk). */
export function createKnowledgeRiskRoutes(deps: { risk: KnowledgeRiskService }): Router {
  const router = Router();
  router.get('/knowledge-risk', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await deps.risk.summary(user, KnowledgeRiskQuery.parse(req.query)));
  });
  router.get('/knowledge-risk/:userId/dossiers', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { userId } = UserParam.parse(req.params);
    res.json(await deps.risk.dossiersOf(user, userId));
  });
  return router;
}
