import type { LoginInput, SessionDTO } from '$lib/contract';
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

/** DELETE /api/session. */
export function deleteSession(options: { fetch?: Fetch } = {}): Promise<void> {
  return request<void>({ method: 'DELETE', path: '/api/session', fetch: options.fetch, quiet401: true });
}
