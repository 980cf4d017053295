import type { Request, RequestHandler, Response } from 'express';
import { DomainError } from '../../kernel/domain-error';
import type { AuthService, Authenticated } from './auth.service';
import { readSessionToken } from './session-cookie';

/** Resolves the session cookie once per request into res.locals.auth (or leaves it undefined). */
export function sessionMiddleware(auth: AuthService): RequestHandler {
  return async (req, res, next) => {
    res.locals.auth = (await auth.authenticate(readSessionToken(req.headers.cookie))) ?? undefined;
    next();
  };
}

/** The authenticated caller, or a 401: every protected route starts with this. */
export function requireAuth(_req: Request, res: Response): Authenticated {
  const auth = res.locals.auth as Authenticated | undefined;
  if (!auth) throw new DomainError('unauthenticated', 'not logged in');
  return auth;
}
