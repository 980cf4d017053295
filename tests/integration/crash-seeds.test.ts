import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEMO_PASSWORD, generateDemoCompany } from '../../server/seed/demo-company';
import { createSeededRandom, type SeededRandom } from '../../server/seed/seeded-random';
import { startChildServer, type ChildServer } from '../helpers/child-server';
import { login } from '../helpers/clients';
import { trackedYClient, type TrackedYClient } from '../helpers/tracked-y-client';

/**
 * SIGKILL at seeded random moments while 20 clients type: every edit the server confirmed with SAVED must
 * survive the restart. CRASH_SEED=<n> reruns one seed; CRASH_CYCLES=<n> changes the number of kills (20).
 */
const seed = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : randomInt(2 ** 31);
const CYCLES = Number(process.env.CRASH_CYCLES ?? 20);
const CLIENTS = 20;
const FIELDS = [
  'mainInterests',
  'agreedConditions',
  'segment',
  'website',
  'industry',
  'street',
  'city',
  'preferredChannel'
] as const;
const MARKER = /\{(k\d+c\d+n\d+)\}/g;
// Several compactions per cycle, so some kills land while the log is being folded into a snapshot.
const SERVER_ENV = { YJS_COMPACT_AFTER_UPDATES: '200' };

const dataDir = mkdtempSync(join(tmpdir(), 'staffel-crash-seeds-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/**
 * The reps of one team and two of its dossiers per cycle, from the deterministic demo company the child seeds.
 * Each cycle types into dossiers of its own: a field holds at most FIELD_MAX_CHARS (5,000) characters and the
 * server trims anything longer, which 20 cycles of markers in the same fields would reach. One cycle adds at
 * most ≈ 10 clients × 166 markers × 12 characters over 8 fields ≈ 2,500 characters to a field.
 */
function demoTeam() {
  const company = generateDemoCompany({ now: Date.now() });
  const teamId = company.teams[0].id;
  const reps = company.users.filter((u) => u.role === 'rep' && u.teamIds.includes(teamId));
  const all = company.dossiers.filter((d) => d.dossier.teamId === teamId).map((d) => d.dossier.id);
  const dossiersOf = (cycle: number) => [0, 1].map((i) => all[(cycle * 2 + i) % all.length]);
  return { reps, dossiersOf, dossiersUpTo: (cycle: number) => [...new Set(all.slice(0, (cycle + 1) * 2))] };
}

/** Rejects with a readable message instead of running into the test timeout. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms))
  );
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface Typist {
  client: TrackedYClient;
  /** Markers typed but not yet covered by a SAVED vector, in clock order. */
  unconfirmed: Array<{ marker: string; clock: number }>;
}

/**
 * One cycle: 20 clients type unique markers at a steady pace; the server is killed at a random moment.
 * A marker counts as confirmed once a SAVED vector reaches the client's clock right after its insertion.
 */
async function typeUntilKilled(options: {
  server: ChildServer;
  cycle: number;
  rng: SeededRandom;
  cookies: string[];
  dossierIds: string[];
  killAfterMs: number;
}): Promise<{ typed: number; confirmed: string[] }> {
  const { server, cycle, rng, cookies, dossierIds, killAfterMs } = options;
  const confirmed: string[] = [];
  const typists: Typist[] = Array.from({ length: CLIENTS }, (_, i) => {
    const typist = { unconfirmed: [] } as unknown as Typist;
    typist.client = trackedYClient({
      url: server.url,
      dossierId: dossierIds[i % dossierIds.length],
      cookie: cookies[i % cookies.length],
      onSaved: (durable) => {
        const upto = durable.get(typist.client.doc.clientID) ?? 0;
        while (typist.unconfirmed.length > 0 && typist.unconfirmed[0].clock <= upto)
          confirmed.push(typist.unconfirmed.shift()!.marker);
      }
    });
    return typist;
  });
  try {
    await within(
      Promise.all(typists.map((t) => t.client.synced)),
      15_000,
      `cycle ${cycle}: ${CLIENTS} clients did not sync`
    );
    let typed = 0;
    let stopped = false;
    const timers = new Set<NodeJS.Timeout>();
    const type = (typist: Typist, index: number, n: number) => {
      if (stopped) return;
      const { doc } = typist.client;
      const text = doc.getMap('fields').get(rng.pick(FIELDS)) as Y.Text;
      const marker = `k${cycle}c${index}n${n}`;
      // Only at the ends: markers are inserted whole at boundaries, so no marker ever splits another.
      text.insert(rng.chance(0.5) ? 0 : text.length, `{${marker}}`);
      typist.unconfirmed.push({ marker, clock: Y.getState(doc.store, doc.clientID) });
      typed++;
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          type(typist, index, n + 1);
        },
        rng.int(15, 45)
      );
      timers.add(timer);
    };
    typists.forEach((t, i) => type(t, i, 0));
    await new Promise((resolve) => setTimeout(resolve, killAfterMs)); // not a sync wait: this is the kill moment
    server.child.kill('SIGKILL');
    const { signal } = await server.exited;
    // Anything the server sent before dying has been read: sockets deliver buffered data before 'close'.
    stopped = true;
    timers.forEach(clearTimeout);
    expect(signal).toBe('SIGKILL');
    return { typed, confirmed };
  } finally {
    typists.forEach((t) => t.client.destroy());
  }
}

