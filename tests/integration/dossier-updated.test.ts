import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { DossierSummaryDTO } from '../../src/lib/contract';
import { fieldsOf, notesOf } from '../../src/lib/dossier-doc';
import { UPDATED_ANNOUNCE_WINDOW_MS } from '../../server/features/dossiers/dossiers.rules';
import { api, socketClient, yClient, type TestSocket } from '../helpers/clients';
import { startCastServer, type DemoCast } from '../helpers/demo-cast';
import { manualClock, type TestServer } from '../helpers/start-test-server';

let server: TestServer;
let cast: DemoCast;
let cookieA1: string, cookieA2: string;
const clock = manualClock();
let listener: TestSocket;
const pushed: DossierSummaryDTO[] = [];

beforeAll(async () => {
  ({ server, cast, cookieA1, cookieA2 } = await startCastServer({ clock }));
  listener = await socketClient(server.url, cookieA2);
  listener.on('dossier:changed', (d) => pushed.push(d));
});
afterAll(async () => {
  listener?.close();
  await server?.close();
});

const updatedAtOf = async (id: string) =>
  (await api(server.url, `/api/dossiers/${id}`, { cookie: cookieA2 })).body.updatedAt as string;
const iso = (ms: number) => new Date(ms).toISOString();

describe('updatedAt and the dossier.updated announcement (U1, U2)', () => {
  it('every document change moves updatedAt; unlisted edits announce once per window, listed ones at once', async () => {
    const id = cast.dossierA.id;
    const a = yClient(server.url, id, cookieA1);
    try {
      await a.synced;
      const mine = () => pushed.filter((d) => d.id === id);
      // Past the seed's timestamps, at the start of an announcement window.
      clock.advance(5 * UPDATED_ANNOUNCE_WINDOW_MS);
      const t1 = clock.now();

      // A note (not a listed value): updatedAt moves, and the first change of a window is announced.
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('Rückruf vereinbart')]);
      notesOf(a.doc).insert(0, [paragraph]);
      await vi.waitFor(async () => expect(await updatedAtOf(id)).toBe(iso(t1)), { timeout: 5000 });
      await vi.waitFor(() => expect(mine().map((d) => d.updatedAt)).toEqual([iso(t1)]), { timeout: 5000 });

      // The agreed conditions a second later: updatedAt moves again, but the same window is not re-announced.
      clock.advance(1000);
      (fieldsOf(a.doc).get('agreedConditions') as Y.Text).insert(0, '3 % Skonto. ');
      await vi.waitFor(async () => expect(await updatedAtOf(id)).toBe(iso(t1 + 1000)), { timeout: 5000 });

      // A listed value is announced at once. Pushes arrive in order, so had the conditions edit been
      // announced, it would be in the list before this one.
      clock.advance(1000);
      const city = fieldsOf(a.doc).get('city') as Y.Text;
      city.insert(city.length, ' Nord');
      await vi.waitFor(() => expect(mine()).toHaveLength(2), { timeout: 5000 });
      expect(mine().map((d) => d.updatedAt)).toEqual([iso(t1), iso(t1 + 2000)]);
      expect(mine()[1].city).toMatch(/ Nord$/);

      // A phone number in the next window is announced again, so lists sorted by "updated" catch up.
      clock.advance(UPDATED_ANNOUNCE_WINDOW_MS);
      const contact = a.doc.getArray<Y.Map<unknown>>('contacts').get(0);
      (contact.get('phone') as Y.Text).insert(0, '0');
      await vi.waitFor(() => expect(mine()).toHaveLength(3), { timeout: 5000 });
      expect(mine()[2].updatedAt).toBe(iso(t1 + 2000 + UPDATED_ANNOUNCE_WINDOW_MS));
    } finally {
      a.destroy();
    }
  });
});
