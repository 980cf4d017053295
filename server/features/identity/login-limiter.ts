import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Login attempt budgets, checked AFTER the body has been validated so that every key is the normalised
 * address (LoginInput's normaliseEmail): " Ana@X.de", "ana@x.de" and "ANA@X.DE" share one budget.
 *
 * Two budgets per rolling minute:
 * - per (client address, account): LOGIN_ATTEMPTS_PER_MINUTE (default 10). Keyed on the pair, not the account
 *   alone, so someone guessing at one account from their machine cannot lock its owner out everywhere.
 * - per client address across all accounts: LOGIN_ATTEMPTS_PER_MINUTE_PER_ADDRESS (default 30), so one address
 *   cannot try one password against every account (password spraying) at 10 guesses per account each.
 *
 * An attempt takes a point from both budgets BEFORE the password is checked, so parallel requests cannot all
 * slip in while the first ones are still hashing. A successful login gives its points back (an office of 50
 * behind one NAT all signing in at 9:00 must not be throttled) and resets the account's budget; failures keep
 * theirs. Counters live in process memory: each node counts its own (a Redis store is the multi-node step).
 */
export interface LoginLimiter {
  /** Takes a point from both budgets; `ok: false` with the seconds until one is free when either is spent. */
  begin(options: { address: string; email: string }): Promise<LoginAttempt>;
}

export type LoginAttempt =
  { ok: true; succeeded(): Promise<void> } | { ok: false; retryAfterSeconds: number; scope: 'account' | 'address' };

const WINDOW_SECONDS = 60;

export function createLoginLimiter(options: { perAccount: number; perAddress: number }): LoginLimiter {
  const byAccount = new RateLimiterMemory({ points: options.perAccount, duration: WINDOW_SECONDS });
  const byAddress = new RateLimiterMemory({ points: options.perAddress, duration: WINDOW_SECONDS });

  /** The rejection's wait, or rethrows: the memory store only rejects with a RateLimiterRes. */
  const retryAfter = (rejection: unknown): number => {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  };

  return {
    async begin({ address, email }) {
      const accountKey = `${address}|${email}`;
      try {
        await byAddress.consume(address);
      } catch (rejection) {
        return { ok: false, retryAfterSeconds: retryAfter(rejection), scope: 'address' };
      }
      try {
        await byAccount.consume(accountKey);
      } catch (rejection) {
        // This request never reached a password check: it should not spend the address's budget as well.
        await byAddress.reward(address);
        return { ok: false, retryAfterSeconds: retryAfter(rejection), scope: 'account' };
      }
      return {
        ok: true,
        async succeeded() {
          await byAddress.reward(address);
          await byAccount.delete(accountKey);
        }
      };
    }
  };
}
