import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';

/** A proxy's id is kept when it looks like one (bounded, no spaces or control characters to forge log lines). */
const INCOMING_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * Gives every request an id, echoed as `X-Request-Id`, so that a user quoting the id of a 500 leads to its one
 * log line. A reverse proxy's `X-Request-Id` is reused when it is well-formed, so both logs line up.
 */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    // Handed on as if the client had sent it, so SvelteKit's error hook (src/hooks.server.ts) logs the same id.
    req.headers['x-request-id'] = id;
    res.setHeader('X-Request-Id', id);
    next();
  };
}

export const requestIdOf = (res: Response): string => String(res.locals.requestId ?? 'none');
