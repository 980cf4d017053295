/**
 * Presence colours: picked from a fixed palette (all readable with white text; no red, which means
 * "offline/error" here, and nothing close to the accent blue) by a hash of the user id, so every client shows a colleague in the same colour.
 */
const PALETTE = [
  '#c2410c',
  '#047857',
  '#7c3aed',
  '#be185d',
  '#0e7490',
  '#a16207',
  '#4d7c0f',
  '#4338ca',
  '#115e59',
  '#a21caf',
  '#475569'
];

export function userColor(userId: string): string {
  // FNV-1a: tiny, stable across engines, and spreads short ids well enough for 12 buckets.
  let hash = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    hash ^= userId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return PALETTE[(hash >>> 0) % PALETTE.length];
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = parts[0][0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1][0] ?? '') : '';
  return (first + last).toUpperCase();
}
