import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { SearchHitDTO, SearchResultDTO } from '../../src/lib/contract';
import { notesOf, writeField } from '../../src/lib/dossier-doc';
import { api, login, yClient } from '../helpers/clients';
import { startCastServer, type DemoCast } from '../helpers/demo-cast';
import type { TestServer } from '../helpers/start-test-server';

/**
 * Issue #11 full-text search end to end: backfill of the seed, folding of umlauts and accents, ranking,
 * snippets, visibility (teams and coverage), and the index following edits, interactions and tickets.
 */
let server: TestServer;
let cast: DemoCast;
let cookieA1: string, cookieB: string, cookieAdmin: string;
const HOUR = 3_600_000;

beforeAll(async () => {
  ({ server, cast, cookieA1, cookieB } = await startCastServer({ demoDossiers: 12 }));
  cookieAdmin = await login(server.url, cast.admin.email, cast.password);
});
afterAll(async () => {
  await server?.close();
});

const search = async (cookie: string, q: string) => {
  const res = await api<SearchResultDTO>(server.url, `/api/search?q=${encodeURIComponent(q)}`, { cookie });
  expect(res.status).toBe(200);
  return res.body.items;
};
const marked = (hit: SearchHitDTO) => hit.snippet.filter((p) => p.mark).map((p) => p.text);

const addParagraph = (doc: Y.Doc, text: string) =>
  doc.transact(() => {
    const notes = notesOf(doc);
    const p = new Y.XmlElement('paragraph');
    notes.insert(notes.length, [p]);
    const t = new Y.XmlText();
    p.insert(0, [t]);
    t.insert(0, text);
  });

