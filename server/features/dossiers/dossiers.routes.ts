import { Router } from 'express';
import { z } from 'zod';
import {
  ChangeStageInput,
  CreateDossierInput,
  DossierListQuery,
  Id,
  PatchDossierInput
} from '../../../src/lib/contract';
import { requireAuth } from '../identity';
import type { DossierService } from './dossier.service';

const IdParam = z.object({ id: Id });

/** /api/dossiers: list, create, read, patch the record values; the stage and its history. */
export function createDossierRoutes(deps: { dossiers: DossierService }): Router {
  const router = Router();

  router.get('/dossiers', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await deps.dossiers.list(user, DossierListQuery.parse(req.query)));
  });

  router.post('/dossiers', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.status(201).json(await deps.dossiers.create(user, CreateDossierInput.parse(req.body)));
  });

  router.get('/dossiers/:id', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await deps.dossiers.get(user, IdParam.parse(req.params).id));
  });

  router.patch('/dossiers/:id', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await deps.dossiers.patch(user, IdParam.parse(req.params).id, PatchDossierInput.parse(req.body)));
  });

  router.post('/dossiers/:id/stage', async (req, res) => {
    const { user } = requireAuth(req, res);
    res
      .status(201)
      .json(await deps.dossiers.changeStage(user, IdParam.parse(req.params).id, ChangeStageInput.parse(req.body)));
  });

  router.get('/dossiers/:id/stages', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json({ items: await deps.dossiers.stageHistory(user, IdParam.parse(req.params).id) });
  });

  return router;
}
