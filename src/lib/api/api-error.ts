import { ERROR_CODES, type ErrorCode } from '$lib/contract';

/** Every failed API call surfaces as one of these, so callers switch on `code`, never on HTTP status. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** The server's `error.details`, when it sent any (e.g. offboarding's 409 lists what is unassigned). */
  readonly details: unknown;

  constructor(options: { code: ErrorCode; message: string; status: number; details?: unknown }) {
    super(options.message);
    this.name = 'ApiError';
    this.code = options.code;
    this.status = options.status;
    this.details = options.details;
  }
}

const STATUS_FALLBACK: Record<number, ErrorCode> = {
  400: 'invalid',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  429: 'rate_limited'
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Status decides when the body is not the documented error shape (a proxy's HTML page, a rate limiter). */
export function fallbackCode(status: number): ErrorCode {
  return STATUS_FALLBACK[status] ?? 'internal';
}

/**
 * The request never got an answer (offline, server down, DNS): `request()` reports these as status 0.
 * Offline fallbacks key on this, never on an HTTP error, which is the server's real verdict.
 */
export function isNetworkError(err: unknown): boolean {
  return err instanceof ApiError && err.status === 0;
}
