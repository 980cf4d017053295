import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { HTTP_STATUS, type ErrorBody, type ErrorCode } from '../../../src/lib/contract';
import { isDomainError } from '../../kernel/domain-error';
import { requestIdOf } from './request-id';

const body = (code: ErrorCode, message: string, details?: unknown): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details }
});

/** Where an unexpected error happened: never the query string or the body, which are the user's input. */
export interface FailedRequest {
  requestId: string;
  method: string;
  path: string;
}

/**
 * Maps every error to `{ error: { code, message, details? } }` with its HTTP status. The one place that does so.
 * Errors the client caused (domain errors, validation, unreadable bodies, any 4xx) are answered and not logged:
 * they are not faults of the server, and a stack per bad request would let anyone flood the log. Anything
 * else is a 500, reported once to `onUnexpected` with the request id, method and path, and the id is also in
 * the answer so the user can quote it.
 */
export function createErrorHandler(onUnexpected: (err: unknown, request: FailedRequest) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (isDomainError(err))
      return void res.status(HTTP_STATUS[err.code]).json(body(err.code, err.message, err.details));
    if (err instanceof ZodError) {
      const message = err.issues
        .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
        .join('; ');
      return void res.status(400).json(body('invalid', message));
    }
    // body-parser errors carry a status and a type
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.too.large') return void res.status(413).json(body('too_large', 'request body is too large'));
    if (e.type === 'entity.parse.failed')
      return void res.status(400).json(body('invalid', 'request body is not valid JSON'));
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      return void res.status(e.status).json(body('invalid', e.message ?? 'bad request'));
    }
    const requestId = requestIdOf(res);
    onUnexpected(err, { requestId, method: req.method, path: req.baseUrl + req.path });
    res.status(500).json(body('internal', `internal error (request ${requestId})`));
  };
}

export const apiNotFound: RequestHandler = (req, res) => {
  res.status(404).json(body('not_found', `no such endpoint: ${req.method} ${req.path}`));
};
