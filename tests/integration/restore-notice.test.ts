import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { DossierRestoredPayload } from '../../src/lib/contract';
import { api, emitWithAck, socketClient, yClient, type TestSocket } from '../helpers/clients';
import { startCastServer, type DemoCast } from '../helpers/demo-cast';
import type { TestServer } from '../helpers/start-test-server';

let server: TestServer;
let cast: DemoCast;
let cookieA1: string, cookieA2: string, cookieB: string;
const cleanup: Array<() => void> = [];

beforeAll(async () => {
  // Versions after 40 ms of quiet, so an edit becomes a version within the test.
  ({ server, cast, cookieA1, cookieA2, cookieB } = await startCastServer({ env: { YJS_CHECKPOINT_IDLE_MS: '40' } }));
});
afterEach(() => cleanup.splice(0).forEach((fn) => fn()));
afterAll(() => server?.close());

async function connect(cookie: string): Promise<TestSocket> {
  const socket = await socketClient(server.url, cookie);
  cleanup.push(() => socket.close());
  return socket;
}

/** Every dossier:restored a socket receives, in order. */
function record(socket: TestSocket): DossierRestoredPayload[] {
  const seen: DossierRestoredPayload[] = [];
  socket.on('dossier:restored', (payload) => seen.push(payload));
  return seen;
}

const base = () => `/api/dossiers/${cast.dossierA.id}/versions`;
const versions = async () => (await api(server.url, base(), { cookie: cookieA1 })).body.items as Array<{ id: string }>;
const segment = (doc: Y.Doc) => doc.getMap('fields').get('segment') as Y.Text;

describe('dossier:restored push', () => {
  it('tells watchers who restored which version, with the version that undoes it; other teams hear nothing', async () => {
    const editor = yClient(server.url, cast.dossierA.id, cookieA1);
    cleanup.push(() => editor.destroy());
    await editor.synced;
    const created = (await versions()).at(-1)!;

    const watcher = await connect(cookieA2);
    const outsider = await connect(cookieB);
    const teammateNotWatching = await connect(cookieA1);
    expect((await emitWithAck(watcher, 'dossier:watch', { dossierId: cast.dossierA.id })).ok).toBe(true);
    expect((await emitWithAck(outsider, 'dossier:watch', { dossierId: cast.dossierB.id })).ok).toBe(true);
    const watcherSaw = record(watcher);
    const outsiderSaw = record(outsider);
    const teammateSaw = record(teammateNotWatching);

    // An edit that is not yet a version when the restore comes: the restore records it first.
    editor.doc.transact(() => segment(editor.doc).insert(0, 'Unsaved-Segment'));
    await vi.waitFor(() => expect(editor.allSaved()).toBe(true));
    const before = await api(server.url, `${base()}/${created.id}/restore`, { method: 'POST', cookie: cookieA1 });
    expect(before.status).toBe(201);

    await vi.waitFor(() => expect(watcherSaw).toHaveLength(1));
    const list = await versions();
    const [restoreVersion, replaced] = list;
    expect(restoreVersion.id).toBe(before.body.id);
    expect(watcherSaw[0]).toMatchObject({
      dossierId: cast.dossierA.id,
      versionId: before.body.id,
      restoredFrom: created.id,
      replacedVersionId: replaced.id,
      actorId: cast.repA1.id,
      actorName: cast.repA1.name
    });
    expect(Date.parse(watcherSaw[0].at)).not.toBeNaN();
    expect(watcherSaw[0].restoredFromAt).toBe((list.at(-1) as unknown as { createdAt: string }).createdAt);
    expect(watcherSaw[0].seq).toEqual(expect.any(Number));

    // The replaced version holds the text that was there: restoring it is the undo.
    const undo = await api(server.url, `${base()}/${replaced.id}/restore`, { method: 'POST', cookie: cookieA2 });
    expect(undo.status).toBe(201);
    await vi.waitFor(() => expect(segment(editor.doc).toString()).toContain('Unsaved-Segment'));

    // Nothing changed since the undo's own version: the replaced state is the latest version itself.
    await vi.waitFor(() => expect(watcherSaw).toHaveLength(2));
    const again = await api(server.url, `${base()}/${created.id}/restore`, { method: 'POST', cookie: cookieA1 });
    expect(again.status).toBe(201);
    await vi.waitFor(() => expect(watcherSaw).toHaveLength(3));
    expect(watcherSaw[2].replacedVersionId).toBe(undo.body.id);
    expect(watcherSaw[1]).toMatchObject({ actorId: cast.repA2.id, actorName: cast.repA2.name });

    // Socket.io keeps order per connection: once these acks are back, a push sent with the watcher's would be too.
    await emitWithAck(outsider, 'presence:list', {});
    await emitWithAck(teammateNotWatching, 'presence:list', {});
    expect(outsiderSaw).toEqual([]);
    expect(teammateSaw).toEqual([]);
  });

  it('stops pushing to a socket that unwatched the dossier', async () => {
    const stays = await connect(cookieA2);
    const leaves = await connect(cookieA2);
    for (const socket of [stays, leaves]) {
      expect((await emitWithAck(socket, 'dossier:watch', { dossierId: cast.dossierA.id })).ok).toBe(true);
    }
    const staysSaw = record(stays);
    const leavesSaw = record(leaves);
    const created = (await versions()).at(-1)!;
    await api(server.url, `${base()}/${created.id}/restore`, { method: 'POST', cookie: cookieA1 });
    await vi.waitFor(() => expect(leavesSaw).toHaveLength(1));

    expect((await emitWithAck(leaves, 'dossier:unwatch', { dossierId: cast.dossierA.id })).ok).toBe(true);
    await api(server.url, `${base()}/${created.id}/restore`, { method: 'POST', cookie: cookieA1 });
    // The push goes to the whole room at once: when the one that stayed has it, the other would have it too.
    await vi.waitFor(() => expect(staysSaw).toHaveLength(2));
    await emitWithAck(leaves, 'presence:list', {});
    expect(leavesSaw).toHaveLength(1);
  });
});
