import { describe, expect, it } from 'vitest';
import { formatShortcut } from '../../src/lib/i18n/shortcut';
import { de } from '../../src/lib/i18n/de';
import { en } from '../../src/lib/i18n/en';

const names = (dict: typeof en | typeof de) => ({
  ctrl: dict['key.ctrl'],
  alt: dict['key.alt'],
  shift: dict['key.shift']
});

describe('formatShortcut', () => {
  it('names the modifiers as a German keyboard labels them', () => {
    expect(formatShortcut({ keys: 'Mod+K', names: names(de), mac: false })).toBe('Strg+K');
    expect(formatShortcut({ keys: 'Mod+Shift+8', names: names(de), mac: false })).toBe('Strg+Umschalt+8');
    expect(formatShortcut({ keys: 'Mod+Alt+2', names: names(de), mac: false })).toBe('Strg+Alt+2');
    expect(formatShortcut({ keys: 'Alt+↑', names: names(de), mac: false })).toBe('Alt+↑');
  });

  it('keeps the English names in English', () => {
    expect(formatShortcut({ keys: 'Mod+Shift+9', names: names(en), mac: false })).toBe('Ctrl+Shift+9');
  });

  it('uses the key symbols without "+" on Apple keyboards, where Mod is ⌘', () => {
    expect(formatShortcut({ keys: 'Mod+Shift+8', names: names(de), mac: true })).toBe('⌘⇧8');
    expect(formatShortcut({ keys: 'Alt+↓', names: names(en), mac: true })).toBe('⌥↓');
  });
});
