import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createFeedResume } from '../../server/features/feed';
import type { User } from '../../server/kernel/types';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';
import { dossierEvent, sessionEvent } from '../contract/activity-store.contract';

const user = (over: Partial<User>): User => ({
  id: 'u1',
  email: 'u1@x.de',
  name: 'U',
  role: 'rep',
  locale: 'de',
  teamIds: ['t1'],
  passwordHash: '',
  createdAt: 0,
  deputyId: null,
  deactivatedAt: null,
  ...over
});

describe('feed resume rules', () => {
  const store = createSqliteStore({ file: ':memory:' });
  afterEach(async () => {
    await store.activity.deleteOlderThan(Number.MAX_SAFE_INTEGER);
  });
  afterAll(() => store.close());

  it('caps a replay at maxReplay events the user may see, counting only those', async () => {
    // seqs 1..8: t1, t2, session, t1, t2, t1, t1, session
    await store.activity.append([
      dossierEvent('a', 't1'),
      dossierEvent('b', 't2'),
      sessionEvent('c'),
      dossierEvent('d', 't1'),
      dossierEvent('e', 't2'),
      dossierEvent('f', 't1'),
      dossierEvent('g', 't1'),
      sessionEvent('h')
    ]);
    const feed = createFeedResume({ activity: store.activity, publishedSeq: () => 8, maxReplay: 3 });
    const rep = user({});
    expect(await feed.resume(rep, { afterSeq: 0 })).toEqual({ events: [], reset: true, lastSeq: 8 });
    const three = await feed.resume(rep, { afterSeq: 1 });
    expect(three.reset).toBeUndefined();
    expect(three.events.map((e) => e.id)).toEqual(['d', 'f', 'g']);
    expect(three.lastSeq).toBe(8);
    // An admin sees both teams but never internal events: five team events after seq 0 exceed 3.
    const admin = user({ role: 'admin', teamIds: [] });
    expect((await feed.resume(admin, { afterSeq: 0 })).reset).toBe(true);
    expect((await feed.resume(admin, { afterSeq: 4 })).events.map((e) => e.id)).toEqual(['e', 'f', 'g']);
  });

  it('replays only what the relay has published; later events come as pushes', async () => {
    const [first] = await store.activity.append([dossierEvent('a', 't1'), dossierEvent('b', 't1')]);
    let published = first.seq;
    const feed = createFeedResume({ activity: store.activity, publishedSeq: () => published });
    const before = first.seq - 1;
    expect((await feed.resume(user({}), { afterSeq: before })).events.map((e) => e.id)).toEqual(['a']);
    published += 1;
    expect(await feed.resume(user({}), { afterSeq: before })).toMatchObject({ lastSeq: published });
    expect((await feed.resume(user({}), { afterSeq: before })).events.map((e) => e.id)).toEqual(['a', 'b']);
  });
});
