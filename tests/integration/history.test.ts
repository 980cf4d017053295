import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { api, yClient } from '../helpers/clients';
import { startCastServer, type DemoCast } from '../helpers/demo-cast';
import type { TestServer } from '../helpers/start-test-server';

let server: TestServer;
let cast: DemoCast;
let cookieA1: string, cookieA2: string, cookieB: string;
const cleanup: Array<() => void> = [];

beforeAll(async () => {
  ({ server, cast, cookieA1, cookieA2, cookieB } = await startCastServer({ env: { YJS_CHECKPOINT_IDLE_MS: '40' } }));
});
afterEach(() => cleanup.splice(0).forEach((fn) => fn()));
afterAll(() => server?.close());

function client(cookie: string) {
  const c = yClient(server.url, cast.dossierA.id, cookie);
  cleanup.push(() => c.destroy());
  return c;
}
const segment = (doc: Y.Doc) => doc.getMap('fields').get('segment') as Y.Text;
const versions = async (cookie = cookieA1) =>
  (await api(server.url, `/api/dossiers/${cast.dossierA.id}/versions`, { cookie })).body.items;

/** Types a value and waits until the server has recorded it as a version by that user. */
async function editAndCheckpoint(c: ReturnType<typeof client>, value: string, userId: string) {
  const before = (await versions()).length;
  c.doc.transact(() => {
    segment(c.doc).delete(0, segment(c.doc).length);
    segment(c.doc).insert(0, value);
  });
  await vi.waitFor(
    async () => {
      const list = await versions();
      expect(list.length).toBe(before + 1);
      expect(list[0].authors.map((a: { id: string }) => a.id)).toEqual([userId]);
    },
    { timeout: 5000 }
  );
  return (await versions())[0];
}

describe('version history', () => {
  it('starts with the creation version of a seeded dossier', async () => {
    const list = await versions();
    expect(list.at(-1)).toMatchObject({ kind: 'created', authors: [{ id: cast.dossierA.createdBy }] });
  });

  it('records versions per author, diffs them, restores as a new attributed change, and undoes the restore', async () => {
    const a1 = client(cookieA1);
    const a2 = client(cookieA2);
    await Promise.all([a1.synced, a2.synced]);
    const alpha = await editAndCheckpoint(a1, 'Alpha-Segment', cast.repA1.id);
    const beta = await editAndCheckpoint(a2, 'Beta-Segment', cast.repA2.id);
    expect(alpha.kind).toBe('edit');

    const diff = await api(server.url, `/api/dossiers/${cast.dossierA.id}/versions/${alpha.id}/diff?against=current`, {
      cookie: cookieA1
    });
    expect(diff.status).toBe(200);
    expect(diff.body.fields).toEqual([
      expect.objectContaining({ key: 'segment', before: 'Alpha-Segment', after: 'Beta-Segment' })
    ]);
    expect(
      diff.body.fields[0].parts.some(
        (p: { removed?: boolean; value: string }) => p.removed && p.value.includes('Alpha')
      )
    ).toBe(true);

    // a contact added after alpha must disappear when alpha is restored
    a1.doc.transact(() => {
      const contact = new Y.Map<unknown>();
      contact.set('id', 'c-new');
      contact.set('name', new Y.Text('Neue Kontaktperson'));
      a1.doc.getArray('contacts').push([contact]);
    });
    await vi.waitFor(() =>
      expect(
        a2.doc
          .getArray('contacts')
          .toArray()
          .some((c: any) => c.get('id') === 'c-new')
      ).toBe(true)
    );

    const restore = await api(server.url, `/api/dossiers/${cast.dossierA.id}/versions/${alpha.id}/restore`, {
      method: 'POST',
      cookie: cookieA2
    });
    expect(restore.status).toBe(201);
    expect(restore.body).toMatchObject({ kind: 'restore', restoredFrom: alpha.id });
    expect(restore.body.authors.map((a: { id: string }) => a.id)).toContain(cast.repA2.id);
    await vi.waitFor(() => {
      expect(segment(a1.doc).toString()).toBe('Alpha-Segment');
      expect(
        a1.doc
          .getArray('contacts')
          .toArray()
          .some((c: any) => c.get('id') === 'c-new')
      ).toBe(false);
    });

    // the state before the restore was kept as a version, so the restore is undoable
    const list = await versions();
    expect(list[0].id).toBe(restore.body.id);
    const beforeRestore = list[1];
    expect(beforeRestore.id).not.toBe(beta.id); // includes the contact added after beta
    const undo = await api(server.url, `/api/dossiers/${cast.dossierA.id}/versions/${beforeRestore.id}/restore`, {
      method: 'POST',
      cookie: cookieA1
    });
    expect(undo.status).toBe(201);
    await vi.waitFor(() => {
      expect(segment(a2.doc).toString()).toBe('Beta-Segment');
      expect(
        a2.doc
          .getArray('contacts')
          .toArray()
          .some((c: any) => c.get('id') === 'c-new')
      ).toBe(true);
    });
  });

  it('logs every version and restore in the activity log, attributed and scoped to the team', async () => {
    const events = await server.app.store.activity.listSince({ afterSeq: 0, teamIds: [cast.teamA.id], limit: 1000 });
    const versions = events.filter((e) => e.type === 'dossier.version_recorded' && e.dossierId === cast.dossierA.id);
    const restores = events.filter((e) => e.type === 'dossier.restored' && e.dossierId === cast.dossierA.id);
    expect(versions.map((e) => e.actorId)).toEqual(expect.arrayContaining([cast.repA1.id, cast.repA2.id]));
    expect(restores.length).toBeGreaterThanOrEqual(2);
    expect(restores.every((e) => e.teamId === cast.teamA.id)).toBe(true);
  });

  it('refuses history to other teams and unknown versions', async () => {
    const list = await versions();
    const base = `/api/dossiers/${cast.dossierA.id}/versions`;
    expect((await api(server.url, base, { cookie: cookieB })).status).toBe(403);
    expect((await api(server.url, `${base}/${list[0].id}/diff`, { cookie: cookieB })).status).toBe(403);
    expect((await api(server.url, `${base}/${list[0].id}/restore`, { method: 'POST', cookie: cookieB })).status).toBe(
      403
    );
    expect((await api(server.url, `${base}/nope/restore`, { method: 'POST', cookie: cookieA1 })).status).toBe(404);
    expect((await api(server.url, base)).status).toBe(401);
  });
});
