import { Router } from 'express';
import { requireAuth } from '../identity';
import type { DeskService } from './desk.service';

/** GET /api/desk (design.md → Continuity): everything on the caller's desk right now. */
export function createDeskRoutes(deps: { desk: DeskService }): Router {
  const router = Router();
  router.get('/desk', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await deps.desk.desk(user));
  });
  return router;
}
