import type { JobDefinition } from '../../ports/scheduler';
import type { AuthService } from './auth.service';

/** Hourly: an expired session is already refused at once; the sweep only keeps the table small. */
export const SESSION_SWEEP_EVERY_MS = 60 * 60_000;

/** Identity's timed work. */
export function createIdentityJobs(deps: { auth: AuthService }): JobDefinition[] {
  return [
    {
      // Sessions nobody presents again would otherwise stay in the store forever. Idempotent: it deletes
      // what has expired by the clock, so a late or repeated run does no harm.
      name: 'identity.session-sweep',
      schedule: { everyMs: SESSION_SWEEP_EVERY_MS },
      run: async () => {
        await deps.auth.sweepExpired();
      }
    }
  ];
}
