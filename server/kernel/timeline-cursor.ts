import { DomainError } from './domain-error';
import { decodeCursor, encodeCursor } from './list-cursor';

/**
 * The position of an entry in timeline order (at desc, id desc). Interactions and system entries share it,
 * and their ids come from one generator, so one (at, id) cursor continues both sources of a merged page.
 */
export interface TimelineKey {
  at: number;
  id: string;
}

export const encodeTimelineCursor = (key: TimelineKey): string => encodeCursor({ key: key.at, id: key.id });

export function decodeTimelineCursor(raw: string): TimelineKey {
  const { key, id } = decodeCursor(raw);
  if (typeof key !== 'number' || !Number.isSafeInteger(key)) throw new DomainError('invalid', 'cursor is malformed');
  return { at: key, id };
}

/** True when `a` comes after `b` in timeline order (older, or as old with a smaller id). */
export const isAfter = (a: TimelineKey, b: TimelineKey): boolean => a.at < b.at || (a.at === b.at && a.id < b.id);
