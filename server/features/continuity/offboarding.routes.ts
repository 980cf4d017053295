import { Router } from 'express';
import { z } from 'zod';
import { Id, OffboardingInput } from '../../../src/lib/contract';
import { requireAuth } from '../identity';
import type { OffboardingService } from './offboarding.service';

const IdParam = z.object({ id: Id });

/**
 * /api/users/:id/offboarding (admins only): GET lists what the user holds; POST reassigns it all and deactivates
 * the user, or answers 409 with `error.details.unassigned` (nothing written).
 */
export function createOffboardingRoutes(deps: { offboarding: OffboardingService }): Router {
  const router = Router();

  router.get('/users/:id/offboarding', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { id } = IdParam.parse(req.params);
    res.json(await deps.offboarding.get(user, id));
  });

  router.post('/users/:id/offboarding', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { id } = IdParam.parse(req.params);
    res.json(await deps.offboarding.finish(user, id, OffboardingInput.parse(req.body ?? {})));
  });

  return router;
}
