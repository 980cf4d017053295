import { expect, it } from 'vitest';
import type { Session } from '../../server/kernel/types';
import type { StoreContext } from './store-contract';
import { sessionEvent } from './activity-store.contract';

const session = (over: Partial<Session> = {}): Session => ({
  id: 'a'.repeat(64),
  userId: 'u1',
  createdAt: 1000,
  lastSeenAt: 1000,
  expiresAt: 5000,
  absoluteExpiresAt: 90_000,
  ...over
});

/** SessionStore rules SS1..SS6. */
export function sessionStoreContract(store: StoreContext): void {
  it('SS1 create then get returns an equal session', async () => {
    const s = session();
    await store().sessions.create(s, []);
    expect(await store().sessions.get(s.id)).toEqual(s);
  });

  it('SS2 an unknown id resolves null, even when other sessions exist', async () => {
    await store().sessions.create(session(), []);
    expect(await store().sessions.get('b'.repeat(64))).toBeNull();
  });

  it('SS2 an expired session is still returned: expiry is the service decision', async () => {
    await store().sessions.create(session({ expiresAt: 1 }), []);
    expect(await store().sessions.get('a'.repeat(64))).not.toBeNull();
  });

  it('SS3 touch updates lastSeenAt and expiresAt only; an unknown id is a no-op', async () => {
    const s = session();
    await store().sessions.create(s, []);
    await store().sessions.touch(s.id, 2000, 7000);
    expect(await store().sessions.get(s.id)).toEqual({ ...s, lastSeenAt: 2000, expiresAt: 7000 });
    await expect(store().sessions.touch('ghost', 1, 2)).resolves.toBeUndefined();
    expect(await store().sessions.get('ghost')).toBeNull();
  });

  it('SS4 delete then get resolves null; deleting an unknown id is a no-op', async () => {
    await store().sessions.create(session(), []);
    await store().sessions.create(session({ id: 'other' }), []);
    await store().sessions.delete('a'.repeat(64), []);
    expect(await store().sessions.get('a'.repeat(64))).toBeNull();
    await expect(store().sessions.delete('ghost', [])).resolves.toBeUndefined();
    expect(await store().sessions.get('other')).not.toBeNull();
  });

  it('SS5 deleteExpired removes sessions with expiresAt <= now and returns how many', async () => {
    await store().sessions.create(session({ id: 's1', expiresAt: 100 }), []);
    await store().sessions.create(session({ id: 's2', expiresAt: 200 }), []);
    await store().sessions.create(session({ id: 's3', expiresAt: 201 }), []);
    expect(await store().sessions.deleteExpired(200)).toBe(2);
    expect(await store().sessions.get('s1')).toBeNull();
    expect(await store().sessions.get('s2')).toBeNull();
    expect(await store().sessions.get('s3')).not.toBeNull();
    expect(await store().sessions.deleteExpired(200)).toBe(0);
  });

  it('SS6 deleteAllOfUser deletes every session of the user with its events, and only theirs', async () => {
    await store().sessions.create(session({ id: 's1', userId: 'u1' }), []);
    await store().sessions.create(session({ id: 's2', userId: 'u1' }), []);
    await store().sessions.create(session({ id: 's3', userId: 'u2' }), []);
    const before = (await store().activity.bounds()).lastSeq;
    const ids = await store().sessions.deleteAllOfUser('u1', [{ ...sessionEvent('e1', 's1'), type: 'session.ended' }]);
    expect(ids.sort()).toEqual(['s1', 's2']);
    expect(await store().sessions.get('s1')).toBeNull();
    expect(await store().sessions.get('s2')).toBeNull();
    expect(await store().sessions.get('s3')).not.toBeNull();
    expect((await store().activity.bounds()).lastSeq).toBe(before + 1);
    // Nothing left: nothing deleted and no event written.
    expect(
      await store().sessions.deleteAllOfUser('u1', [{ ...sessionEvent('e2', 's2'), type: 'session.ended' }])
    ).toEqual([]);
    expect((await store().activity.bounds()).lastSeq).toBe(before + 1);
  });
}
