/**
 * A minimal keep-alive HTTP client that times one GET at a time.
 *
 * Why node:http and not fetch: undici's fetch adds its own stream and promise machinery (tens to hundreds
 * of µs per request) that would be timed together with the server. A single pooled socket (maxSockets 1)
 * keeps requests strictly sequential on one warm TCP connection, so the numbers are server time plus one
 * loopback round trip, the same for the /healthz baseline and for the list requests.
 */
import { Agent, request } from 'node:http';

export interface TimedResponse {
  ms: number;
  status: number;
  body: string;
}

export interface HttpTimer {
  get(path: string): Promise<TimedResponse>;
  close(): void;
}

export function createHttpTimer(baseUrl: string, headers: Record<string, string> = {}): HttpTimer {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    get(path) {
      return new Promise((resolve, reject) => {
        const start = performance.now();
        const req = request({ host: url.hostname, port: url.port, path, method: 'GET', agent, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            // Stop the clock when the last body byte arrived; parsing is the caller's business.
            const elapsed = performance.now() - start;
            resolve({ ms: elapsed, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
      });
    },
    close: () => agent.destroy()
  };
}

/** Logs in over real HTTP and returns the `name=value` cookie pair (what a browser would send back). */
export async function loginCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password })
  });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  if (!cookie.startsWith('staffel_sid=')) throw new Error(`login ${email}: no staffel_sid cookie in response`);
  return cookie;
}
