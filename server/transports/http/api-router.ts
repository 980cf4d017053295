import express, { Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { CreateDossierInput, DossierListQuery, LoginInput, type ErrorBody } from '../../../src/lib/contract';
import type { AuthService } from '../../features/identity/auth.service';
import type { DossierService } from '../../features/dossiers/dossier.service';
import type { HistoryService } from '../../features/history/history.service';
import type { UserService } from '../../features/identity/user.service';
import { clearedSessionCookie, readSessionToken, sessionCookie } from './cookies';
import { apiNotFound } from './error-handler';
import { requireAuth, sessionMiddleware } from './session-middleware';

const idPattern = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'malformed id');
const IdParam = z.object({ id: idPattern });
const VersionParams = z.object({ id: idPattern, versionId: idPattern });
const DiffQuery = z.object({ against: idPattern.default('current') }).strict();

/** /api: thin handlers — parse with zod, call one service, map the result. */
export function createApiRouter(deps: {
  auth: AuthService;
  dossiers: DossierService;
  users: UserService;
  history: HistoryService;
  maxBodyBytes: number;
  loginAttemptsPerMinute: number;
}): Router {
  const router = Router();
  router.use(express.json({ limit: deps.maxBodyBytes, strict: true }));
  router.use(sessionMiddleware(deps.auth));

  // Keyed by address and account, so one attacker cannot lock out a whole office behind one NAT.
  const loginLimiter = rateLimit({
    windowMs: 60_000,
    limit: deps.loginAttemptsPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) =>
      `${ipKeyGenerator(req.ip ?? '')}|${String((req.body as { email?: unknown })?.email ?? '')
        .toLowerCase()
        .slice(0, 254)}`,
    handler: (_req, res) => {
      const body: ErrorBody = {
        error: { code: 'rate_limited', message: 'too many login attempts, try again in a minute' }
      };
      res.status(429).json(body);
    }
  });

  router.post('/session', loginLimiter, async (req, res) => {
    const input = LoginInput.parse(req.body);
    const { token, auth } = await deps.auth.login(input);
    res.setHeader(
      'Set-Cookie',
      sessionCookie({ token, expiresAt: auth.session.absoluteExpiresAt, secure: req.secure })
    );
    res.json(await deps.auth.toDTO(auth));
  });

  router.get('/session', async (req, res) => {
    res.json(await deps.auth.toDTO(requireAuth(req, res)));
  });

  router.delete('/session', async (req, res) => {
    await deps.auth.logout(readSessionToken(req.headers.cookie));
    res.setHeader('Set-Cookie', clearedSessionCookie(req.secure));
    res.status(204).end();
  });

  router.get('/users', async (req, res) => {
    res.json({ items: await deps.users.listColleagues(requireAuth(req, res).user) });
  });

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

  router.use(apiNotFound);
  return router;
}
