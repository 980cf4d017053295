import { expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DossierSummaryDTO } from '../../src/lib/contract';
import type { NewEvent, StoredEvent } from '../../server/kernel/events';
import type { DocVersion } from '../../server/features/history/version-store';
import type { Session } from '../../server/kernel/types';
import { dossier } from './dossier-fixtures';
import type { StoreContext } from './store-contract';

/** An internal event without a team (system-wide). */
export const sessionEvent = (id: string, sessionId = `s-${id}`, at = 1_000): NewEvent<'session.started'> => ({
  id,
  type: 'session.started',
  at,
  actorId: 'u1',
  onBehalfOfId: null,
  teamId: null,
  dossierId: null,
  data: { sessionId }
});

const row = (id: string, teamId: string): DossierSummaryDTO => ({
  id,
  teamId,
  ownerId: 'u1',
  ownerName: 'Jörg Petersen',
  company: `Müller & Söhne ${id}`,
  street: 'Hauptstraße 1',
  postalCode: '50667',
  city: 'Köln',
  industry: 'Bau',
  stage: 'lead',
  tags: ['vip', 'nord'],
  contactNames: ['Ana Šimić'],
  updatedAt: '2026-01-02T03:04:05.000Z',
  keyAccountManagerId: null,
  standInIds: [],
  actingOwnerId: 'u1',
  actingOwnerName: 'Jörg Petersen',
  coverage: null
});

/** A team event about a dossier. */
export const dossierEvent = (
  id: string,
  teamId: string,
  dossierId = `d-${id}`,
  type: 'dossier.created' | 'dossier.updated' = 'dossier.created',
  at = 1_000
): NewEvent<'dossier.created' | 'dossier.updated'> => ({
  id,
  type,
  at,
  actorId: 'u1',
  onBehalfOfId: 'u2',
  teamId,
  dossierId,
  data: { dossier: row(dossierId, teamId) }
});

const session = (id: string): Session => ({
  id,
  userId: 'u1',
  createdAt: 1,
  lastSeenAt: 1,
  expiresAt: 10_000,
  absoluteExpiresAt: 20_000
});

function version(id: string, docId: string): DocVersion {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, id);
  return {
    id,
    docId,
    createdAt: 1_000,
    kind: 'restore',
    authorIds: ['u1'],
    restoredFrom: 'v0',
    snapshot: Y.encodeStateAsUpdate(doc),
    baseId: null
  };
}

const versionEvents = (id: string, docId: string): NewEvent[] => [
  {
    id: `${id}-recorded`,
    type: 'dossier.version_recorded',
    at: 1_000,
    actorId: 'u1',
    onBehalfOfId: null,
    teamId: 't1',
    dossierId: docId,
    data: {
      version: { id, createdAt: '2026-01-01T00:00:00.000Z', kind: 'restore', authors: [], restoredFrom: 'v0' }
    }
  },
  {
    id: `${id}-restored`,
    type: 'dossier.restored',
    at: 1_000,
    actorId: 'u1',
    onBehalfOfId: null,
    teamId: 't1',
    dossierId: docId,
    data: { versionId: id, restoredFrom: 'v0', replacedVersionId: 'v9' }
  }
];

const withoutSeq = ({ seq: _seq, ...rest }: StoredEvent) => rest;

