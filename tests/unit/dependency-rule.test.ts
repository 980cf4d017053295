import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/**
 * The project's own eslint.config.js, with type information off: these probes are virtual files (nothing on
 * disk), and only the import boundary rules are asked for.
 */
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfigFile: join(ROOT, 'eslint.config.js'),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports' || ruleId === 'no-restricted-syntax'
});

/** Lints `code` as if it were the file at `path` and returns the boundary messages. */
async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('dependency rule (npm run lint)', () => {
  const forbidden: Array<[path: string, code: string, expected: RegExp]> = [
    [
      'server/features/dossiers/probe.ts',
      "import { createSqliteStore } from '../../storage/sqlite/create-sqlite-store';",
      /Features reach the world through server\/ports/
    ],
    [
      'server/features/history/probe.ts',
      "import type { SessionStore } from '../identity/session-store';",
      /only through its index\.ts/
    ],
    ['server/features/feed/probe.ts', "import { createAuthService } from '../identity/auth.service';", /index\.ts/],
    ['server/features/dossiers/probe.ts', "import Database from 'better-sqlite3';", /through server\/ports/],
    ['server/features/dossiers/probe.ts', "import { writeFileSync } from 'node:fs';", /through server\/ports/],
    [
      'server/features/dossiers/probe.ts',
      "import { createApiRouter } from '../../transports/http/api-router';",
      /ports/
    ],
    ['server/features/dossiers/probe.ts', "export const load = () => import('../../storage/store');", /Dynamic import/],
    ['server/kernel/probe.ts', "import type { Clock } from '../ports/clock';", /The kernel is pure vocabulary/],
    ['server/kernel/probe.ts', "import { createDossierService } from '../features/dossiers';", /pure vocabulary/],
    ['server/kernel/probe.ts', "import { readFileSync } from 'node:fs';", /The kernel does no I\/O/],
    [
      'server/collab/probe.ts',
      "import type { Session } from '../kernel/types';",
      /only server\/ports and src\/lib\/contract/
    ],
    ['server/collab/probe.ts', "import { createDossierService } from '../features/dossiers';", /only server\/ports/],
    [
      'server/storage/sqlite/probe.ts',
      "import { createDossierService } from '../../features/dossiers';",
      /\*-store\.ts/
    ],
    [
      'server/storage/sqlite/probe.ts',
      "import { systemClock } from '../../adapters/system-clock';",
      /Storage implements/
    ],
    [
      'server/transports/http/probe.ts',
      "import { createSqliteStore } from '../../storage/sqlite/create-sqlite-store';",
      /plumbing/
    ],
    [
      'server/transports/socket/probe.ts',
      "import type { AuthService } from '../../features/identity/auth.service';",
      /index\.ts/
    ],
    [
      'server/ports/probe.ts',
      "import type { DossierStore } from '../features/dossiers/dossier-store';",
      /Ports are interfaces/
    ],
    [
      'server/adapters/probe.ts',
      "import { createSqliteStore } from '../storage/sqlite/create-sqlite-store';",
      /Adapters/
    ],
    ['src/lib/probe.ts', "import { createApp } from '../../server/app';", /never server code/]
  ];
  it.each(forbidden)('%s: %s is an error', async (path, code, expected) => {
    const errors = await boundaryErrors(path, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(expected);
  });

  const allowed: Array<[path: string, code: string]> = [
    ['server/features/history/probe.ts', "import { createUserService, type AuthService } from '../identity';"],
    ['server/features/dossiers/probe.ts', "import type { Clock } from '../../ports/clock';"],
    ['server/features/dossiers/probe.ts', "import { DomainError } from '../../kernel/domain-error';"],
    ['server/features/dossiers/probe.ts', "import type { DossierStore } from './dossier-store';"],
    ['server/features/dossiers/probe.ts', "import { STAGES } from '../../../src/lib/contract';"],
    [
      'server/kernel/probe.ts',
      "import { STAGES } from '../../src/lib/contract';\nimport type { User } from './types';"
    ],
    ['server/collab/probe.ts', "import type { DocumentStore } from '../ports/document-store';"],
    ['server/collab/probe.ts', "import { WS_CLOSE } from '../../src/lib/contract';\nimport * as Y from 'yjs';"],
    ['server/storage/sqlite/probe.ts', "import type { DossierStore } from '../../features/dossiers/dossier-store';"],
    ['server/storage/mongo/probe.ts', "import type { JobRunStore } from '../../ports/job-run-store';"],
    ['server/storage/probe.ts', "import type { SessionStore } from '../features/identity/session-store';"],
    ['server/transports/yjs/probe.ts', "import type { DocRegistry } from '../../collab/doc-registry';"],
    ['server/transports/yjs/probe.ts', "import { readSessionToken } from '../../features/identity';"],
    ['server/app.ts', "import { createSqliteStore } from './storage/sqlite/create-sqlite-store';"]
  ];
  it.each(allowed)('%s: %s is allowed', async (path, code) => {
    expect(await boundaryErrors(path, code)).toEqual([]);
  });
});

describe('import cycle check (npm run lint:cycles)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'staffel-cycles-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const dpdm = join(ROOT, 'node_modules/.bin/dpdm');
  /** The options of the npm script, on a fixture folder instead of the project. */
  const flags = ['--no-tree', '--no-warning', '--exit-code', 'circular:1'];

  it('the npm script fails on a cycle', () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.lint).toContain('npm run lint:cycles');
    expect(scripts['lint:cycles']).toContain(`dpdm ${flags.join(' ')}`);
  });

  it('reports a cycle, also one through type-only imports, and exits 1', async () => {
    writeFileSync(
      join(dir, 'service.ts'),
      "import type { Store } from './store';\nexport type Service = { store: Store };\n"
    );
    writeFileSync(
      join(dir, 'store.ts'),
      "import type { Service } from './service';\nexport type Store = { owner?: Service };\n"
    );
    const failure = await run(dpdm, [...flags, join(dir, 'service.ts')], { cwd: dir }).then(
      () => null,
      (error: { code: number; stdout: string }) => error
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toMatch(/service\.ts.*store\.ts/s);
  });

  it('passes a folder without a cycle', async () => {
    writeFileSync(join(dir, 'kernel.ts'), 'export const one = 1;\n');
    writeFileSync(join(dir, 'feature.ts'), "import { one } from './kernel';\nexport const two = one + 1;\n");
    const { stdout } = await run(dpdm, [...flags, join(dir, 'feature.ts')], { cwd: dir });
    expect(stdout).toMatch(/no circular dependency/);
  });
});
