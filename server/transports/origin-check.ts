import type { IncomingMessage } from 'node:http';

/**
 * Browsers always send Origin on WebSocket upgrades; a foreign origin means another site is trying to ride
 * the user's cookie (cross-site WebSocket hijacking). Requests without Origin come from non-browser
 * clients, which cannot carry a victim's cookie, and are allowed.
 */
export function isAllowedOrigin(req: IncomingMessage, allowedOrigins: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
