// Fails when package-lock.json resolves a package below its first fixed version. `npm audit` cannot reach its
// service from these machines, so the advisories that matter to this stack are listed here, with their ids.
// Every resolved copy counts, nested ones included (node_modules/a/node_modules/b), dev-only ones too: the
// dev tools build the bundle that ships.
//
// FIXED lists, per package, the first fixed version of each release line ("line" = major, or 0.minor for
// 0.x). A copy on a listed line must be at least that version; a copy on an unlisted line passes only when it
// is newer than every listed fix (a later major, released after the advisory), otherwise it is on a line that
// never got a fix and fails. Project floors above an advisory's fix are kept where they were raised on purpose.
import { readFileSync } from 'node:fs';

const FIXED = {
  // GHSA-pxg6-pf52-xh8x (CVE-2024-47764): name/path/domain not validated. @sveltejs/kit 2.x depends on ^0.6.0;
  // package.json overrides it to ^0.7.2 (kit 3 moves to cookie 1.x).
  cookie: ['0.7.0'],
  // GHSA-3h5v-q93c-6h6q (DoS by many headers) is fixed in 8.17.1; the project floor is higher.
  ws: ['8.21.0'],
  // GHSA-9wv6-86v2-598j, GHSA-rhx6-c78j-4q9w, GHSA-37ch-88jc-xwx2 (0.1.x, CVE-2026-4867);
  // GHSA-j3q9-mxjg-w52f and GHSA-27v5-c462-wpq7 (8.0.0-8.3.x).
  'path-to-regexp': ['0.1.13', '8.4.0'],
  // GHSA-qwcr-r2fm-qrc7 (1.x); the 2.x floor is the project's.
  'body-parser': ['1.20.3', '2.2.1'],
  // GHSA-m6fv-jmcg-4jfg: template injection in redirects.
  send: ['0.19.0', '1.1.0'],
  // GHSA-cm22-4g7w-348p: template injection in redirects.
  'serve-static': ['1.16.0', '2.1.0'],
  // GHSA-qw6h-vgh9-j6wx (res.redirect XSS) and GHSA-rv95-896h-c2vc (open redirect): 4.20.0 and 5.0.0.
  express: ['4.20.0', '5.0.0'],
  // GHSA-3xgq-45jj-v275: ReDoS.
  'cross-spawn': ['6.0.6', '7.0.5'],
  // GHSA-mwcw-c2x4-8c55: predictable ids with non-integer sizes.
  nanoid: ['3.3.8', '5.0.9'],
  // GHSA-67mh-4wv8-2f99: the dev server answers any origin.
  esbuild: ['0.25.0'],
  // GHSA-fx2h-pf6j-xcff and GHSA-v6wh-96g9-6wx3 (vite 8.0.0-8.0.15).
  vite: ['8.0.16'],
  // GHSA-5xrq-8626-4rwp (CVE-2026-47429).
  vitest: ['4.1.0'],
  // GHSA-vj76-c3g6-qr5v (CVE-2025-59343): symlink validation bypass (prebuild-install, via better-sqlite3).
  'tar-fs': ['1.16.6', '2.1.4', '3.1.1'],
  // GHSA-mh29-5h37-fv8m: prototype pollution in merge keys.
  'js-yaml': ['4.1.1'],
  // GHSA-v6h2-p8h4-qcjw: ReDoS.
  'brace-expansion': ['1.1.12', '2.0.2', '3.0.1', '4.0.1'],
  // SvelteKit 2.20.6 fixed GHSA-6q87-84jw-cjhp; later advisories raised the project floor to 2.70.0.
  '@sveltejs/kit': ['2.70.0'],
  // Project floors from the advisories of their time (socket.io, devalue, svelte, qs).
  'socket.io-parser': ['4.2.6'],
  'engine.io': ['6.6.9'],
  devalue: ['5.6.2'],
  svelte: ['5.53.5'],
  qs: ['6.14.1']
};

const parse = (v) => v.split(/[.+-]/).slice(0, 3).map(Number);
const compare = (a, b) => {
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
};
const line = (v) => {
  const [major, minor] = parse(v);
  return major === 0 ? `0.${minor}` : String(major);
};

/** The fix a resolved version must reach, or null when it is safe. */
export function missingFix(version, fixes) {
  const sameLine = fixes.find((fix) => line(fix) === line(version));
  if (sameLine) return compare(version, sameLine) < 0 ? sameLine : null;
  const newer = fixes.filter((fix) => compare(version, fix) < 0);
  return newer.length ? newer.sort(compare)[0] : null;
}

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const problems = [];
let checked = 0;
for (const [path, meta] of Object.entries(lock.packages ?? {})) {
  const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
  const fixes = FIXED[name];
  if (!fixes || !meta.version) continue;
  checked++;
  const fix = missingFix(meta.version, fixes);
  if (fix) problems.push(`${path}: ${meta.version} < ${fix}`);
}
if (problems.length) {
  console.error(`lock file check: ${problems.length} vulnerable version(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `lock file check: ${checked} resolved copies of ${Object.keys(FIXED).length} watched packages, none below a fix`
);
