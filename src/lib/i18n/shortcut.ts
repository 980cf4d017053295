/** Names of the modifier keys as printed on the user's keyboard (a German keyboard says "Strg", not "Ctrl"). */
export interface KeyNames {
  ctrl: string;
  alt: string;
  shift: string;
}

const MAC_SYMBOLS: Record<string, string> = { Mod: '⌘', Ctrl: '⌃', Alt: '⌥', Shift: '⇧' };

/**
 * A shortcut for people to read, from the editor's notation ("Mod+Shift+8"): `Mod` is the platform's command
 * key (⌘ on Apple keyboards, Ctrl/Strg elsewhere, as in Tiptap and ProseMirror). On a Mac the modifiers are
 * the symbols printed on the keys and written without "+" (⌘⇧8); elsewhere they are named in the UI language.
 */
export function formatShortcut(options: { keys: string; names: KeyNames; mac: boolean }): string {
  const { names, mac } = options;
  const parts = options.keys.split('+').filter(Boolean);
  if (mac) return parts.map((part) => MAC_SYMBOLS[part] ?? part).join('');
  const named: Record<string, string> = { Mod: names.ctrl, Ctrl: names.ctrl, Alt: names.alt, Shift: names.shift };
  return parts.map((part) => named[part] ?? part).join('+');
}
