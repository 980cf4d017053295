import { browser } from '$app/environment';
import { LOCALES, type Locale } from '$lib/contract';
import { de } from './de';
import { en, type MessageKey } from './en';
import { formatShortcut } from './shortcut';

const STORAGE_KEY = 'staffel.locale';
const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, de };

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** An explicit choice wins; otherwise the first browser language we speak; English last. */
function initialLocale(): Locale {
  if (!browser) return 'en';
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // storage may be blocked (privacy mode); fall back to the browser language
  }
  for (const lang of navigator.languages ?? [navigator.language]) {
    const base = lang.slice(0, 2).toLowerCase();
    if (isLocale(base)) return base;
  }
  return 'en';
}

// Apple keyboards print ⌘ ⌥ ⇧; the editor's "Mod" shortcuts are ⌘ there (Tiptap reads the same signal).
const isApple = browser && /Mac|iPhone|iPad|iPod/.test(navigator.userAgent);

class I18n {
  locale = $state<Locale>(initialLocale());

  setLocale(locale: Locale): void {
    this.locale = locale;
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // not persisted; the choice still holds for this tab
    }
  }

  /** Reading `this.locale` here is what makes every `t()` in a template re-render on a switch. */
  t = (key: MessageKey, params?: Record<string, string | number>): string => {
    const text = dictionaries[this.locale][key] ?? en[key];
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  };

  /** A keyboard shortcut in the editor's notation ("Mod+Shift+8") as the user's keyboard labels it. */
  shortcut = (keys: string): string =>
    formatShortcut({
      keys,
      mac: isApple,
      names: { ctrl: this.t('key.ctrl'), alt: this.t('key.alt'), shift: this.t('key.shift') }
    });

  relativeTime = (iso: string, now: number): string => {
    const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
    if (!Number.isFinite(seconds)) return '';
    if (Math.abs(seconds) < 45) return this.t('time.justNow');
    const rtf = new Intl.RelativeTimeFormat(this.locale, { numeric: 'auto' });
    const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
      ['year', 31_536_000],
      ['month', 2_592_000],
      ['week', 604_800],
      ['day', 86_400],
      ['hour', 3_600],
      ['minute', 60]
    ];
    for (const [unit, size] of units) {
      if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
    }
    return rtf.format(seconds, 'second');
  };

  absoluteTime = (iso: string): string =>
    new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export const i18n = new I18n();
export const t = i18n.t;
export type { MessageKey };
