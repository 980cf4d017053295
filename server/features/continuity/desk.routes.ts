import { Router } from 'express';
import { DeskQuery } from '../../../src/lib/contract';
import { requireAuth } from '../identity';
import type { DeskService } from './desk.service';

/** GET /api/desk (design.md → Continuity): everything on the caller's desk right now. */
export function createDeskRoutes(deps: { desk: DeskService }): Router {
  const router = Router();
  router.get('/desk', async (req, res) => {
    const { user } = requireAuth(req, res);
    // A bad coveringLimit is a ZodError: the error handler answers 400 with its message.
    res.json(await deps.desk.desk(user, DeskQuery.parse(req.query)));
  });
  return router;
}
