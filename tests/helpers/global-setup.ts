import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** Newest modification time below a folder (the UI sources). */
function newest(dir: string): number {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return max;
}

/**
 * Browser tests need the built UI. Build once per run when build/ is missing or older than src/, so that a
 * test never runs against a stale bundle.
 */
export default function setup(): void {
  // For quick server-only runs while the UI is mid-change; CI never sets it.
  if (process.env.STAFFEL_SKIP_UI_BUILD === '1') return;
  const handler = join(ROOT, 'build', 'handler.js');
  const stale =
    !existsSync(handler) ||
    statSync(handler).mtimeMs < Math.max(newest(join(ROOT, 'src')), statSync(join(ROOT, 'svelte.config.js')).mtimeMs);
  if (!stale) return;
  console.log('building the UI for browser tests (vite build)…');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}
