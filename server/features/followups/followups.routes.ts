import { Router } from 'express';
import { z } from 'zod';
import {
  CompleteTaskInput,
  CreateTaskInput,
  Id,
  PatchTaskInput,
  SnoozeTaskInput,
  TaskListQuery
} from '../../../src/lib/contract';
import { requireAuth } from '../identity';
import type { FollowupService } from './followups.service';

const IdParam = z.object({ id: Id });

/** /api/tasks: list by scope and due bucket, create, complete, snooze, change (design.md → Tasks). */
export function createFollowupRoutes(deps: { followups: FollowupService }): Router {
  const router = Router();

  router.get('/tasks', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.json(await deps.followups.list(user, TaskListQuery.parse(req.query)));
  });

  router.post('/tasks', async (req, res) => {
    const { user } = requireAuth(req, res);
    res.status(201).json(await deps.followups.create(user, CreateTaskInput.parse(req.body)));
  });

  router.post('/tasks/:id/complete', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { id } = IdParam.parse(req.params);
    res.json(await deps.followups.complete(user, id, CompleteTaskInput.parse(req.body ?? {})));
  });

  router.post('/tasks/:id/snooze', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { id } = IdParam.parse(req.params);
    res.json(await deps.followups.snooze(user, id, SnoozeTaskInput.parse(req.body)));
  });

  router.patch('/tasks/:id', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { id } = IdParam.parse(req.params);
    res.json(await deps.followups.patch(user, id, PatchTaskInput.parse(req.body)));
  });

  return router;
}
