import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';
import { boundaries } from './eslint.boundaries.js';

export default ts.config(
  {
    ignores: [
      'build/',
      '.svelte-kit/',
      'node_modules/',
      'test-results/',
      'bench-results/',
      'tests/bench/.tmp/',
      'data/'
    ]
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      // A forgotten await on a write or a socket send is a silent data-loss bug: always an error here.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The app is served at the root (no kit.paths.base), so resolve() would be a no-op on every link.
      'svelte/no-navigation-without-resolve': 'off',
      // Maps and Sets inside the state classes are bookkeeping that is not rendered (the rendered values
      // are $state fields reassigned as a whole), so Svelte's reactive collections would only add overhead.
      'svelte/prefer-svelte-reactivity': 'off'
    }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, svelteConfig } }
  },
  // The dependency rule between server folders (see eslint.boundaries.js).
  ...boundaries,
  {
    // Tests poke at protocol internals and untyped event payloads.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' }
  },
  {
    // SvelteKit's generated tsconfig excludes the service worker (it has its own lib: webworker).
    files: ['**/*.js', '**/*.mjs', 'src/service-worker.ts'],
    ...ts.configs.disableTypeChecked
  }
);
