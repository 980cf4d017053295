import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, login } from '../helpers/clients';
import { demoCast } from '../helpers/demo-cast';
import { manualClock, startTestServer, type TestServer } from '../helpers/start-test-server';

let server: TestServer;
let cast: ReturnType<typeof demoCast>;
const clock = manualClock();

beforeAll(async () => {
  server = await startTestServer({ clock, env: { SESSION_IDLE_MINUTES: '30', SESSION_MAX_DAYS: '1' } });
  cast = demoCast(server);
});
afterAll(() => server?.close());

describe('health and sessions', () => {
  it('reports health with the store kind and version', async () => {
    const res = await api(server.url, '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', store: 'sqlite' });
    expect(res.body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('logs in with an HttpOnly SameSite=Lax cookie and returns the user with teams', async () => {
    const res = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: cast.repA1.email.toUpperCase(), password: cast.password })
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const body = await res.json();
    expect(body.user).toMatchObject({ id: cast.repA1.id, role: 'rep' });
    expect(body.user.teams.map((t: { id: string }) => t.id)).toEqual([cast.teamA.id]);
    expect(JSON.stringify(body)).not.toContain('passwordHash');
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const wrong = await api(server.url, '/api/session', {
      method: 'POST',
      body: { email: cast.repA1.email, password: 'nope' }
    });
    const unknown = await api(server.url, '/api/session', {
      method: 'POST',
      body: { email: 'nobody@x.de', password: 'nope' }
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('logs out: the cookie no longer authenticates', async () => {
    const cookie = await login(server.url, cast.repA1.email, cast.password);
    expect((await api(server.url, '/api/session', { cookie })).status).toBe(200);
    expect((await api(server.url, '/api/session', { method: 'DELETE', cookie })).status).toBe(204);
    expect((await api(server.url, '/api/session', { cookie })).status).toBe(401);
  });

  it('expires an idle session and slides expiry while it is used', async () => {
    const cookie = await login(server.url, cast.repA2.email, cast.password);
    clock.advance(20 * 60_000);
    expect((await api(server.url, '/api/dossiers', { cookie })).status).toBe(200); // slides to +30 min
    clock.advance(20 * 60_000);
    expect((await api(server.url, '/api/dossiers', { cookie })).status).toBe(200);
    clock.advance(31 * 60_000);
    const expired = await api(server.url, '/api/dossiers', { cookie });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('unauthenticated');
  });

  it('ends a session at its absolute lifetime even while it is in use', async () => {
    const cookie = await login(server.url, cast.repA2.email, cast.password);
    for (let i = 0; i < 50; i++) {
      clock.advance(29 * 60_000);
      if ((await api(server.url, '/api/session', { cookie })).status === 401) {
        expect(i * 29).toBeGreaterThanOrEqual(23 * 60); // not before ~1 day
        return;
      }
    }
    throw new Error('session never expired');
  });
});

describe('bad input', () => {
  it('answers malformed JSON with 400 and a message', async () => {
    const res = await api(server.url, '/api/session', { method: 'POST', rawBody: '{"email": ' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid' });
  });

  it('rejects unknown fields', async () => {
    const cookie = await login(server.url, cast.repA1.email, cast.password);
    const res = await api(server.url, '/api/dossiers', {
      method: 'POST',
      cookie,
      body: { company: 'X GmbH', isAdmin: true }
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/isAdmin|unrecognized/i);
  });

  it('answers an oversized body with 413', async () => {
    const res = await api(server.url, '/api/session', {
      method: 'POST',
      rawBody: JSON.stringify({ email: 'a@b.de', password: 'x'.repeat(200_000) })
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('too_large');
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await api(server.url, '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('rejects a malformed cursor and unknown query parameters', async () => {
    const cookie = await login(server.url, cast.repA1.email, cast.password);
    expect((await api(server.url, '/api/dossiers?cursor=%%%', { cookie })).status).toBe(400);
    expect((await api(server.url, '/api/dossiers?colour=red', { cookie })).status).toBe(400);
  });
});

describe('dossiers over REST', () => {
  it("lists only the dossiers of the caller's teams, paginated by cursor without gaps or repeats", async () => {
    const cookie = await login(server.url, cast.repA1.email, cast.password);
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const res = await api(server.url, `/api/dossiers?limit=7${q}`, { cookie });
      expect(res.status).toBe(200);
      for (const d of res.body.items) {
        expect(d.teamId).toBe(cast.teamA.id);
        expect(seen.has(d.id)).toBe(false);
        seen.add(d.id);
      }
      cursor = res.body.nextCursor;
    } while (cursor);
    const expected = server.demo.company.dossiers.filter((d) => d.dossier.teamId === cast.teamA.id).length;
    expect(seen.size).toBe(expected);
  });

  it('searches by company, city and contact name', async () => {
    const cookie = await login(server.url, cast.repA1.email, cast.password);
    const sample = server.demo.company.dossiers.find(
      (d) => d.dossier.teamId === cast.teamA.id && d.contacts.length > 0
    )!;
    for (const term of [sample.dossier.company.slice(0, 6), sample.contacts[0].name]) {
      const res = await api(server.url, `/api/dossiers?q=${encodeURIComponent(term)}`, { cookie });
      expect(res.status).toBe(200);
      expect(res.body.items.map((d: { id: string }) => d.id)).toContain(sample.dossier.id);
    }
  });

  it('searches street, postcode, industry and tags, and needs every word somewhere in the dossier', async () => {
    const cookie = await login(server.url, cast.repA1.email, cast.password);
    const sample = server.demo.company.dossiers.find(
      (d) => d.dossier.teamId === cast.teamA.id && d.dossier.tags.length > 0 && d.fields.street
    )!;
    const ids = async (q: string) => {
      const res = await api(server.url, `/api/dossiers?limit=200&q=${encodeURIComponent(q)}`, { cookie });
      expect(res.status).toBe(200);
      return res.body.items.map((d: { id: string }) => d.id) as string[];
    };
    const { fields, dossier } = sample;
    for (const term of [fields.street!, fields.postalCode!, fields.industry!, dossier.tags[0]]) {
      expect(await ids(term)).toContain(sample.dossier.id);
    }
    const word = dossier.company.split(' ')[0];
    expect(await ids(`${word} ${dossier.city}`)).toContain(dossier.id);
    expect(await ids(`${dossier.city} ${word}`)).toContain(dossier.id);
    expect(await ids(`${word} Nirgendwo-Hausen`)).toEqual([]);
    const res = await api(server.url, `/api/dossiers?q=${encodeURIComponent(fields.street!)}`, { cookie });
    expect(res.body.items.find((d: { id: string }) => d.id === dossier.id)).toMatchObject({
      street: fields.street,
      postalCode: fields.postalCode
    });
  });

  it('answers a control character in q, or too many words, with 400 and a message (never a 500)', async () => {
    const cookie = await login(server.url, cast.repA1.email, cast.password);
    for (const q of ['%00', 'M%C3%BCller%00', 'ab%01c', '%7F', 'abc%C2%85']) {
      const res = await api(server.url, `/api/dossiers?q=${q}`, { cookie });
      expect(res.status, q).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid' });
      expect(res.body.error.message).toMatch(/control characters/);
    }
    const many = await api(server.url, `/api/dossiers?q=${encodeURIComponent('a1 b2 c3 d4 e5 f6 g7 h8 i9')}`, {
      cookie
    });
    expect(many.status).toBe(400);
    expect(many.body.error.message).toMatch(/at most 8 words/);
    // White space around the query is trimmed, not refused.
    expect((await api(server.url, `/api/dossiers?q=%09${encodeURIComponent('Müller')}%0A`, { cookie })).status).toBe(
      200
    );
  });

  it("creates a dossier in the caller's team and opens it", async () => {
    const cookie = await login(server.url, cast.repA1.email, cast.password);
    const created = await api(server.url, '/api/dossiers', {
      method: 'POST',
      cookie,
      body: { company: 'Brauhaus Zöllner KG', city: 'Bamberg' }
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      company: 'Brauhaus Zöllner KG',
      teamId: cast.teamA.id,
      ownerId: cast.repA1.id,
      access: 'edit'
    });
    const fetched = await api(server.url, `/api/dossiers/${created.body.id}`, { cookie });
    expect(fetched.status).toBe(200);
    const found = await api(server.url, `/api/dossiers?q=zollner`, { cookie });
    expect(found.body.items.map((d: { id: string }) => d.id)).toContain(created.body.id);
  });

  it('refuses cross-team and unauthenticated access', async () => {
    const cookieB = await login(server.url, cast.repB.email, cast.password);
    expect((await api(server.url, `/api/dossiers/${cast.dossierA.id}`, { cookie: cookieB })).status).toBe(403);
    expect((await api(server.url, `/api/dossiers/${cast.dossierA.id}`)).status).toBe(401);
    expect((await api(server.url, '/api/dossiers')).status).toBe(401);
    expect((await api(server.url, `/api/dossiers?team=${cast.teamA.id}`, { cookie: cookieB })).status).toBe(403);
    const create = await api(server.url, '/api/dossiers', {
      method: 'POST',
      cookie: cookieB,
      body: { company: 'X', teamId: cast.teamA.id }
    });
    expect(create.status).toBe(403);
    expect((await api(server.url, '/api/dossiers/does-not-exist', { cookie: cookieB })).status).toBe(404);
  });

  it('lets a viewer read but not create', async () => {
    const cookie = await login(server.url, cast.viewerA.email, cast.password);
    expect((await api(server.url, '/api/dossiers', { cookie })).body.items.length).toBeGreaterThan(0);
    expect((await api(server.url, `/api/dossiers/${cast.dossierA.id}`, { cookie })).body.access).toBe('read');
    expect(
      (await api(server.url, '/api/dossiers', { method: 'POST', cookie, body: { company: 'Nope GmbH' } })).status
    ).toBe(403);
  });

  it('lets an admin see every team', async () => {
    const cookie = await login(server.url, cast.admin.email, cast.password);
    const res = await api(server.url, '/api/dossiers?limit=200', { cookie });
    const teams = new Set(res.body.items.map((d: { teamId: string }) => d.teamId));
    expect(teams).toEqual(new Set([cast.teamA.id, cast.teamB.id]));
  });
});

describe('login rate limit', () => {
  it('answers 429 after too many attempts for one account', async () => {
    const limited = await startTestServer({ env: { LOGIN_ATTEMPTS_PER_MINUTE: '3', SEED_DEMO: 'false' } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) {
        statuses.push(
          (await api(limited.url, '/api/session', { method: 'POST', body: { email: 'a@b.de', password: 'x' } })).status
        );
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});
