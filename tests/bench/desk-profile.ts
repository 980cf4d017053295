/**
 * Profiles GET /api/desk in the continuity benchmark's world (continuity-setup.ts), without the rest of the
 * benchmark: `npx tsx tests/bench/desk-profile.ts` prints wall and CPU ms per request; with DESK_PROFILE_OUT set
 * it also writes a V8 CPU profile of the timed requests only (not the setup) there (Chrome DevTools reads it).
 *   DESK_PROFILE_REQUESTS=200  DESK_PROFILE_PATH=/api/desk?coveringLimit=100&ownLimit=12  BENCH_CONTINUITY_DOSSIERS=20000
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { DESK_COVERING_PAGE, DESK_OWN_PAGE } from '../../src/lib/contract/continuity';
import { createHttpTimer } from './http-timer';
import { setUpContinuityWorld } from './continuity-setup';

const requests = Number(process.env.DESK_PROFILE_REQUESTS ?? 200);
const path = process.env.DESK_PROFILE_PATH ?? `/api/desk?coveringLimit=${DESK_COVERING_PAGE}&ownLimit=${DESK_OWN_PAGE}`;
const world = await setUpContinuityWorld(Number(process.env.BENCH_CONTINUITY_DOSSIERS ?? 20_000));
try {
  const http = createHttpTimer(world.sim.url, { cookie: world.sim.cookieOf(world.rep.id) });
  for (let i = 0; i < 20; i++) await http.get(path);
  const out = process.env.DESK_PROFILE_OUT;
  const inspector = out ? new Session() : null;
  if (inspector) {
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.setSamplingInterval', { interval: 100 });
    await inspector.post('Profiler.start');
  }
  const wall: number[] = [];
  const before = process.cpuUsage();
  for (let i = 0; i < requests; i++) {
    const res = await http.get(path);
    if (res.status !== 200) throw new Error(`GET ${path} -> ${res.status}`);
    wall.push(res.ms);
  }
  const used = process.cpuUsage(before);
  if (inspector && out) {
    const { profile } = await inspector.post('Profiler.stop');
    writeFileSync(out, JSON.stringify(profile));
    inspector.disconnect();
  }
  http.close();
  wall.sort((a, b) => a - b);
  const at = (q: number) => wall[Math.min(wall.length - 1, Math.ceil(q * wall.length) - 1)].toFixed(2);
  console.log(
    `${path}: n ${requests}, p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, cpu ${((used.user + used.system) / 1000 / requests).toFixed(2)} ms/request`
  );
} finally {
  await world.sim.close();
}
