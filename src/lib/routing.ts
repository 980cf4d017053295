/**
 * Where to go after sign-in. Only same-origin paths: `?next=//evil.example` or an absolute URL
 * would turn the login page into an open redirect.
 */
export function safeNext(url: URL, fallback = '/dossiers'): string {
  const next = url.searchParams.get('next');
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (next.startsWith('/login')) return fallback;
  return next;
}

export function loginUrl(from: URL): string {
  const here = from.pathname + from.search;
  return here && here !== '/' && !here.startsWith('/login') ? `/login?next=${encodeURIComponent(here)}` : '/login';
}
