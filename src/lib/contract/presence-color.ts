/**
 * Presence colours: a fixed palette (all readable with white text; no red, which means "offline/error" in
 * the UI, and nothing close to the accent blue), picked by a hash of the user id. The server stamps the
 * colour into awareness states and the UI uses the same function, so a colleague has one colour everywhere.
 */
export const PRESENCE_COLORS = [
  '#c2410c',
  '#b45309',
  '#4d7c0f',
  '#15803d',
  '#0f766e',
  '#0e7490',
  '#0369a1',
  '#4338ca',
  '#6d28d9',
  '#a21caf',
  '#be185d',
  '#854d0e'
] as const;

export function presenceColor(userId: string): string {
  // FNV-1a: tiny, stable across engines.
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // Murmur3's finaliser: ids like "u-anna-…"/"u-anne-…" differ in few bits; this spreads them over the palette.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return PRESENCE_COLORS[(hash >>> 0) % PRESENCE_COLORS.length];
}
