import { parse, serialize } from 'cookie';
import { SESSION_COOKIE } from '../../../src/lib/contract';

/** The session token from a Cookie header (HTTP, Socket.io handshake and WebSocket upgrade alike). */
export function readSessionToken(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  try {
    return parse(cookieHeader)[SESSION_COOKIE];
  } catch {
    return undefined;
  }
}

export function sessionCookie(options: { token: string; expiresAt: number; secure: boolean }): string {
  return serialize(SESSION_COOKIE, options.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    path: '/',
    expires: new Date(options.expiresAt)
  });
}

export function clearedSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 });
}