/** Markers present in the dossiers as a fresh client sees them after the restart. */
async function markersOnServer(options: {
  server: ChildServer;
  cookie: string;
  dossierIds: string[];
}): Promise<Set<string>> {
  const found = new Set<string>();
  for (const dossierId of options.dossierIds) {
    const reader = trackedYClient({ url: options.server.url, dossierId, cookie: options.cookie });
    try {
      await within(reader.synced, 15_000, `reader of ${dossierId} did not sync after the restart`);
      for (const key of FIELDS) {
        for (const m of (reader.doc.getMap('fields').get(key) as Y.Text).toString().matchAll(MARKER)) found.add(m[1]);
      }
    } finally {
      reader.destroy();
    }
  }
  return found;
}

// Every y-websocket provider adds a process 'exit' listener; this file runs more of them than Node's default 10.
process.setMaxListeners(64);

describe('durability under repeated SIGKILL', () => {
  it(`keeps every SAVED-confirmed edit across ${CYCLES} kills at random moments (crash seed=${seed})`, async () => {
    const started = Date.now();
    const { reps, dossiersOf, dossiersUpTo } = demoTeam();
    let server = await startChildServer({ dataDir, env: SERVER_ENV });
    // Sessions live in the store and the session secret in DATA_DIR, so one login per rep serves every cycle.
    const cookies = await Promise.all(reps.map((r) => login(server.url, r.email, DEMO_PASSWORD)));
    // Kill moments come from their own stream, fixed up front: typing draws a timing-dependent number of values.
    const killRng = createSeededRandom(seed);
    const killTimes = Array.from({ length: CYCLES }, () => killRng.int(200, 2500));
    const rng = createSeededRandom(seed ^ 0x5eed);
    const allConfirmed: string[] = [];
    let typed = 0;
    try {
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const run = await typeUntilKilled({
          server,
          cycle,
          rng,
          cookies,
          dossierIds: dossiersOf(cycle),
          killAfterMs: killTimes[cycle]
        });
        typed += run.typed;
        allConfirmed.push(...run.confirmed);
        server = await startChildServer({ dataDir, env: SERVER_ENV });
        const present = await markersOnServer({ server, cookie: cookies[0], dossierIds: dossiersUpTo(cycle) });
        // Checked against every earlier cycle too: a later compaction must not drop what an earlier one kept.
        const lost = allConfirmed.filter((m) => !present.has(m));
        if (lost.length > 0) {
          console.error(
            `crash seed=${seed} cycle ${cycle} (killed after ${killTimes[cycle]} ms): ${lost.length} confirmed markers lost, ` +
              `e.g. ${lost.slice(0, 10).join(', ')}; rerun with CRASH_SEED=${seed}`
          );
        }
        expect(lost).toEqual([]);
      }
      // Liveness: a server that stops confirming (a stalled flush) would pass the loss check vacuously.
      expect(allConfirmed.length).toBeGreaterThan(typed / 2);
      console.log(
        `crash seeds: ${CYCLES} cycles, ${allConfirmed.length} confirmed markers (of ${typed} typed), 0 lost ` +
          `(seed=${seed}, ${Date.now() - started} ms)`
      );
    } catch (err) {
      console.error(`crash seeds FAILED with seed=${seed}; rerun with CRASH_SEED=${seed}`);
      throw err;
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 180_000);
});
