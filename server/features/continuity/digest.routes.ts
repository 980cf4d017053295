import { Router } from 'express';
import { DigestQuery } from '../../../src/lib/contract';
import { requireAuth } from '../identity';
import type { DigestService } from './digest.service';

/** GET /api/digest[?absenceId=]: "while you were away" (design.md → Continuity). */
export function createDigestRoutes(deps: { digest: DigestService }): Router {
  const router = Router();
  router.get('/digest', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await deps.digest.digest(user, DigestQuery.parse(req.query)));
  });
  return router;
}
