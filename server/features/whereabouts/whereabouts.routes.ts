import { Router } from 'express';
import { WhereaboutsQuery } from '../../../src/lib/contract';
import { requireAuth } from '../identity';
import type { WhereaboutsService } from './whereabouts.service';

/** GET /api/whereabouts?team= (design.md → Feed; issue #10 "who is where"). */
export function createWhereaboutsRoutes(deps: { whereabouts: WhereaboutsService }): Router {
  const router = Router();
  router.get('/whereabouts', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await deps.whereabouts.board(user, WhereaboutsQuery.parse(req.query)));
  });
  return router;
}
