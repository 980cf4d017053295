/**
 * The dependency rule (shared/design.md), enforced with ESLint's own no-restricted-imports:
 * transports → features → kernel. Features reach the world through server/ports and use another feature
 * only through its index.ts; the kernel imports only the shared contract; collab imports only ports and the
 * contract; storage implements ports and features' *-store.ts ports. app.ts and main.ts (the composition
 * root), config, seed and tests are free.
 *
 * The rule sees import strings as written, so patterns are anchored on relative paths from each folder
 * (server code imports relatively; features and the kernel are flat folders). Dynamic import() is not
 * checked by that rule, so the layered folders forbid it outright: only the composition root loads lazily.
 * Cycles are checked separately (npm run lint:cycles, dpdm).
 */

const UP = String.raw`^(\.\./)+`;
/** An import of one of these top-level server folders, from any depth. */
const folders = (...names) => `${UP}(${names.join('|')})(/|$)`;

/** Node modules that do I/O or spawn work: not for pure rules or feature logic (they go behind a port). */
const NODE_IO = ['fs', 'fs/promises', 'child_process', 'net', 'dgram', 'worker_threads', 'cluster'];
const DB_DRIVERS = ['better-sqlite3', 'mongodb', 'ioredis', 'redis'];
/** The bare names, plus the node: form of Node's own modules unless the layer forbids node: wholesale. */
const restrictPackages = (names, message, { withNodePrefix = true } = {}) =>
  names
    .flatMap((name) => (withNodePrefix && NODE_IO.includes(name) ? [name, `node:${name}`] : [name]))
    .map((name) => ({ name, message }));

const SEE = ' (design.md, "Dependency rule"; npm run lint)';

/** One layer: files, and what they must not import. */
const layer = ({ files, ignores = [], patterns = [], paths = [] }) => ({
  files,
  ignores,
  rules: {
    'no-restricted-imports': ['error', { paths, patterns }],
    'no-restricted-syntax': [
      'error',
      { selector: 'ImportExpression', message: `Dynamic import() hides a dependency from the boundary check${SEE}.` }
    ]
  }
});

export const boundaries = [
  layer({
    files: ['server/kernel/**/*.ts'],
    patterns: [
      {
        regex: String.raw`^(\.\./)+(?!(\.\./)*src/lib/contract(/|$))`,
        message: `The kernel is pure vocabulary: it imports only its own files and src/lib/contract${SEE}.`
      },
      { regex: '^node:', message: `The kernel does no I/O${SEE}.` },
      { regex: String.raw`^\$`, message: `The kernel imports only src/lib/contract, by relative path${SEE}.` }
    ],
    // node:* is forbidden by the pattern above; these are the bare names and the I/O libraries.
    paths: restrictPackages(
      [...NODE_IO, ...DB_DRIVERS, 'crypto', 'express', 'ws', 'socket.io'],
      `The kernel does no I/O${SEE}.`,
      { withNodePrefix: false }
    )
  }),
  layer({
    files: ['server/features/**/*.ts'],
    patterns: [
      {
        regex: folders('storage', 'transports', 'adapters', 'config', 'seed'),
        message: `Features reach the world through server/ports: take the port in the factory's deps; app.ts picks the adapter${SEE}.`
      },
      {
        // collab/dossier-doc is moving to src/lib/dossier-doc; until then it is the one collab file allowed.
        regex: String.raw`${UP}collab(/(?!dossier-doc$)|$)`,
        message: `Features do not import the collab runtime; app.ts wires its hooks${SEE}.`
      },
      {
        regex: String.raw`^\.\./[^./][^/]*/|${UP}features/[^/]+/`,
        message: `Use another feature only through its index.ts (import '../<feature>'), never its store, service or internals${SEE}.`
      }
    ],
    paths: restrictPackages([...NODE_IO, ...DB_DRIVERS], `Features reach the world through server/ports${SEE}.`)
  }),
  layer({
    // dossier-doc.ts is moving to src/lib/dossier-doc (it still reads a kernel type); the runtime itself is generic.
    files: ['server/collab/**/*.ts'],
    ignores: ['server/collab/dossier-doc.ts'],
    patterns: [
      {
        regex: String.raw`^\.\./(?!ports/|\.\./src/lib/contract(/|$))`,
        message: `The collab runtime imports only server/ports and src/lib/contract${SEE}.`
      }
    ]
  }),
  layer({
    files: ['server/ports/**/*.ts'],
    patterns: [
      {
        regex: folders('features', 'storage', 'transports', 'adapters', 'collab', 'config', 'seed'),
        message: `Ports are interfaces over the kernel and the contract only${SEE}.`
      }
    ]
  }),
  layer({
    files: ['server/adapters/**/*.ts'],
    patterns: [
      {
        regex: folders('features', 'storage', 'transports', 'collab', 'config', 'seed'),
        message: `Adapters implement ports: they import ports, the kernel and libraries only${SEE}.`
      }
    ]
  }),
  layer({
    files: ['server/storage/**/*.ts'],
    patterns: [
      {
        regex: folders('transports', 'adapters', 'collab', 'config', 'seed'),
        message: `Storage implements ports: it imports the kernel, ports and features' *-store.ts only${SEE}.`
      },
      {
        regex: String.raw`${UP}features(/(?![^/]+/[^/]+-store$)|$)`,
        message: `Storage may import only a feature's *-store.ts port file, never its index, service or rules${SEE}.`
      }
    ]
  }),
  layer({
    files: ['server/transports/**/*.ts'],
    patterns: [
      {
        regex: folders('storage', 'adapters', 'seed'),
        message: `Transports are plumbing over features and ports; app.ts passes them what they need${SEE}.`
      },
      {
        regex: String.raw`${UP}features/[^/]+/`,
        message: `Transports use a feature only through its index.ts (import '../../features/<feature>')${SEE}.`
      }
    ]
  }),
  {
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: folders('server'),
              message: `The browser app shares only src/lib/contract with the server, never server code${SEE}.`
            }
          ]
        }
      ]
    }
  }
];
