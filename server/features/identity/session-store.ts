import type { NewEvent } from '../../kernel/events';
import type { Session } from '../../kernel/types';

/** Change methods take the events describing the change and write them in its transaction (ActivityStore AS3). */

export interface SessionStore {
  /** SS1 create then get returns an equal session. */
  create(session: Session, events: readonly NewEvent[]): Promise<void>;
  /** SS2 unknown id resolves null. Expiry is the service's decision, not the store's. */
  get(id: string): Promise<Session | null>;
  /** SS3 updates lastSeenAt and expiresAt; unknown id is a no-op. */
  touch(id: string, lastSeenAt: number, expiresAt: number): Promise<void>;
  /** SS4 delete then get resolves null; deleting an unknown id is a no-op (and writes no event). */
  delete(id: string, events: readonly NewEvent[]): Promise<void>;
  /** SS5 removes sessions whose expiresAt <= now; returns how many. */
  deleteExpired(now: number): Promise<number>;
  /**
   * SS6 deletes every session of the user (offboarding, issue #9) and writes the events in the same transaction
   * when at least one was deleted; returns the deleted sessions' ids (none: nothing, events included, written).
   */
  deleteAllOfUser(userId: string, events: readonly NewEvent[]): Promise<string[]>;
}
