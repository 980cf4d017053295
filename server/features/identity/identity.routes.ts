import { Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { LoginInput, type ErrorBody } from '../../../src/lib/contract';
import type { AuthService } from './auth.service';
import { clearedSessionCookie, readSessionToken, sessionCookie } from './session-cookie';
import { requireAuth } from './session-http';
import type { UserService } from './user.service';

/** /api/session and /api/users. */
export function createIdentityRoutes(deps: {
  auth: AuthService;
  users: UserService;
  loginAttemptsPerMinute: number;
}): Router {
  const router = Router();

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

  return router;
}