describe('GET /api/search', () => {
  it('finds the seeded data after the start-up backfill (names and timeline)', async () => {
    const hits = await search(cookieA1, cast.dossierA.company);
    expect(hits[0]).toMatchObject({ dossierId: cast.dossierA.id, kind: 'name', company: cast.dossierA.company });
    const seededEntry = (
      await api(server.url, `/api/dossiers/${cast.dossierA.id}/timeline?limit=50`, { cookie: cookieA1 })
    ).body.items.find((i: { kind: string }) => i.kind === 'interaction');
    expect(seededEntry).toBeDefined();
    const word = (seededEntry.summary as string).split(/\s+/).find((w) => /^\p{L}{6,}$/u.test(w))!;
    const alone = await search(cookieA1, `${word} `);
    expect(alone.some((h) => h.kind === 'timeline' && h.ref === seededEntry.id)).toBe(true);
  });

  it('folds umlauts, accents and ß; the last word is a prefix; names rank first; the match is marked', async () => {
    const created = await api(server.url, '/api/dossiers', {
      method: 'POST',
      cookie: cookieA1,
      body: { company: 'Quokka Müller Präzisionsteile', city: 'Görlitz', stage: 'lead' }
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await vi.waitFor(
      async () => expect((await search(cookieA1, 'muller quokka')).map((h) => h.dossierId)).toContain(id),
      {
        timeout: 5000
      }
    );
    const [byName] = await search(cookieA1, 'MUELLER quokka');
    expect(byName).toMatchObject({ dossierId: id, kind: 'name' });
    expect(marked(byName)).toEqual(expect.arrayContaining(['Müller', 'Quokka']));
    // As you type: "präz" (or "praz") completes to Präzisionsteile; "goerl" to Görlitz (a field hit).
    expect((await search(cookieA1, 'quokka praz'))[0]).toMatchObject({ dossierId: id, kind: 'name' });
    expect(marked((await search(cookieA1, 'quokka präz'))[0])).toContain('Präzisionsteile');
    const city = (await search(cookieA1, 'goerl')).find((h) => h.dossierId === id);
    expect(city).toMatchObject({ kind: 'field', ref: 'city' });
    // A trailing space ends the word: "praz " is a whole word, and nothing is called that.
    expect((await search(cookieA1, 'quokka praz ')).map((h) => h.dossierId)).not.toContain(id);
  });

  it('rejects empty, blank, missing and over-long queries with 400 and a message', async () => {
    for (const q of ['', '%20%20', 'x'.repeat(201)]) {
      const res = await api(server.url, `/api/search?q=${q}`, { cookie: cookieA1 });
      expect(res.status, q).toBe(400);
      expect(res.body.error.message).toMatch(/q /);
    }
    expect((await api(server.url, '/api/search', { cookie: cookieA1 })).status).toBe(400);
    expect((await api(server.url, '/api/search?q=x')).status).toBe(401);
    expect((await api(server.url, `/api/search?q=${'x'.repeat(200)}`, { cookie: cookieA1 })).status).toBe(200);
  });

  it('follows edits of the document: notes, fields and contacts, and forgets what was removed', async () => {
    const client = yClient(server.url, cast.dossierA.id, cookieA1);
    try {
      await client.synced;
      addParagraph(client.doc, 'Interesse an der Kaffeemaschine Wombatissimo, Rückruf im Frühjahr');
      writeField(client.doc, 'website', 'https://platypus-beispiel.de');
      await vi.waitFor(async () => expect((await search(cookieA1, 'wombatissimo')).length).toBe(1), { timeout: 5000 });
      const [note] = await search(cookieA1, 'wombatissimo fruhjahr');
      expect(note).toMatchObject({ dossierId: cast.dossierA.id, kind: 'note', ref: null });
      expect(marked(note)).toEqual(['Wombatissimo', 'Frühjahr']);
      expect((await search(cookieA1, 'platypus'))[0]).toMatchObject({ kind: 'field', ref: 'website' });
      writeField(client.doc, 'website', 'https://neu.example');
      await vi.waitFor(async () => expect(await search(cookieA1, 'platypus')).toEqual([]), { timeout: 5000 });
    } finally {
      client.destroy();
    }
  });

  it('follows interactions, their corrections and the tickets complaints open', async () => {
    const logged = await api(server.url, `/api/dossiers/${cast.dossierA.id}/interactions`, {
      method: 'POST',
      cookie: cookieA1,
      body: { type: 'complaint', pointOfSale: 'call_centre', summary: 'Zahnräder Kängurumodell beschädigt geliefert' }
    });
    expect(logged.status).toBe(201);
    await vi.waitFor(
      async () =>
        expect((await search(cookieA1, 'kangurumodell')).map((h) => h.kind).sort()).toEqual(['ticket', 'timeline']),
      { timeout: 5000 }
    );
    const hits = await search(cookieA1, 'kangurumodell');
    expect(hits.find((h) => h.kind === 'timeline')).toMatchObject({ ref: logged.body.id, dossierId: cast.dossierA.id });
    expect(hits.find((h) => h.kind === 'ticket')).toMatchObject({ ref: logged.body.ticketId });
    expect(hits.every((h) => h.at !== null)).toBe(true);

    const corrected = await api(server.url, `/api/interactions/${logged.body.id}`, {
      method: 'PATCH',
      cookie: cookieA1,
      body: { summary: 'Zahnräder Koalamodell beschädigt geliefert' }
    });
    expect(corrected.status).toBe(200);
    await vi.waitFor(
      async () => expect((await search(cookieA1, 'koalamodell')).map((h) => h.kind)).toEqual(['timeline']),
      {
        timeout: 5000
      }
    );
    // The timeline entry reads as corrected; the ticket keeps its title.
    expect((await search(cookieA1, 'kangurumodell')).map((h) => h.kind)).toEqual(['ticket']);
  });

  it('indexes in the write’s transaction: an interaction is found as soon as its POST returns', async () => {
    const logged = await api(server.url, `/api/dossiers/${cast.dossierA.id}/interactions`, {
      method: 'POST',
      cookie: cookieA1,
      body: { type: 'call', pointOfSale: 'call_centre', summary: 'Rückfrage Okapischraube vereinbart' }
    });
    expect(logged.status).toBe(201);
    // No waiting: the entry committed with the interaction (SearchIndex SI8), not after the bus delivered it.
    expect((await search(cookieA1, 'okapischraube')).map((h) => h.ref)).toEqual([logged.body.id]);
  });

  it('finds the dossiers of a CSV import as soon as the import is committed, only within the team', async () => {
    const res = await fetch(`${server.url}/api/imports`, {
      method: 'POST',
      headers: { cookie: cookieA1, 'content-type': 'text/csv; charset=utf-8' },
      body: 'Firma;Ort;Ansprechpartner\nNashornwerke GmbH;Gießen;Dörte Quastenflosser\n'
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(
      (await api(server.url, `/api/imports/${id}/commit`, { method: 'POST', cookie: cookieA1, body: {} })).status
    ).toBe(202);
    await vi.waitFor(
      async () =>
        expect(
          (await api<{ status: string }>(server.url, `/api/imports/${id}`, { cookie: cookieA1 })).body.status
        ).toBe('committed'),
      { timeout: 10_000, interval: 20 }
    );
    const hits = await search(cookieA1, 'nashornwerke');
    expect(hits.map((h) => [h.company, h.kind])).toEqual([['Nashornwerke GmbH', 'name']]);
    expect((await search(cookieA1, 'giessen quastenflosser')).length).toBe(0); // two entries, not one
    expect((await search(cookieA1, 'quastenflosser')).map((h) => h.kind)).toEqual(['contact']);
    expect(await search(cookieB, 'nashornwerke')).toEqual([]);
  });

  it('obeys visibility: another team’s dossier is not found, a covered one is while the coverage lasts', async () => {
    const company = cast.dossierA.company;
    const idsFor = async (cookie: string) => (await search(cookie, company)).map((h) => h.dossierId);
    expect(await idsFor(cookieB)).not.toContain(cast.dossierA.id);
    expect(await idsFor(cookieAdmin)).toContain(cast.dossierA.id);

    const ownerId = cast.dossierA.ownerId;
    const owner = server.demo.users.find((u) => u.id === ownerId)!;
    const ownerCookie = await login(server.url, owner.email, cast.password);
    const absence = await api<{ id: string }>(server.url, '/api/absences', {
      method: 'POST',
      cookie: ownerCookie,
      body: {
        userId: ownerId,
        kind: 'illness',
        to: new Date(Date.now() + 8 * HOUR).toISOString(),
        handToId: cast.repB.id
      }
    });
    expect(absence.status).toBe(201);
    expect(await idsFor(cookieB)).toContain(cast.dossierA.id);
    const ended = await api(server.url, `/api/absences/${absence.body.id}/end`, {
      method: 'POST',
      cookie: ownerCookie
    });
    expect(ended.status).toBe(200);
    expect(await idsFor(cookieB)).not.toContain(cast.dossierA.id);
  });
});
