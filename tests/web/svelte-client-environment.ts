import type { Environment } from 'vitest/environments';

/**
 * Runs tests/web in Node but has Vite transform their modules for the browser: vite-plugin-svelte then
 * compiles `.svelte.ts` rune classes with generate: 'client' (real signals, deriveds, effects) instead of
 * the server output, where $derived is recomputed on every read and nothing is reactive. No DOM is set up:
 * state classes must not need one (components and the DOM are the browser tests' business).
 */
export default {
  name: 'svelte-client',
  viteEnvironment: 'client',
  setup() {
    return { teardown() {} };
  }
} satisfies Environment;
