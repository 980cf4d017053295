import { Router, type Request, type Response } from 'express';
import { ActivityQuery } from '../../../src/lib/contract';
import type { User } from '../../kernel/types';
import type { ActivityService } from './activity.service';

/** GET /api/activity (issue #10): the activity feed, newest first, filtered and authorised (activity-scope.ts). */
export function createActivityRoutes(deps: {
  activity: ActivityService;
  /**
   * identity's requireAuth, passed in by app.ts: identity records its events through the feed, so importing it
   * here would be a cycle.
   */
  requireAuth: (req: Request, res: Response) => { user: User };
}): Router {
  const router = Router();
  router.get('/activity', async (req, res) => {
    const { user } = deps.requireAuth(req, res);
    res.json(await deps.activity.page(user, ActivityQuery.parse(req.query)));
  });
  return router;
}
