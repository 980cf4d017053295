/**
 * Presence colours: picked from a fixed palette (all readable with white text; no red, which means
 * "offline/error" here, and nothing close to the accent blue) by a hash of the user id, so every client shows a colleague in the same colour.
 */
const PALETTE = [
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
];

export function userColor(userId: string): string {
  // FNV-1a: tiny, stable across engines, and spreads short ids well enough for 12 buckets.
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
  return PALETTE[(hash >>> 0) % PALETTE.length];
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = parts[0][0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1][0] ?? '') : '';
  return (first + last).toUpperCase();
}
