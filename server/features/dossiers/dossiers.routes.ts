import { Router } from 'express';
import { z } from 'zod';
import { CreateDossierInput, DossierListQuery, Id } from '../../../src/lib/contract';
import { requireAuth } from '../identity';
import type { DossierService } from './dossier.service';

const IdParam = z.object({ id: Id });

/** /api/dossiers: list, create, read. */
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

  return router;
}
