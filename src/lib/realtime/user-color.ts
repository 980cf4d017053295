import { presenceColor } from '$lib/contract';

/** The shared presence colour (the server stamps the same one into awareness). */
export const userColor = presenceColor;

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = parts[0][0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1][0] ?? '') : '';
  return (first + last).toUpperCase();
}
