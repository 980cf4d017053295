import type { SessionDTO } from '$lib/contract';
import { readJson, removeKey, writeJson } from './local-store';
import { SESSION_KEY } from './offline-keys';

interface CachedSession {
  session: SessionDTO;
  savedAt: number;
}

/**
 * How long a remembered session may stand in for the server's answer while it is unreachable. The server's
 * own idle expiry (8 h by default) is not used: a long trip offline would then lock the rep out of the edits
 * on their own laptop, while nothing is exposed that the device does not already hold. The cap matches the
 * server's absolute session age (7 days by default); the server re-checks the cookie on reconnect anyway.
 */
const OFFLINE_SESSION_MAX_MS = 7 * 86_400_000;

function isCached(value: unknown): value is CachedSession {
  const v = value as Partial<CachedSession> | null;
  return !!v && typeof v.savedAt === 'number' && typeof v.session?.user?.id === 'string';
}

/** Called with every session the server confirmed, so the last one is there when the network is not. */
export function rememberSession(session: SessionDTO): void {
  writeJson(SESSION_KEY, { session, savedAt: Date.now() } satisfies CachedSession);
}

/** The last confirmed session, or null when there is none or it is too old to trust offline. */
export function recallSession(now = Date.now()): SessionDTO | null {
  const cached = readJson(SESSION_KEY, isCached);
  if (!cached || now - cached.savedAt > OFFLINE_SESSION_MAX_MS) return null;
  return cached.session;
}

/** Sign-out and a 401: the server said nobody is signed in, so offline must not pretend otherwise. */
export function forgetSession(): void {
  removeKey(SESSION_KEY);
}
