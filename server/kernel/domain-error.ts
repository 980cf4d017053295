import type { ErrorCode } from '../../src/lib/contract';

/** Errors are data: services throw these, each transport maps the code once. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  /**
   * What a client needs to act on the refusal (issue #9: the offboarding 409 lists every item still
   * unassigned). Plain JSON data; transports pass it through as `error.details`, absent when undefined.
   */
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
