import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // The Express server in server/ imports build/handler.js and serves it beside /api, /yjs and /socket.io.
    adapter: adapter({ out: 'build' }),
    // Absolute asset URLs: the service worker answers every offline navigation with one cached shell, and
    // relative ones ("./_app/…") would resolve against whichever URL is being opened (/dossiers/<id>/_app/…).
    paths: { relative: false },
    // Content-Security-Policy of every page (a header: pages are rendered per request, ssr = false gives the
    // same shell for every route). 'hash' rather than nonces: SvelteKit hashes its inline bootstrap script
    // into script-src, the header is the same on every response, and the shell the service worker caches
    // (headers included) stays valid. Everything else comes from this origin only:
    // - connect-src 'self' also covers ws:/wss: to this host for /yjs and /socket.io (CSP 3; Chrome 71+,
    //   Firefox, Safari 16+).
    // - style-src-attr 'unsafe-inline' is the one relaxation: Svelte's static style attributes, ProseMirror
    //   and y-tiptap's selection decorations write style="…" attributes. It allows CSS only in attributes
    //   (no selectors, no external loads beyond img-src/font-src), never <style> elements or scripts.
    // /api and non-page responses get their own, stricter policy from server/transports/http/content-policy.ts.
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self'],
        'style-src-attr': ['unsafe-inline'],
        'img-src': ['self', 'data:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'worker-src': ['self'],
        'manifest-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'frame-ancestors': ['none'],
        'form-action': ['self']
      }
    }
  }
};

export default config;