/** ActivityStore rules AS1..AS6 (see server/features/feed/activity-store.ts), on their own and as the outbox. */
export function activityStoreContract(store: StoreContext): void {
  const all = () => store().activity.listSince({ afterSeq: 0, teamIds: 'all', limit: 10_000 });

  it('AS1 AS6 append assigns consecutive seqs in the order given and reads back equal', async () => {
    const first = await store().activity.append([sessionEvent('e1'), dossierEvent('e2', 't1')]);
    const second = await store().activity.append([dossierEvent('e3', 't2', 'd9', 'dossier.updated')]);
    expect(first.map((e) => e.seq)).toEqual([1, 2]);
    expect(second.map((e) => e.seq)).toEqual([3]);
    expect(await all()).toEqual([...first, ...second]);
    expect((await all()).map(withoutSeq)).toEqual([
      sessionEvent('e1'),
      dossierEvent('e2', 't1'),
      dossierEvent('e3', 't2', 'd9', 'dossier.updated')
    ]);
  });

  it('AS1 every change method writes its events with seqs that continue the log without holes', async () => {
    const s = store();
    await s.dossiers.create(dossier({ id: 'd1' }), [dossierEvent('c1', 't1', 'd1')]);
    await s.sessions.create(session('s1'), [sessionEvent('c2', 's1')]);
    await s.dossiers.updateProjection(
      'd1',
      { company: 'Neu', street: '', postalCode: '', city: '', industry: '', contactNames: [] },
      5,
      [dossierEvent('c3', 't1', 'd1', 'dossier.updated')]
    );
    await s.versions.add(version('v1', 'd1'), versionEvents('v1', 'd1'));
    await s.sessions.delete('s1', [{ ...sessionEvent('c4', 's1'), type: 'session.ended' }]);
    const log = await all();
    expect(log.map((e) => e.id)).toEqual(['c1', 'c2', 'c3', 'v1-recorded', 'v1-restored', 'c4']);
    expect(log.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(log[3].type === 'dossier.version_recorded' && log[3].data.version.id).toBe('v1');
  });

  it('AS1 concurrent changes leave a log without holes or repeats', async () => {
    const s = store();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 3 === 0
          ? s.sessions.create(session(`s${i}`), [sessionEvent(`e${i}`, `s${i}`)])
          : i % 3 === 1
            ? s.dossiers.create(dossier({ id: `d${i}` }), [dossierEvent(`e${i}`, 't1', `d${i}`)])
            : s.activity.append([sessionEvent(`e${i}a`), sessionEvent(`e${i}b`)])
      )
    );
    const seqs = (await all()).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect((await s.activity.bounds()).lastSeq).toBe(40);
  });

  it('AS2 listSince filters by seq, teams and types, oldest first, at most limit', async () => {
    const log = await store().activity.append([
      dossierEvent('e1', 't1'),
      dossierEvent('e2', 't2'),
      dossierEvent('e3', 't1', 'd3', 'dossier.updated'),
      sessionEvent('e4'),
      dossierEvent('e5', 't3'),
      dossierEvent('e6', 't1')
    ]);
    const ids = (events: StoredEvent[]) => events.map((e) => e.id);
    const list = (options: Partial<Parameters<ReturnType<StoreContext>['activity']['listSince']>[0]>) =>
      store().activity.listSince({ afterSeq: 0, teamIds: 'all', limit: 100, ...options });
    expect(await list({})).toEqual(log);
    expect(ids(await list({ afterSeq: log[1].seq, limit: 2 }))).toEqual(['e3', 'e4']);
    expect(ids(await list({ teamIds: ['t1', 't3'] }))).toEqual(['e1', 'e3', 'e5', 'e6']);
    expect(ids(await list({ afterSeq: log[0].seq, teamIds: ['t1'], limit: 1 }))).toEqual(['e3']);
    expect(ids(await list({ types: ['dossier.updated', 'session.started'] }))).toEqual(['e3', 'e4']);
    expect(ids(await list({ teamIds: ['t1'], types: ['dossier.created'] }))).toEqual(['e1', 'e6']);
    expect(await list({ teamIds: [] })).toEqual([]);
    expect(await list({ types: [] })).toEqual([]);
    expect(await list({ afterSeq: log[5].seq })).toEqual([]);
  });

  it('AS3 change and event commit together: a change that fails writes no event', async () => {
    const s = store();
    await s.dossiers.create(dossier({ id: 'd1' }), [dossierEvent('ok1', 't1', 'd1')]);
    await s.sessions.create(session('s1'), [sessionEvent('ok2', 's1')]);
    await s.versions.add(version('v1', 'd1'), versionEvents('v1', 'd1'));
    const before = await all();

    await expect(s.dossiers.create(dossier({ id: 'd1' }), [dossierEvent('x1', 't1', 'd1')])).rejects.toMatchObject({
      code: 'conflict'
    });
    await expect(s.sessions.create(session('s1'), [sessionEvent('x2', 's1')])).rejects.toMatchObject({
      code: 'conflict'
    });
    await expect(s.versions.add(version('v1', 'd1'), versionEvents('x3', 'd1'))).rejects.toMatchObject({
      code: 'conflict'
    });
    expect(await all()).toEqual(before);
    expect((await s.activity.bounds()).lastSeq).toBe(before.length);
    // The next change continues the log where it was: a failed change used no seq.
    const [next] = await s.activity.append([sessionEvent('after')]);
    expect(next.seq).toBe(before.length + 1);
  });

  it('AS3 change and event commit together: a change that does not happen writes no event', async () => {
    const s = store();
    const projection = { company: 'X', street: '', postalCode: '', city: '', industry: '', contactNames: [] };
    expect(await s.dossiers.updateProjection('ghost', projection, 1, [dossierEvent('x1', 't1', 'ghost')])).toBeNull();
    await s.sessions.delete('ghost', [{ ...sessionEvent('x2', 'ghost'), type: 'session.ended' }]);
    expect(await all()).toEqual([]);
  });

  it('AS3 change and event commit together: an event that cannot be written undoes its change', async () => {
    const s = store();
    await s.activity.append([sessionEvent('taken')]);
    // The event id is already in the log, so writing the event fails inside the change's transaction.
    await expect(s.dossiers.create(dossier({ id: 'd1' }), [dossierEvent('taken', 't1', 'd1')])).rejects.toThrow();
    expect(await s.dossiers.get('d1')).toBeNull();
    await expect(s.sessions.create(session('s1'), [sessionEvent('taken', 's1')])).rejects.toThrow();
    expect(await s.sessions.get('s1')).toBeNull();
    await expect(
      s.versions.add(version('v1', 'd1'), [{ ...versionEvents('v1', 'd1')[0], id: 'taken' }])
    ).rejects.toThrow();
    expect(await s.versions.get('d1', 'v1')).toBeNull();
    expect((await all()).map((e) => e.id)).toEqual(['taken']);
  });

  it('AS4 AS5 bounds track the retained range; deleting old events renumbers nothing', async () => {
    const s = store();
    expect(await s.activity.bounds()).toEqual({ oldestSeq: null, lastSeq: 0 });
    await s.activity.append([sessionEvent('e1', 's', 100), sessionEvent('e2', 's', 200), sessionEvent('e3', 's', 300)]);
    expect(await s.activity.bounds()).toEqual({ oldestSeq: 1, lastSeq: 3 });
    expect(await s.activity.deleteOlderThan(250)).toBe(2);
    expect(await s.activity.bounds()).toEqual({ oldestSeq: 3, lastSeq: 3 });
    expect((await all()).map((e) => [e.id, e.seq])).toEqual([['e3', 3]]);
    expect(await s.activity.deleteOlderThan(1_000)).toBe(1);
    expect(await s.activity.bounds()).toEqual({ oldestSeq: null, lastSeq: 3 });
    const [next] = await s.activity.append([sessionEvent('e4')]);
    expect(next.seq).toBe(4);
  });

  it('AS8 listForDossiers returns the dossiers’ events of the types inside [from, to), oldest first, at most limit', async () => {
    const s = store();
    await s.activity.append([
      dossierEvent('a1', 't1', 'd1', 'dossier.updated', 300),
      dossierEvent('a2', 't1', 'd1', 'dossier.updated', 100),
      dossierEvent('a3', 't2', 'd2', 'dossier.updated', 200),
      dossierEvent('a4', 't1', 'd3', 'dossier.updated', 200),
      dossierEvent('a5', 't1', 'd1', 'dossier.created', 150),
      dossierEvent('a6', 't1', 'd1', 'dossier.updated', 400),
      dossierEvent('a7', 't1', 'd2', 'dossier.updated', 99)
    ]);
    const ids = async (options: { dossierIds: string[]; types?: string[]; limit?: number }) =>
      (
        await s.activity.listForDossiers({
          dossierIds: options.dossierIds,
          types: (options.types ?? ['dossier.updated']) as never,
          from: 100,
          to: 400,
          limit: options.limit ?? 100
        })
      ).map((e) => e.id);
    expect(await ids({ dossierIds: ['d1', 'd2'] })).toEqual(['a2', 'a3', 'a1']);
    expect(await ids({ dossierIds: ['d1', 'd2'], limit: 2 })).toEqual(['a2', 'a3']);
    expect(await ids({ dossierIds: ['d1'], types: ['dossier.updated', 'dossier.created'] })).toEqual([
      'a2',
      'a5',
      'a1'
    ]);
    expect(await ids({ dossierIds: [] })).toEqual([]);
    expect(await ids({ dossierIds: ['d1'], types: [] })).toEqual([]);
  });

  it('AS9 listPage filters by teams or covered dossiers, person, dossier, types, point of sale and pages by seq', async () => {
    const s = store();
    const visit = (id: string, teamId: string, dossierId: string, pointOfSale: string): NewEvent =>
      ({
        id,
        type: 'interaction.logged',
        at: 1_000,
        actorId: 'u3',
        onBehalfOfId: null,
        teamId,
        dossierId,
        data: { item: { id: `i-${id}`, kind: 'interaction', type: 'visit', pointOfSale } }
      }) as unknown as NewEvent;
    await s.activity.append([
      dossierEvent('p1', 't1', 'd1'), // seq 1, actor u1 for u2
      dossierEvent('p2', 't2', 'd2', 'dossier.updated'), // 2
      sessionEvent('p3'), // 3, no team
      visit('p4', 't1', 'd1', 'field_sales'), // 4
      visit('p5', 't2', 'd3', 'shop'), // 5
      dossierEvent('p6', 't1', 'd4', 'dossier.updated') // 6
    ]);
    const ids = async (query: Partial<Parameters<ReturnType<StoreContext>['activity']['listPage']>[0]>) =>
      (await s.activity.listPage({ teamIds: 'all', limit: 100, ...query })).map((e) => e.id);
    expect(await ids({})).toEqual(['p6', 'p5', 'p4', 'p3', 'p2', 'p1']);
    expect(await ids({ teamIds: ['t1'] })).toEqual(['p6', 'p4', 'p1']);
    expect(await ids({ teamIds: ['t1'], dossierIds: ['d3'] })).toEqual(['p6', 'p5', 'p4', 'p1']);
    expect(await ids({ teamIds: [], dossierIds: ['d2'] })).toEqual(['p2']);
    expect(await ids({ teamIds: [] })).toEqual([]);
    expect(await ids({ userId: 'u2' })).toEqual(['p6', 'p2', 'p1']);
    expect(await ids({ userId: 'u3' })).toEqual(['p5', 'p4']);
    expect(await ids({ dossierId: 'd1' })).toEqual(['p4', 'p1']);
    expect(await ids({ types: ['dossier.updated'] })).toEqual(['p6', 'p2']);
    expect(await ids({ types: [] })).toEqual([]);
    expect(await ids({ pointOfSale: 'shop' })).toEqual(['p5']);
    expect(await ids({ beforeSeq: 5, limit: 2 })).toEqual(['p4', 'p3']);
    expect(await ids({ beforeSeq: 3, limit: 2 })).toEqual(['p2', 'p1']);
    expect(await ids({ afterSeq: 2, beforeSeq: 6 })).toEqual(['p5', 'p4', 'p3']);
    expect(await ids({ afterSeq: 2, order: 'oldest', limit: 2 })).toEqual(['p3', 'p4']);
    expect(await ids({ teamIds: ['t2'], pointOfSale: 'shop', userId: 'u3', dossierId: 'd3' })).toEqual(['p5']);
  });
}
