// Fails when package-lock.json resolves a package below its first fixed version. `npm audit` cannot reach its
// service from these machines, so the known advisories that matter to this stack are listed here.
import { readFileSync } from 'node:fs';

const MINIMUM = {
  ws: '8.21.0',
  'socket.io-parser': '4.2.6',
  'engine.io': '6.6.9',
  devalue: '5.6.2',
  svelte: '5.53.5',
  '@sveltejs/kit': '2.70.0',
  'body-parser': '2.2.1',
  qs: '6.14.1'
};

const parse = (v) => v.split(/[.+-]/).slice(0, 3).map(Number);
const below = (a, b) => {
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i];
  return false;
};

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const problems = [];
let checked = 0;
for (const [path, meta] of Object.entries(lock.packages ?? {})) {
  const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
  const min = MINIMUM[name];
  if (!min || !meta.version) continue;
  checked++;
  if (below(meta.version, min)) problems.push(`${path}: ${meta.version} < ${min}`);
}
if (problems.length) {
  console.error(`lock file check: ${problems.length} vulnerable version(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `lock file check: ${checked} resolved copies of ${Object.keys(MINIMUM).length} watched packages, none below a fix`
);
