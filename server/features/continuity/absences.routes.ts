import { Router } from 'express';
import { z } from 'zod';
import { AbsenceListQuery, Id, PatchAbsenceInput, RecordAbsenceInput, SetDeputyInput } from '../../../src/lib/contract';
import { requireAuth } from '../identity';
import type { AbsenceService } from './absence.service';

const IdParam = z.object({ id: Id });

/** /api/absences and PUT /api/users/:id/deputy (design.md → Continuity). */
export function createAbsenceRoutes(deps: { absences: AbsenceService }): Router {
  const router = Router();

  router.post('/absences', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.status(201).json(await deps.absences.record(user, RecordAbsenceInput.parse(req.body)));
  });

  router.get('/absences', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json({ items: await deps.absences.list(user, AbsenceListQuery.parse(req.query)) });
  });

  router.patch('/absences/:id', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { id } = IdParam.parse(req.params);
    res.json(await deps.absences.update(user, id, PatchAbsenceInput.parse(req.body)));
  });

  router.post('/absences/:id/end', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { id } = IdParam.parse(req.params);
    res.json(await deps.absences.end(user, id));
  });

  router.put('/users/:id/deputy', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { id } = IdParam.parse(req.params);
    res.json(await deps.absences.setDeputy(user, id, SetDeputyInput.parse(req.body)));
  });

  return router;
}
