import type { Authenticated } from '../../features/identity';
import type { User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';

/** What a connection knows about the session it was opened with. */
export interface SessionHold {
  readonly token: string;
  readonly sessionId: string;
  user: User;
  /** The session's idle expiry as last seen; it may have slid since (HTTP use), so passing it means "look again". */
  expiresAt: number;
}

/**
 * Session validity for long-lived connections without a store read per event: the cached expiry is compared
 * with the injected clock (a number comparison), and only when it has passed is the session looked up again —
 * it may have slid forward through HTTP use (then the cache is refreshed) or really ended (then the caller
 * ends the connection). Concurrent checks of one connection share one lookup.
 */
export function createSessionValidity(deps: {
  clock: Clock;
  authenticate: (token: string) => Promise<Authenticated | null>;
}) {
  const pending = new WeakMap<SessionHold, Promise<boolean>>();
  return {
    hold(token: string, auth: Authenticated): SessionHold {
      return { token, sessionId: auth.session.id, user: auth.user, expiresAt: auth.session.expiresAt };
    },
    /** True while the cached expiry has not passed: no I/O. */
    isFresh: (hold: SessionHold) => deps.clock.now() < hold.expiresAt,
    /** Resolves whether the session is still valid, refreshing the cached user and expiry. */
    check(hold: SessionHold): Promise<boolean> {
      if (deps.clock.now() < hold.expiresAt) return Promise.resolve(true);
      let check = pending.get(hold);
      if (!check) {
        check = deps
          .authenticate(hold.token)
          .then((auth) => {
            if (!auth || auth.session.id !== hold.sessionId) return false;
            hold.user = auth.user;
            hold.expiresAt = auth.session.expiresAt;
            return deps.clock.now() < hold.expiresAt;
          })
          .finally(() => pending.delete(hold));
        pending.set(hold, check);
      }
      return check;
    }
  };
}

export type SessionValidity = ReturnType<typeof createSessionValidity>;
