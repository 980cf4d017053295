import { afterEach, describe, expect, it } from 'vitest';
import { normaliseEmail } from '../../src/lib/contract';
import { startTestServer, type TestServer } from '../helpers/start-test-server';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function limitedServer(env: Record<string, string>): Promise<TestServer> {
  const server = await startTestServer({ demoDossiers: 1, env });
  servers.push(server);
  return server;
}

async function attempt(server: TestServer, email: string, password: string): Promise<Response> {
  return fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password })
  });
}

describe('login attempt budgets', () => {
  it('normalises an e-mail by NFC, trimming and lower-casing, one function for login and limits', () => {
    expect(normaliseEmail('  Ana.Berg@Example.DE\t')).toBe('ana.berg@example.de');
    expect(normaliseEmail('Mu\u0308ller@x.de')).toBe(normaliseEmail('M\u00fcller@x.de'));
  });

  it('counts padded and upper-case spellings of one account against one budget, right password included', async () => {
    const server = await limitedServer({
      LOGIN_ATTEMPTS_PER_MINUTE: '10',
      LOGIN_ATTEMPTS_PER_MINUTE_PER_ADDRESS: '1000'
    });
    const email = server.demo.users[0].email;
    const spellings = [
      email,
      ` ${email}`,
      `${email} `,
      email.toUpperCase(),
      `\t${email}\n`,
      ` ${email.toUpperCase()} `
    ];
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await attempt(server, spellings[i % spellings.length], 'wrong')).status);
    expect(statuses).toEqual(Array(10).fill(401));

    // The budget is spent for every spelling: none gets a password check, not even with the right password.
    for (const spelling of [...spellings, `   ${email}   `]) {
      const res = await attempt(server, spelling, server.demo.password);
      expect(res.status, JSON.stringify(spelling)).toBe(429);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('stops one address trying many accounts after the per-address budget', async () => {
    const server = await limitedServer({ LOGIN_ATTEMPTS_PER_MINUTE: '10', LOGIN_ATTEMPTS_PER_MINUTE_PER_ADDRESS: '5' });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await attempt(server, `user${i}@example.de`, 'Winter2026!')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // A real account with its right password is refused too: the address has had its guesses.
    const res = await attempt(server, server.demo.users[0].email, server.demo.password);
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/address/);
  });

  it('counts parallel attempts before their passwords are checked', async () => {
    const server = await limitedServer({
      LOGIN_ATTEMPTS_PER_MINUTE: '4',
      LOGIN_ATTEMPTS_PER_MINUTE_PER_ADDRESS: '1000'
    });
    const email = server.demo.users[0].email;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => attempt(server, i % 2 ? email : ` ${email.toUpperCase()}`, 'wrong'))
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(8);
  });

  it('does not spend budgets on successful logins, and a success resets its account', async () => {
    const server = await limitedServer({ LOGIN_ATTEMPTS_PER_MINUTE: '3', LOGIN_ATTEMPTS_PER_MINUTE_PER_ADDRESS: '3' });
    const [first, second] = server.demo.users;
    // An office behind one address signing in: more successes than either budget holds.
    for (let i = 0; i < 6; i++) {
      expect((await attempt(server, i % 2 ? first.email : second.email, server.demo.password)).status).toBe(200);
    }
    // Two typos, then the right password: the account starts afresh (without the reset this typo would be its fourth).
    expect((await attempt(server, first.email, 'typo')).status).toBe(401);
    expect((await attempt(server, first.email, 'typo')).status).toBe(401);
    expect((await attempt(server, first.email, server.demo.password)).status).toBe(200);
    expect((await attempt(server, first.email, 'typo')).status).toBe(401);
  });
});
