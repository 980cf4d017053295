/** Yjs text delta as delivered by YTextEvent.delta (embeds count as one character). */
export type TextDelta = Array<{ insert?: string | object; delete?: number; retain?: number }>;

export interface TextChange {
  index: number;
  deleteCount: number;
  insert: string;
}

/**
 * The smallest single splice turning `before` into `after`. `caret` (the selection end after the edit)
 * breaks ties in runs of equal characters: typing "a" at the start of "aa" must insert at 0, not at 2,
 * or a concurrent edit near the start would land on the wrong side of the new character.
 */
export function diffText(before: string, after: string, caret?: number | null): TextChange | null {
  if (before === after) return null;
  const minLen = Math.min(before.length, after.length);
  const maxSuffix = caret == null ? minLen : Math.max(0, Math.min(minLen, after.length - caret));
  let suffix = 0;
  while (suffix < maxSuffix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  let prefix = 0;
  const maxPrefix = minLen - suffix;
  while (prefix < maxPrefix && before[prefix] === after[prefix]) prefix++;
  return {
    index: prefix,
    deleteCount: before.length - prefix - suffix,
    insert: after.slice(prefix, after.length - suffix)
  };
}

/**
 * Maps a position in the old text to the new text. Edits strictly before the position move it.
 * A plain insert exactly at the caret leaves the caret in front, so my next keystroke stays next to
 * my own text; but when the text just left of the caret was replaced (delete ending at the caret,
 * then insert there), the caret follows the replacement, as it followed the replaced text.
 */
export function transformPosition(pos: number, delta: TextDelta): number {
  let oldIndex = 0;
  let shift = 0;
  let replacedUpToCaret = false;
  for (const op of delta) {
    if (oldIndex > pos) break;
    if (op.retain !== undefined) {
      oldIndex += op.retain;
      replacedUpToCaret = false;
    } else if (op.insert !== undefined) {
      if (oldIndex < pos || replacedUpToCaret) shift += typeof op.insert === 'string' ? op.insert.length : 1;
    } else if (op.delete !== undefined) {
      shift -= Math.min(op.delete, Math.max(0, pos - oldIndex));
      replacedUpToCaret = oldIndex < pos && oldIndex + op.delete === pos;
      oldIndex += op.delete;
    }
  }
  return pos + shift;
}
