import { Router } from 'express';
import { z } from 'zod';
import { CancelHandoffInput, CreateHandoffInput, HandoffListQuery, Id } from '../../../src/lib/contract';
import { requireAuth } from '../identity';
import type { HandoffService } from './handoff.service';

const IdParam = z.object({ id: Id });

/** Hand-offs (issue #9): make one from a dossier, pick it up, read it with its briefing, list mine. */
export function createHandoffRoutes(deps: { handoffs: HandoffService }): Router {
  const router = Router();

  router.post('/dossiers/:id/handoffs', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { id } = IdParam.parse(req.params);
    res.status(201).json(await deps.handoffs.create(user, id, CreateHandoffInput.parse(req.body)));
  });

  router.post('/handoffs/:id/pickup', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await deps.handoffs.pickUp(user, IdParam.parse(req.params).id));
  });

  router.post('/handoffs/:id/cancel', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { id } = IdParam.parse(req.params);
    res.json(await deps.handoffs.cancel(user, id, CancelHandoffInput.parse(req.body ?? {})));
  });

  router.get('/handoffs/:id', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await deps.handoffs.get(user, IdParam.parse(req.params).id));
  });

  router.get('/handoffs', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await deps.handoffs.list(user, HandoffListQuery.parse(req.query)));
  });

  return router;
}
