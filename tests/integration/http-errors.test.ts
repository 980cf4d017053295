import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { login } from '../helpers/clients';
import { startTestServer, type TestServer } from '../helpers/start-test-server';

let server: TestServer;
let cookie: string;
/** Every line the server logs, parsed. */
const lines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  server = await startTestServer({ demoDossiers: 2, logger });
  const user = server.demo.users.find((u) => u.role === 'rep')!;
  cookie = await login(server.url, user.email, server.demo.password);
});
afterAll(() => server?.close());
beforeEach(() => void lines.splice(0));

const get = (path: string) => fetch(`${server.url}${path}`, { headers: { cookie } });
const withStack = () => lines.filter((l) => JSON.stringify(l).includes('"stack"'));

describe('HTTP error mapping and logging', () => {
  it('answers client errors with 4xx and logs no stack for any of them', async () => {
    const answers = await Promise.all([
      fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email": '
      }),
      get('/api/dossiers?no_such_parameter=1'),
      get('/api/dossiers?cursor=%00%00'),
      get('/api/dossiers/no-such-dossier'),
      get('/api/nothing-here'),
      fetch(`${server.url}/api/dossiers`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'text/plain' },
        body: 'x'
      })
    ]);
    for (const res of answers) {
      expect(res.status, res.url).toBeGreaterThanOrEqual(400);
      expect(res.status, res.url).toBeLessThan(500);
      expect(((await res.json()) as { error: { code: string } }).error.code).not.toBe('internal');
    }
    expect(withStack()).toEqual([]);
    expect(lines.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });

  it('logs an unexpected failure once with request id, method and path, never the query, and quotes the id', async () => {
    // A real fault under a running server: the dossiers table disappears from the SQLite file.
    const db = new Database(join(server.dataDir, 'staffel.db'));
    db.exec('ALTER TABLE dossiers RENAME TO dossiers_gone');
    try {
      const res = await get('/api/dossiers?q=secret-needle-4711');
      expect(res.status).toBe(500);
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error).toEqual({ code: 'internal', message: `internal error (request ${id})` });

      const errors = lines.filter((l) => Number(l.level) >= 50);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ requestId: id, method: 'GET', path: '/api/dossiers' });
      expect(JSON.stringify(errors[0])).not.toContain('secret-needle');
    } finally {
      db.exec('ALTER TABLE dossiers_gone RENAME TO dossiers');
      db.close();
    }
  });

  it('answers a malformed page URL with 400 and logs no stack (SvelteKit handleError)', async () => {
    // fetch() would normalise the path; a raw request sends the broken escape as a browser or scanner may.
    const status = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: server.port, path }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    // Watching, not replacing: SvelteKit's default handler writes its stack through console.error.
    const consoleError = vi.spyOn(console, 'error');
    try {
      expect(await status('/%E0%A4%A')).toBe(400);
      expect(await status('/_app/%E0%A4%A')).toBe(400);
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      consoleError.mockRestore();
    }
    expect(withStack()).toEqual([]);
  });

  it("keeps a proxy's well-formed request id and replaces a forged one", async () => {
    const kept = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'proxy-1234abcd' } });
    expect(kept.headers.get('x-request-id')).toBe('proxy-1234abcd');
    const forged = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'a b\tinjected "level":60' } });
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
