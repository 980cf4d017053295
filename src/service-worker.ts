/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />

/*
 * Makes a reload work while offline: the app shell and every built asset come from a per-version cache
 * when the network does not answer. Deliberately NOT cached here:
 * - /api: responses are per user, and Cache Storage is keyed by URL only, so a colleague signing in on the
 *   same browser would be served the previous user's session or dossiers. The app keeps its own per-user
 *   fallbacks instead ($lib/offline).
 * - /yjs and /socket.io (live channels; the edits themselves persist in IndexedDB), /healthz, and every
 *   non-GET request.
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

const CACHE = `staffel-shell-${version}`;
/** The page every navigation falls back to. With ssr = false the HTML is the same shell for any route. */
const SHELL = '/dossiers';
const ASSETS = new Set([...build, ...files]);
const NEVER = ['/api/', '/yjs', '/socket.io/', '/healthz', '/service-worker.js'];

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll([...ASSETS, SHELL]);
      // Take over without waiting for every tab to close: assets are content-hashed, so the new version's
      // files cannot clash with an old tab's, and an old tab that lazily loads a chunk falls back to the network.
      await sw.skipWaiting();
    })()
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      // Control the already-open page too, so the first visit works offline without another reload.
      await sw.clients.claim();
    })()
  );
});

/** Network first: online users always get the current shell (and with it a new version promptly). */
async function navigate(event: FetchEvent): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(event.request);
    // Only a real page replaces the shell: not a proxy's error page, a 503 "UI not built", or a redirect
    // (a redirected response cannot answer a later navigation).
    const html = response.headers.get('content-type')?.includes('text/html');
    if (response.ok && response.type === 'basic' && !response.redirected && html) {
      event.waitUntil(cache.put(SHELL, response.clone()));
    }
    return response;
  } catch (err) {
    const shell = await cache.match(SHELL);
    if (shell) return shell;
    throw err;
  }
}

/** Cache first: built files are immutable (hashed names) and static files change only with a new version. */
async function asset(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  return (await cache.match(request.url)) ?? fetch(request);
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin || NEVER.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (request.mode === 'navigate') event.respondWith(navigate(event));
  else if (ASSETS.has(url.pathname)) event.respondWith(asset(request));
  // Anything else goes to the network untouched, as if there were no service worker.
});
