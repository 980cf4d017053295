import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/clients';
import { startCastServer, type DemoCast } from '../helpers/demo-cast';
import type { TestServer } from '../helpers/start-test-server';

const LISTED_ORIGIN = 'https://app.partner.example';

let server: TestServer;
let cast: DemoCast;
let cookie: string;

beforeAll(async () => {
  ({
    server,
    cast,
    cookieA1: cookie
  } = await startCastServer({
    demoDossiers: 4,
    env: { ALLOWED_ORIGINS: LISTED_ORIGIN }
  }));
});
afterAll(() => server?.close());

/** A raw request as a browser would send it: any headers, any body. */
async function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string }) {
  const res = await fetch(`${server.url}${path}`, {
    method: options.method ?? 'POST',
    headers: { cookie, ...options.headers },
    body: options.body
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const restorePath = async () => {
  const list = await api(server.url, `/api/dossiers/${cast.dossierA.id}/versions`, { cookie });
  return {
    path: `/api/dossiers/${cast.dossierA.id}/versions/${list.body.items.at(-1).id}/restore`,
    count: list.body.items.length
  };
};
const versionCount = async () =>
  (await api(server.url, `/api/dossiers/${cast.dossierA.id}/versions`, { cookie })).body.items.length as number;
const dossiersNamed = async (company: string) =>
  (await api(server.url, `/api/dossiers?q=${encodeURIComponent(company)}`, { cookie })).body.items.length as number;

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('cross-site writes on /api', () => {
  it('refuses a form POST from another site to restore a version, and records no version', async () => {
    const { path, count } = await restorePath();
    const res = await send(path, {
      headers: { ...FORM, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
      body: ''
    });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/cross-origin/) });
    expect(await versionCount()).toBe(count);
  });

  it('refuses a form POST from another port of the same host (same-site), which SameSite=Lax lets through', async () => {
    const { path, count } = await restorePath();
    const res = await send(path, {
      headers: { ...FORM, origin: 'http://127.0.0.1:1', 'sec-fetch-site': 'same-site' },
      body: ''
    });
    expect(res.status).toBe(403);
    expect(await versionCount()).toBe(count);
  });

  it('refuses a form POST creating a dossier from another origin, and creates nothing', async () => {
    const res = await send('/api/dossiers', {
      headers: { ...FORM, origin: 'http://evil.example' },
      body: 'company=Evil+Form+GmbH'
    });
    expect(res.status).toBe(403);
    expect(await dossiersNamed('Evil Form')).toBe(0);
  });

  it('refuses Sec-Fetch-Site cross-site or same-site even when the Origin header is missing', async () => {
    const { path, count } = await restorePath();
    for (const site of ['cross-site', 'same-site']) {
      const res = await send(path, { headers: { 'sec-fetch-site': site } });
      expect(res.status, site).toBe(403);
    }
    expect(await versionCount()).toBe(count);
  });

  it('refuses a form content type without any browser header (an old browser) with 415, writing nothing', async () => {
    const { path, count } = await restorePath();
    for (const contentType of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain']) {
      const res = await send(path, { headers: { 'content-type': contentType }, body: '' });
      expect(res.status, contentType).toBe(415);
      expect(res.body.error).toMatchObject({ code: 'invalid', message: expect.stringMatching(/application\/json/) });
    }
    const created = await send('/api/dossiers', {
      headers: { 'content-type': 'text/plain' },
      body: '{"company":"Plain Text AG"}'
    });
    expect(created.status).toBe(415);
    expect(await dossiersNamed('Plain Text')).toBe(0);
    expect(await versionCount()).toBe(count);
  });

  it('refuses a body sent without a Content-Type', async () => {
    const res = await send('/api/dossiers', { body: new Blob(['{"company":"No Type KG"}']) as unknown as string });
    expect(res.status).toBe(415);
    expect(await dossiersNamed('No Type')).toBe(0);
  });

  it('allows same-origin JSON writes and a bodiless same-origin restore', async () => {
    const sameOrigin = { origin: server.url, 'sec-fetch-site': 'same-origin' };
    const created = await send('/api/dossiers', {
      headers: { ...sameOrigin, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ company: 'Same Origin GmbH' })
    });
    expect(created.status).toBe(201);
    const { path, count } = await restorePath();
    const restored = await send(path, { headers: sameOrigin });
    expect(restored.status).toBe(201);
    expect(await versionCount()).toBe(count + 1);
  });

  it("logs in from the app's own origin, from a listed origin, and from clients without browser headers", async () => {
    const login = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ email: cast.repA2.email, password: cast.password })
      });
    expect((await login({ origin: server.url, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await login({ origin: LISTED_ORIGIN, 'sec-fetch-site': 'cross-site' })).status).toBe(200);
    expect((await login({})).status).toBe(200);
    expect((await login({ origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await login({ origin: 'null' })).status).toBe(403);
  });

  it('leaves reads alone whatever their origin', async () => {
    const res = await send(`/api/dossiers/${cast.dossierA.id}`, {
      method: 'GET',
      headers: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }
    });
    expect(res.status).toBe(200);
  });
});
