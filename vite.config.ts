import { sveltekit } from '@sveltejs/kit/vite';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [sveltekit()],
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real servers and a real browser; two cores, so keep files in few workers.
    maxWorkers: 2,
    globalSetup: ['tests/helpers/global-setup.ts'],
    // CI reads the JSON report to print its "N passed, N failed" line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: 'test-results/vitest.json' } : undefined,
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['tests/**/*.test.ts'], exclude: ['tests/web/**'] }
      },
      {
        // Frontend state classes (*.svelte.ts) compiled for the browser, run in Node with fake ports.
        extends: true,
        // Resolve packages (svelte itself) to their browser builds, as the app bundle does.
        resolve: { conditions: [...defaultClientConditions] },
        test: {
          name: 'web',
          include: ['tests/web/**/*.test.ts'],
          environment: './tests/web/svelte-client-environment.ts'
        }
      }
    ]
  }
});
