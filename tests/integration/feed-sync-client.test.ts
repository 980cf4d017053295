import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { io } from 'socket.io-client';
import type { DossierChangedPush, TaskDTO } from '../../src/lib/contract';
import { FeedSync } from '../../src/lib/realtime/feed-sync';
import { api, type TestSocket } from '../helpers/clients';
import { startCastServer } from '../helpers/demo-cast';
import type { TestServer } from '../helpers/start-test-server';

let server: TestServer;
let cookieA1: string, cookieA2: string, cookieB: string;
let cast: Awaited<ReturnType<typeof startCastServer>>['cast'];

beforeAll(async () => {
  ({ server, cast, cookieA1, cookieA2, cookieB } = await startCastServer());
});
afterAll(() => server?.close());

async function createDossier(cookie: string, company: string): Promise<string> {
  const res = await api(server.url, '/api/dossiers', { method: 'POST', cookie, body: { company } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** The browser's socket as socket-client.ts opens it, but with a cookie header and reconnects by hand. */
function browserSocket(cookie: string): TestSocket {
  return io(server.url, {
    path: '/socket.io',
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnection: false,
    forceNew: true,
    autoConnect: false
  });
}

describe('FeedSync (the client cursor behind the list and the history panel)', () => {
  it('delivers every push once and in order across a reconnect, replayed and live ones merged', async () => {
    const socket = browserSocket(cookieA1);
    const feed = new FeedSync(socket);
    const delivered: DossierChangedPush[] = [];
    const resets: number[] = [];
    feed.on('dossier:changed', (p) => delivered.push(p));
    feed.onReset(() => resets.push(Date.now()));
    socket.connect();
    try {
      await vi.waitFor(() => expect(feed.lastSeq).not.toBeNull(), { timeout: 5000 });
      const first = await createDossier(cookieA2, 'Erste Live GmbH');
      await vi.waitFor(() => expect(delivered.map((d) => d.id)).toEqual([first]), { timeout: 5000 });

      socket.disconnect();
      const missed: string[] = [];
      for (let i = 0; i < 20; i++) {
        missed.push(await createDossier(cookieA2, `Verpasst ${i}`));
        if (i % 4 === 0) await createDossier(cookieB, `Fremd ${i}`);
      }
      // Reconnect while more changes keep coming (whichever way they race the resume, each arrives once).
      socket.connect();
      const racing: string[] = [];
      for (let i = 0; i < 10; i++) racing.push(await createDossier(cookieA2, `Während ${i}`));
      await vi.waitFor(() => expect(delivered).toHaveLength(31), { timeout: 10_000 });

      expect(delivered.map((d) => d.id)).toEqual([first, ...missed, ...racing]);
      const seqs = delivered.map((d) => d.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(resets).toEqual([]);
    } finally {
      feed.close();
      socket.close();
    }
  });

  it('replays a task created for the user while disconnected once after the reconnect, without a reset', async () => {
    const socket = browserSocket(cookieA1);
    const feed = new FeedSync(socket);
    const tasks: TaskDTO[] = [];
    const resets: number[] = [];
    feed.on('task:changed', (p) => tasks.push(p.task));
    feed.onReset(() => resets.push(Date.now()));
    socket.connect();
    try {
      await vi.waitFor(() => expect(feed.lastSeq).not.toBeNull(), { timeout: 5000 });
      const createTask = async (title: string) => {
        const res = await api<TaskDTO>(server.url, '/api/tasks', {
          method: 'POST',
          cookie: cookieA2,
          body: {
            dossierId: cast.dossierA.id,
            kind: 'ticket',
            title,
            assigneeId: cast.repA1.id,
            dueAt: new Date(Date.now() + 86_400_000).toISOString()
          }
        });
        expect(res.status).toBe(201);
        return res.body.id;
      };
      const live = await createTask('Live Reklamation');
      await vi.waitFor(() => expect(tasks.map((t) => t.id)).toEqual([live]), { timeout: 5000 });

      socket.disconnect();
      const missed = await createTask('Verpasste Reklamation');
      socket.connect();
      await vi.waitFor(() => expect(tasks.map((t) => t.id)).toEqual([live, missed]), { timeout: 5000 });
      // A later live push still arrives, and nothing arrived twice: the replay moved the cursor past it.
      const after = await createTask('Danach');
      await vi.waitFor(() => expect(tasks.map((t) => t.id)).toEqual([live, missed, after]), { timeout: 5000 });
      expect(tasks[1]).toMatchObject({ title: 'Verpasste Reklamation', kind: 'ticket', assigneeId: cast.repA1.id });
      expect(resets).toEqual([]);
    } finally {
      feed.close();
      socket.close();
    }
  });

  it('replays a stage move missed while disconnected as the list row with its new stage', async () => {
    const socket = browserSocket(cookieA1);
    const feed = new FeedSync(socket);
    const delivered: DossierChangedPush[] = [];
    feed.on('dossier:changed', (p) => delivered.push(p));
    socket.connect();
    try {
      await vi.waitFor(() => expect(feed.lastSeq).not.toBeNull(), { timeout: 5000 });
      const id = await createDossier(cookieA2, 'Stufe Verpasst GmbH');
      await vi.waitFor(() => expect(delivered.map((d) => d.id)).toEqual([id]), { timeout: 5000 });
      socket.disconnect();
      const moved = await api(server.url, `/api/dossiers/${id}/stage`, {
        method: 'POST',
        cookie: cookieA2,
        body: { stage: 'prospect' }
      });
      expect(moved.status).toBe(201);
      socket.connect();
      await vi.waitFor(
        () =>
          expect(delivered.map((d) => [d.id, d.stage])).toEqual([
            [id, 'lead'],
            [id, 'prospect']
          ]),
        { timeout: 5000 }
      );
    } finally {
      feed.close();
      socket.close();
    }
  });

  it('tells the screens to refetch when the missed events are past retention', async () => {
    const socket = browserSocket(cookieA1);
    const feed = new FeedSync(socket);
    let resets = 0;
    const delivered: string[] = [];
    feed.on('dossier:changed', (p) => delivered.push(p.id));
    feed.onReset(() => resets++);
    socket.connect();
    try {
      await vi.waitFor(() => expect(feed.lastSeq).not.toBeNull(), { timeout: 5000 });
      socket.disconnect();
      await createDossier(cookieA2, 'Nach Frist 1');
      await createDossier(cookieA2, 'Nach Frist 2');
      await server.app.store.activity.deleteOlderThan(Date.now() + 1);
      socket.connect();
      await vi.waitFor(() => expect(resets).toBe(1), { timeout: 5000 });
      expect(delivered).toEqual([]);
      // After the reset the cursor is current: the next change is delivered live.
      const next = await createDossier(cookieA2, 'Nach dem Reset');
      await vi.waitFor(() => expect(delivered).toEqual([next]), { timeout: 5000 });
    } finally {
      feed.close();
      socket.close();
    }
  });
});
