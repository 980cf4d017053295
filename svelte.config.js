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
    paths: { relative: false }
  }
};

export default config;
