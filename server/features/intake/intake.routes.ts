import { Router, type RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { CreateIntakeKeyInput, Id, IntakeLeadInput, type ErrorBody } from '../../../src/lib/contract';
import { requireAuth } from '../identity';
import type { IntakeService } from './intake.service';

const TeamParam = z.object({ teamId: Id });
const KeyParams = z.object({ teamId: Id, keyId: Id });

/** The path the cross-site guard exempts for Bearer requests without a session cookie (api-router.ts). */
export const INTAKE_LEADS_PATH = '/intake/leads';

/** `Authorization: Bearer <key>` (scheme case-insensitive, RFC 9110 §11.1); undefined otherwise. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Web forms on customers' and agencies' sites post here from their own origin, with the key and without
 * credentials: any origin may call (no cookies are ever accepted for this path, so `*` grants nothing).
 * Preflight: Authorization and Content-Type are non-simple, so browsers ask first; 600 s caches the answer.
 */
const intakeCors: RequestHandler = (_req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  next();
};

/**
 * Intake: key management for managers (/api/teams/:teamId/intake-keys) and the lead endpoint for forms and
 * marketing tools (/api/intake/leads, Bearer key). Leads are limited per key (INTAKE_LEADS_PER_MINUTE, default
 * 60: a busy campaign form, not a flood), counted in this process (Redis is the multi-node step).
 */
export function createIntakeRoutes(deps: { intake: IntakeService; leadsPerMinute: number }): Router {
  const router = Router();
  const limiter = new RateLimiterMemory({ points: deps.leadsPerMinute, duration: 60 });

  router.get('/teams/:teamId/intake-keys', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { teamId } = TeamParam.parse(req.params);
    res.json({ items: await deps.intake.listKeys(user, teamId) });
  });

  router.post('/teams/:teamId/intake-keys', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { teamId } = TeamParam.parse(req.params);
    res.status(201).json(await deps.intake.createKey(user, teamId, CreateIntakeKeyInput.parse(req.body ?? {})));
  });

  router.delete('/teams/:teamId/intake-keys/:keyId', async (req, res) => {
    const { user } = requireAuth(req, res);
    const { teamId, keyId } = KeyParams.parse(req.params);
    await deps.intake.revokeKey(user, teamId, keyId);
    res.status(204).end();
  });

  router.options(INTAKE_LEADS_PATH, intakeCors, (_req, res) => {
    res.setHeader('Access-Control-Allow-Methods', 'POST');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  });

  router.post(INTAKE_LEADS_PATH, intakeCors, async (req, res) => {
    // Key first (401), then its budget (429), then the body (400): a bad key learns nothing about the schema.
    const key = await deps.intake.authenticate(bearerToken(req.headers.authorization));
    try {
      await limiter.consume(key.id);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const body: ErrorBody = {
        error: { code: 'rate_limited', message: `more than ${deps.leadsPerMinute} leads a minute with this key` }
      };
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))));
      return void res.status(429).json(body);
    }
    const result = await deps.intake.receive(key, IntakeLeadInput.parse(req.body));
    res.status(result.duplicate ? 200 : 201).json(result);
  });

  return router;
}
