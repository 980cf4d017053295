import { Router } from 'express';
import { z } from 'zod';
import { Id } from '../../../src/lib/contract';
import { requireAuth } from '../identity';
import type { HistoryService } from './history.service';

const IdParam = z.object({ id: Id });
const VersionParams = z.object({ id: Id, versionId: Id });
const DiffQuery = z.object({ against: Id.default('current') }).strict();

/** /api/dossiers/:id/versions: list, diff, restore. */
export function createHistoryRoutes(deps: { history: HistoryService }): Router {
  const router = Router();

  router.get('/dossiers/:id/versions', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json({ items: await deps.history.list(user, IdParam.parse(req.params).id) });
  });

  router.get('/dossiers/:id/versions/:versionId/diff', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { id, versionId } = VersionParams.parse(req.params);
    const { against } = DiffQuery.parse(req.query);
    res.json(await deps.history.diff(user, { dossierId: id, from: versionId, against }));
  });

  router.post('/dossiers/:id/versions/:versionId/restore', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { id, versionId } = VersionParams.parse(req.params);
    res.status(201).json(await deps.history.restore(user, { dossierId: id, versionId }));
  });

  return router;
}
