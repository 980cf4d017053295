/** Colours readable as text on white and as a caret; picked per user so everyone sees the same colour. */
export const PRESENCE_COLORS = [
  '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#e377c2', '#8c564b',
  '#17becf', '#bcbd22', '#ff7f0e', '#7f7f7f', '#0b6e4f', '#6a3d9a'
] as const;

/** Deterministic colour of a user id (FNV-1a hash). The server stamps it into awareness states. */
export function presenceColor(userId: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < userId.length; i++) {
    h ^= userId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return PRESENCE_COLORS[(h >>> 0) % PRESENCE_COLORS.length];
}
