import type { ZodType } from 'zod';
import type { Ack, ErrorCode } from '../../../src/lib/contract';
import { isDomainError } from '../../kernel/domain-error';

export type AckFn = (res: Ack<unknown>) => void;

/** The ack function of an incoming event: by socket.io's convention the LAST argument, if it is a function. */
export function ackOf(args: unknown[]): AckFn | null {
  const last = args.at(-1);
  return typeof last === 'function' ? (last as AckFn) : null;
}

/** Calls an ack at most once, whatever happens later (a late handler after a rejection, a double reply). */
export function once(ack: AckFn): AckFn {
  let done = false;
  return (res) => {
    if (done) return;
    done = true;
    ack(res);
  };
}

export const fail = (ack: AckFn, code: ErrorCode, message: string, details?: unknown) =>
  ack({ ok: false, error: details === undefined ? { code, message } : { code, message, details } });

/**
 * The listener for one client event: exactly one ack per event that carries one (SG1). The payload is the one
 * argument before the ack — a missing payload or a second one is `invalid`, not silence; it is validated with
 * the schema; DomainErrors map to their code; anything else is reported and answered `internal`.
 * Events without an ack are dropped: every event in the contract has one, so there is no one to answer.
 */
export function ackListener<I>(options: {
  schema: ZodType<I>;
  run: (input: I) => Promise<unknown>;
  onError: (err: unknown) => void;
}): (...args: unknown[]) => void {
  return (...args) => {
    const raw = ackOf(args);
    if (!raw) return;
    const ack = once(raw);
    const payloads = args.slice(0, -1);
    if (payloads.length !== 1) {
      return fail(ack, 'invalid', `expected exactly one payload before the ack, got ${payloads.length}`);
    }
    const parsed = options.schema.safeParse(payloads[0]);
    if (!parsed.success) return fail(ack, 'invalid', parsed.error.issues.map((i) => i.message).join('; '));
    let running: Promise<unknown>;
    try {
      running = options.run(parsed.data);
    } catch (err) {
      running = Promise.reject(err);
    }
    running.then(
      (data) => ack({ ok: true, data }),
      (err: unknown) => {
        if (isDomainError(err)) return fail(ack, err.code, err.message, err.details);
        options.onError(err);
        fail(ack, 'internal', 'internal error');
      }
    );
  };
}
