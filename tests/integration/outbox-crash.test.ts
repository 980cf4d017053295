import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startChildServer } from '../helpers/child-server';
import { DEMO_PASSWORD, generateDemoCompany } from '../../server/seed/demo-company';

const dataDir = mkdtempSync(join(tmpdir(), 'staffel-outbox-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const ROUNDS = 5;
const WORKERS = 3;
const PREFIX = 'Crash ';

/** A seeded generator (mulberry32), so a failing run can be repeated with TEST_SEED. */
function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Acked {
  dossiers: string[];
  logins: number;
  logouts: number;
}

/**
 * One client: log in, create a dossier, log out, again — until the server dies under it. Only answers that
 * arrived count as acknowledged (a request in flight at the kill may or may not have committed).
 */
async function client(url: string, email: string, tag: string, acked: Acked, stop: () => boolean): Promise<void> {
  try {
    for (let i = 0; !stop(); i++) {
      const login = await fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: DEMO_PASSWORD })
      });
      if (login.status !== 200) throw new Error(`login ${login.status}`);
      acked.logins++;
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
      const created = await fetch(`${url}/api/dossiers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ company: `${PREFIX}${tag}-${i}` })
      });
      if (created.status !== 201) throw new Error(`create ${created.status}`);
      acked.dossiers.push(((await created.json()) as { id: string }).id);
      const logout = await fetch(`${url}/api/session`, { method: 'DELETE', headers: { cookie } });
      if (logout.status !== 204) throw new Error(`logout ${logout.status}`);
      acked.logouts++;
    }
  } catch (err) {
    if (!stop()) throw err; // before the kill every request must succeed
  }
}

interface EventRow {
  seq: number;
  type: string;
  dossier_id: string | null;
  data: string;
}

/** Reads the store as it is on disk (WAL mode lets a second connection read while the server runs). */
function checkStore(file: string, acked: Acked) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const events = db.prepare('SELECT seq, type, dossier_id, data FROM activity ORDER BY seq').all() as EventRow[];
    const lastSeq =
      (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'activity'").get() as { seq: number } | undefined)
        ?.seq ?? 0;
    const dossiers = (
      db.prepare('SELECT id FROM dossiers WHERE company LIKE ?').all(`${PREFIX}%`) as Array<{ id: string }>
    ).map((r) => r.id);
    const sessions = new Set((db.prepare('SELECT id FROM sessions').all() as Array<{ id: string }>).map((r) => r.id));

    // The log has no holes: seqs 1..lastSeq, each once.
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: lastSeq }, (_, i) => i + 1));

    // Every committed dossier has exactly one dossier.created event, and no event lacks its dossier.
    const createdFor = new Map<string, number>();
    for (const e of events.filter((e) => e.type === 'dossier.created')) {
      createdFor.set(e.dossier_id!, (createdFor.get(e.dossier_id!) ?? 0) + 1);
    }
    expect([...createdFor.keys()].sort()).toEqual([...dossiers].sort());
    expect([...createdFor.values()].every((n) => n === 1)).toBe(true);
    // What the clients were told was created is there.
    expect(acked.dossiers.filter((id) => !createdFor.has(id))).toEqual([]);

    // Sessions: each row has exactly one session.started; each ended session has no row and one session.ended;
    // each started session is either still a row or ended.
    const sessionIds = (type: string) =>
      events.filter((e) => e.type === type).map((e) => (JSON.parse(e.data) as { sessionId: string }).sessionId);
    const started = sessionIds('session.started');
    const ended = sessionIds('session.ended');
    expect(new Set(started).size).toBe(started.length);
    expect(new Set(ended).size).toBe(ended.length);
    const startedSet = new Set(started);
    const endedSet = new Set(ended);
    expect([...sessions].filter((id) => !startedSet.has(id))).toEqual([]);
    expect(ended.filter((id) => sessions.has(id) || !startedSet.has(id))).toEqual([]);
    expect(started.filter((id) => !sessions.has(id) && !endedSet.has(id))).toEqual([]);
    expect(started.length).toBeGreaterThanOrEqual(acked.logins);
    expect(ended.length).toBeGreaterThanOrEqual(acked.logouts);
    return { events: events.length, dossiers: dossiers.length, sessions: sessions.size };
  } finally {
    db.close();
  }
}

describe('outbox under SIGKILL', () => {
  it('keeps every committed change with exactly one event and a log without holes across kills', async () => {
    const seed = Number(process.env.TEST_SEED ?? Date.now() % 100_000);
    const random = seeded(seed);
    const reps = generateDemoCompany({ now: Date.now() })
      .users.filter((u) => u.role === 'rep')
      .slice(0, WORKERS);
    const file = join(dataDir, 'staffel.db');
    const acked: Acked = { dossiers: [], logins: 0, logouts: 0 };
    const env = { LOGIN_ATTEMPTS_PER_MINUTE: '100000' };

    for (let round = 0; round < ROUNDS; round++) {
      const server = await startChildServer({ dataDir, env });
      // After each restart the store as recovered must already hold: change ⇔ event, no holes.
      const before = checkStore(file, acked);
      let killed = false;
      const stop = () => killed;
      const target = acked.dossiers.length + 10 + Math.floor(random() * 40);
      const workers = reps.map((rep, w) => client(server.url, rep.email, `${round}-${w}`, acked, stop));
      const deadline = Date.now() + 20_000;
      while (acked.dossiers.length < target && Date.now() < deadline) {
        await Promise.race([Promise.all(workers), new Promise((r) => setTimeout(r, 5))]);
      }
      // Kill while the workers still have requests in flight.
      killed = true;
      server.child.kill('SIGKILL');
      expect((await server.exited).signal).toBe('SIGKILL');
      await Promise.all(workers);
      expect(acked.dossiers.length, `seed ${seed}: round ${round} made progress`).toBeGreaterThan(before.dossiers);
    }
    const last = await startChildServer({ dataDir, env });
    try {
      const final = checkStore(file, acked);
      console.log(
        `outbox crash test (seed ${seed}): ${ROUNDS} kills, ${acked.dossiers.length} acknowledged dossiers, ` +
          `${acked.logins} logins, ${acked.logouts} logouts, ${final.events} events, no holes, change ⇔ event`
      );
    } finally {
      last.child.kill('SIGTERM');
      await last.exited;
    }
  }, 180_000);
});
