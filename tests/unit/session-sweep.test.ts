import { describe, expect, it } from 'vitest';
import { createAuthService } from '../../server/features/identity/auth.service';
import { createEventOutbox } from '../../server/features/feed';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';
import type { PasswordHasher } from '../../server/ports/password-hasher';
import { manualClock } from '../helpers/start-test-server';

/** Plain-text "hashing": this test is about session lifetimes, not the KDF. */
const plainHasher: PasswordHasher = { hash: async (p) => `plain:${p}`, verify: async (h, p) => h === `plain:${p}` };

describe('expired session sweep', () => {
  it('deletes sessions nobody presents again once they expire, and keeps live ones', async () => {
    const store = createSqliteStore({ file: ':memory:' });
    const clock = manualClock();
    let n = 0;
    const ids = { next: () => `id${++n}` };
    const events = createEventOutbox({ clock, ids, onCommitted: () => {} });
    const auth = createAuthService({
      users: store.users,
      sessions: store.sessions,
      hasher: plainHasher,
      clock,
      events,
      sessionSecret: 'x'.repeat(32),
      idleMs: 60_000,
      maxAgeMs: 3_600_000
    });
    await store.users.createUser({
      id: 'u1',
      email: 'a@b.de',
      name: 'A',
      role: 'rep',
      locale: 'de',
      teamIds: [],
      passwordHash: 'plain:pw',
      createdAt: 0,
      deputyId: null,
      deactivatedAt: null
    });
    const old = await auth.login({ email: 'a@b.de', password: 'pw' });
    clock.advance(50_000);
    const fresh = await auth.login({ email: 'a@b.de', password: 'pw' });
    clock.advance(20_000); // old is past its idle expiry, fresh is not
    expect(await auth.sweepExpired()).toBe(1);
    expect(await store.sessions.get(old.auth.session.id)).toBeNull();
    expect(await auth.authenticate(fresh.token)).not.toBeNull();
    await store.close();
  });
});
