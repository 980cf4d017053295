import { Router } from 'express';
import { z } from 'zod';
import {
  CompleteWinbackStepInput,
  FailWinbackInput,
  Id,
  PremiumQuery,
  SleepingQuery,
  StartWinbackInput,
  WinbackStepParam
} from '../../../src/lib/contract';
import { requireAuth } from '../identity';
import type { DormancyService } from './dormancy.service';
import type { PremiumService } from './premium.service';
import type { WinbackService } from './winback.service';

const IdParam = z.object({ id: Id });
const StepParams = z.object({ id: Id, n: WinbackStepParam });

/** Issue #11: sleeping customers, the dormancy sweep, win-back processes and premium customers. */
export function createWinbackRoutes(deps: {
  dormancy: DormancyService;
  winbacks: WinbackService;
  premium: PremiumService;
}): Router {
  const router = Router();

  router.get('/sleeping', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await deps.dormancy.sleeping(user, SleepingQuery.parse(req.query)));
  });

  router.post('/admin/dormancy-sweep', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await deps.dormancy.sweepNow(user));
  });

  router.get('/premium', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await deps.premium.premium(user, PremiumQuery.parse(req.query)));
  });

  router.get('/winbacks', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await deps.winbacks.board(user));
  });

  router.get('/dossiers/:id/winback', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await deps.winbacks.forDossier(user, IdParam.parse(req.params).id));
  });

  router.post('/dossiers/:id/winback', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { id } = IdParam.parse(req.params);
    res.status(201).json(await deps.winbacks.start(user, id, StartWinbackInput.parse(req.body ?? {})));
  });

  router.post('/dossiers/:id/winback/steps/:n', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { id, n } = StepParams.parse(req.params);
    res.json(await deps.winbacks.completeStep(user, id, n, CompleteWinbackStepInput.parse(req.body)));
  });

  router.post('/dossiers/:id/winback/fail', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { id } = IdParam.parse(req.params);
    res.json(await deps.winbacks.fail(user, id, FailWinbackInput.parse(req.body).reason));
  });

  return router;
}
