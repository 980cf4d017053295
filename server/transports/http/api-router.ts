import express, { Router, type RequestHandler } from 'express';
import { crossSiteGuard } from './cross-site-guard';
import { apiNotFound } from './error-handler';

/**
 * /api: cross-site writes refused before any body is read (cross-site-guard.ts), JSON bodies, the session
 * resolved once per request, then each feature's router in turn. Plumbing only: the routes live in their features.
 */
export function createApiRouter(deps: {
  session: RequestHandler;
  features: Router[];
  maxBodyBytes: number;
  allowedOrigins: string[];
  /** Paths (under /api) where a Bearer request without a session cookie may come from any origin. */
  bearerPaths?: string[];
}): Router {
  const router = Router();
  router.use(crossSiteGuard({ allowedOrigins: deps.allowedOrigins, bearerPaths: deps.bearerPaths }));
  router.use(express.json({ limit: deps.maxBodyBytes, strict: true }));
  router.use(deps.session);
  for (const feature of deps.features) router.use(feature);
  router.use(apiNotFound);
  return router;
}
