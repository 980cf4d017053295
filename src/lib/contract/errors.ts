/** Error codes shared by every transport. A DomainError carries one of these; each transport maps it once. */
export const ERROR_CODES = [
  'invalid',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'too_large',
  'rate_limited',
  'internal'
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  /** `details`: structured data for the client to act on (e.g. offboarding's `{ unassigned }`); often absent. */
  error: { code: ErrorCode; message: string; details?: unknown };
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  internal: 500
};

/** WebSocket close codes for /yjs/:dossierId (4000-4999 is the application range). */
export const WS_CLOSE = {
  invalid: 4400,
  unauthenticated: 4401,
  forbidden: 4403,
  not_found: 4404,
  too_large: 4413,
  rate_limited: 4429,
  shutting_down: 1012,
  internal: 1011
} as const;

/** Socket.io acknowledgement envelope: every client→server event answers with one. */
export type Ack<T> =
  { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };
