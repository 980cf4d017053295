import { Router } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { LoginInput, type ErrorBody } from '../../../src/lib/contract';
import type { AuthService } from './auth.service';
import { clearedSessionCookie, readSessionToken, sessionCookie } from './session-cookie';
import { createLoginLimiter } from './login-limiter';
import { requireAuth } from './session-http';
import type { UserService } from './user.service';

/** /api/session and /api/users. */
export function createIdentityRoutes(deps: {
  auth: AuthService;
  users: UserService;
  /** Per client address and account (normalised e-mail), per minute. */
  loginAttemptsPerMinute: number;
  /** Per client address across all accounts, per minute. */
  loginAttemptsPerMinutePerAddress: number;
}): Router {
  const router = Router();

  const limiter = createLoginLimiter({
    perAccount: deps.loginAttemptsPerMinute,
    perAddress: deps.loginAttemptsPerMinutePerAddress
  });

  router.post('/session', async (req, res) => {
    // Validate first: the budgets key on the normalised e-mail, never on the raw body.
    const input = LoginInput.parse(req.body);
    // IPv6 clients are keyed by their /56: one host usually holds a whole prefix.
    const attempt = await limiter.begin({ address: ipKeyGenerator(req.ip ?? ''), email: input.email });
    if (!attempt.ok) {
      const body: ErrorBody = {
        error: {
          code: 'rate_limited',
          message:
            attempt.scope === 'account'
              ? 'too many login attempts for this account, try again in a minute'
              : 'too many login attempts from this address, try again in a minute'
        }
      };
      res.setHeader('Retry-After', String(attempt.retryAfterSeconds));
      return void res.status(429).json(body);
    }
    const { token, auth } = await deps.auth.login(input);
    await attempt.succeeded();
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
