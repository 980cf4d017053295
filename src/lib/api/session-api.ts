import type { LoginInput, SessionDTO } from '$lib/contract';
import { ApiError } from './api-error';
import { request, type Fetch } from './request';

/** POST /api/session. A 401 here means wrong credentials, not an expired session. */
export function createSession(options: { input: LoginInput; fetch?: Fetch }): Promise<SessionDTO> {
  return request<SessionDTO>({
    method: 'POST',
    path: '/api/session',
    body: options.input,
    fetch: options.fetch,
    quiet401: true
  });
}

/** GET /api/session; rejects with code 'unauthenticated' when nobody is signed in. */
export function getSession(options: { fetch?: Fetch } = {}): Promise<SessionDTO> {
  return request<SessionDTO>({ path: '/api/session', fetch: options.fetch, quiet401: true });
}

/**
 * GET /api/session as a verdict, for transports that were ended and must decide whether to come back:
 * 'ended' on a 401, 'unreachable' on anything else (no network, a restarting server's 502/503), which is not
 * the end of the session. Quiet: the caller decides whether a 401 still matters (the tab may be signing out).
 */
export async function probeSession(): Promise<'active' | 'ended' | 'unreachable'> {
  try {
    await request<SessionDTO>({ path: '/api/session', quiet401: true });
    return 'active';
  } catch (err) {
    return err instanceof ApiError && err.code === 'unauthenticated' ? 'ended' : 'unreachable';
  }
}

/** DELETE /api/session. */
export function deleteSession(options: { fetch?: Fetch } = {}): Promise<void> {
  return request<void>({ method: 'DELETE', path: '/api/session', fetch: options.fetch, quiet401: true });
}
