import { Router } from 'express';
import { z } from 'zod';
import { CorrectInteractionInput, Id, LogInteractionInput, TimelineQuery } from '../../../src/lib/contract';
import { requireAuth } from '../identity';
import type { InteractionService } from './interactions.service';

const IdParam = z.object({ id: Id });

/** The timeline of a dossier, logging on it, and correcting an entry (issue #8). */
export function createInteractionRoutes(deps: { interactions: InteractionService }): Router {
  const router = Router();

  router.get('/dossiers/:id/timeline', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { id } = IdParam.parse(req.params);
    res.json(await deps.interactions.timeline(user, id, TimelineQuery.parse(req.query)));
  });

  router.post('/dossiers/:id/interactions', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { id } = IdParam.parse(req.params);
    res.status(201).json(await deps.interactions.log(user, id, LogInteractionInput.parse(req.body)));
  });

  router.patch('/interactions/:id', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { id } = IdParam.parse(req.params);
    res.json(await deps.interactions.correct(user, id, CorrectInteractionInput.parse(req.body)));
  });

  return router;
}
