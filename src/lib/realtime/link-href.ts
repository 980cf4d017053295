/**
 * The one rule for link targets in the shared notes. Notes are written by colleagues and rendered in
 * everyone's browser, so a link may only ever point to the web, a mail address or a phone number:
 *
 * - L1 `http:`, `https:`, `mailto:` and `tel:` links are kept (http(s) in the URL parser's normal form).
 * - L2 every other scheme (`javascript:`, `data:`, `vbscript:`, `file:`, …) is refused, also when hidden
 *   behind case, leading blanks or the tabs and newlines browsers drop from URLs (`java\tscript:`).
 * - L3 a web address typed without a scheme (`nordlicht.example`, `www.x.de/preise`, `host:8080`) becomes
 *   `https://…`: left as it is, the browser would resolve it as a path inside Staffel.
 * - L4 `//host/path` becomes `https://host/path`; an e-mail address without a scheme becomes `mailto:`.
 * - L5 relative targets (`/dossiers/1`, `./x`, `#top`, `?q`) and text that is no address at all are refused:
 *   a note is read on other devices and in exports, where an in-app path means nothing.
 */
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);

// Browsers strip ASCII tab/newline anywhere in a URL and C0 controls and spaces at its ends (WHATWG URL),
// so "java\nscript:" is a javascript: URL. Compare schemes only after removing them; Tiptap uses the same set.
// eslint-disable-next-line no-control-regex
const URL_IGNORED = /[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u2029\u205f\u3000\ufeff]/g;
const SCHEME = /^([a-z][a-z0-9+.-]*):(.*)$/is;
/** `nordlicht.example:8080/x` looks like a scheme to the regex above but is a host with a port (`tel:0401` is not). */
const PORT_AFTER_HOST = /^\d+(?:[/?#]|$)/;
const isHostWithPort = (scheme: string, rest: string) =>
  (scheme.includes('.') || scheme.toLowerCase() === 'localhost') && PORT_AFTER_HOST.test(rest);
const EMAIL = /^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/;

/** The safe href for what a user typed or pasted, or null when it must not become a link (see L1–L5). */
export function normalizeLinkHref(input: string | null | undefined): string | null {
  const compact = (input ?? '').replace(URL_IGNORED, '');
  if (!compact) return null;
  const scheme = SCHEME.exec(compact);
  if (scheme && !isHostWithPort(scheme[1], scheme[2])) {
    const name = scheme[1].toLowerCase();
    if (!SAFE_SCHEMES.has(name)) return null;
    if (name === 'mailto' || name === 'tel') return scheme[2] ? `${name}:${scheme[2]}` : null;
    return webUrl(compact);
  }
  if (compact.startsWith('//')) return webUrl(`https:${compact}`);
  if (/^[/.#?\\]/.test(compact)) return null;
  if (EMAIL.test(compact)) return `mailto:${compact}`;
  return webUrl(`https://${compact}`);
}

/** True when `href` may be rendered or stored as a link target as it is or after normalising. */
export function isAllowedLinkHref(href: string | null | undefined): boolean {
  return normalizeLinkHref(href) !== null;
}

/** An absolute http(s) URL with a host that could exist (a dot, or localhost), else null. */
function webUrl(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname;
  if (!host || (!host.includes('.') && host !== 'localhost' && !host.startsWith('['))) return null;
  return url.href;
}
