import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/start-test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ demoDossiers: 1 });
});
afterAll(() => server?.close());

/** The policy as a map of directive → sources. */
function directives(header: string | null): Map<string, string[]> {
  expect(header, 'Content-Security-Policy header').toBeTruthy();
  return new Map(
    header!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name, sources])
  );
}

describe('Content-Security-Policy', () => {
  it('sends a strict policy with the page, hashing exactly its inline bootstrap script', async () => {
    const res = await fetch(`${server.url}/login`);
    expect(res.status).toBe(200);
    const policy = directives(res.headers.get('content-security-policy'));
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('style-src-attr')).toEqual(["'unsafe-inline'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);

    // script-src: this origin plus one hash per inline script in the page, nothing inline besides.
    const html = await res.text();
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(inline.length).toBeGreaterThan(0);
    const hashes = inline.map((code) => `'sha256-${createHash('sha256').update(code).digest('base64')}'`);
    expect(policy.get('script-src')?.sort()).toEqual(["'self'", ...hashes].sort());
  });

  it('revalidates a page (304) without a policy of its own, so the cached page keeps its script hash', async () => {
    // A browser merges a 304's headers into the cached page: a fallback policy here would replace the page's
    // (the service worker's revalidated shell then rendered blank under "default-src 'self'").
    const page = await fetch(`${server.url}/dossiers`);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-/);
    const etag = page.headers.get('etag');
    expect(etag).toBeTruthy();
    const revalidated = await fetch(`${server.url}/dossiers`, { headers: { 'If-None-Match': etag! } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('content-security-policy')).toBeNull();
  });

  it('makes JSON responses inert: nothing loads, nothing frames them', async () => {
    for (const path of ['/api/session', '/api/no-such-endpoint', '/healthz']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.headers.get('content-type'), path).toMatch(/application\/json/);
      expect(res.headers.get('content-security-policy'), path).toBe("default-src 'none';frame-ancestors 'none'");
    }
  });

  it('lets the service worker script fetch from this origin only', async () => {
    const res = await fetch(`${server.url}/service-worker.js`);
    expect(res.status).toBe(200);
    const policy = directives(res.headers.get('content-security-policy'));
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });
});
