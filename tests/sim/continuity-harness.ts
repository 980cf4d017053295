/**
 * The real app for the continuity simulation: createApp on a fresh SQLite file with the fake clock and timer
 * (so its scheduler and every registered job run on simulated time), no demo company, the scenario's people
 * and teams written through the user store, its 20,000 dossiers and some open tasks bulk-inserted through the
 * stores (setup speed: seconds instead of minutes), and everyone logged in over HTTP once. Everything that
 * happens after setup — deputies, absences, hand-offs, offboarding — goes through the HTTP API, i.e. through
 * the real routes, authorisation and services.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp, type App } from '../../server/app';
import { loadConfig } from '../../server/config/config';
import type { Task } from '../../server/features/followups';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';
import type { User } from '../../server/kernel/types';
import type { PasswordHasher } from '../../server/ports/password-hasher';
import type { Clock } from '../../server/ports/clock';
import type { Timer } from '../../server/ports/timer';
import type { SimScenario } from './continuity-scenario';

/** Plain "hashing": 51 logins must not cost 51 argon2 runs; the KDF is not what this simulates. */
const plainHasher: PasswordHasher = { hash: async (p) => `plain:${p}`, verify: async (h, p) => h === `plain:${p}` };
const PASSWORD = 'simulation-password';

export interface SimResponse {
  status: number;
  body: unknown;
}

export interface SimApp {
  app: App;
  url: string;
  /** One request as `userId` (their session cookie); never throws on 4xx/5xx, the caller judges. */
  call(userId: string, method: string, path: string, body?: unknown): Promise<SimResponse>;
  /** The `name=value` session cookie of a person (for sockets and timed HTTP in the benchmark). */
  cookieOf(userId: string): string;
  /** Open tasks bulk-inserted at setup (id → assignee). */
  taskIds: string[];
  close(): Promise<void>;
}

export async function startSimApp(options: {
  scenario: SimScenario;
  time: Clock & Timer;
  tasks?: number;
  /** SQLite in memory instead of a file (the simulation; the benchmark's desk keeps the file). */
  memory?: boolean;
}): Promise<SimApp> {
  const { scenario, time } = options;
  const dataDir = mkdtempSync(join(tmpdir(), 'staffel-sim-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    // Sessions must outlive the simulated quarter (the sweep job runs on simulated time).
    SESSION_IDLE_MINUTES: String(200 * 24 * 60),
    SESSION_MAX_DAYS: '200',
    LOGIN_ATTEMPTS_PER_MINUTE: '100000',
    LOGIN_ATTEMPTS_PER_MINUTE_PER_ADDRESS: '100000'
  });
  const app = await createApp({
    config,
    clock: time,
    timer: time,
    hasher: plainHasher,
    // In memory: the minute-by-minute quarter runs ~500,000 job claims (every job every minute); on a file each
    // is a WAL write. Same SQL, same adapter — only the file is RAM.
    store: options.memory ? createSqliteStore({ file: ':memory:' }) : undefined,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' })
  });
  const close = async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const { url } = await app.listen();
    const store = app.store;
    for (const t of scenario.teams) await store.users.createTeam({ id: t.id, name: t.name, site: 'Sim' });
    const passwordHash = await plainHasher.hash(PASSWORD);
    for (const p of [...scenario.people, scenario.admin]) {
      const user: User = {
        id: p.id,
        email: p.email,
        name: p.name,
        role: p.role,
        locale: 'en',
        teamIds: p.role === 'admin' ? scenario.teams.map((t) => t.id) : [p.teamId],
        passwordHash,
        createdAt: time.now(),
        // Deputies are set over HTTP after login (PUT /api/users/:id/deputy), through the real service.
        deputyId: null,
        deactivatedAt: null
      };
      await store.users.createUser(user);
    }
    await store.dossiers.createMany(scenario.dossiers);

    // Open tasks on random dossiers, due after the quarter (no escalation noise), assigned to their owners or a
    // stand-in: offboarding must move the leavers' ones.
    const taskIds: string[] = [];
    const tasks: Task[] = [];
    const count = options.tasks ?? 1_000;
    for (let i = 0; i < count; i++) {
      const d = scenario.dossiers[(i * 7919) % scenario.dossiers.length];
      const assigneeId = d.standInIds.length > 0 && i % 3 === 0 ? d.standInIds[0] : d.ownerId;
      const id = `sim-t${i + 1}`;
      taskIds.push(id);
      tasks.push({
        id,
        dossierId: d.id,
        teamId: d.teamId,
        kind: i % 2 ? 'callback' : 'task',
        title: `Follow up ${d.company}`,
        dueAt: scenario.end + 30 * 86_400_000,
        assigneeId,
        actingAssigneeId: assigneeId,
        status: 'open',
        outcome: null,
        escalateAt: scenario.end + 31 * 86_400_000,
        escalatedAt: null,
        overdueAt: null,
        createdAt: time.now(),
        createdBy: d.ownerId,
        updatedAt: time.now(),
        interactionId: null,
        severity: null,
        version: 1
      });
    }
    await store.tasks.createMany(tasks);

    const cookies = new Map<string, string>();
    for (const p of [...scenario.people, scenario.admin]) {
      const res = await fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: p.email, password: PASSWORD })
      });
      if (res.status !== 200) throw new Error(`sim login ${p.email}: ${res.status} ${await res.text()}`);
      cookies.set(p.id, (res.headers.get('set-cookie') ?? '').split(';')[0]);
    }
    // node:http without keep-alive: the simulation's requests are minutes of CPU apart, and a pooled socket the
    // server closed meanwhile (its 5 s keep-alive timeout) fails a POST with "fetch failed" at random.
    const target = new URL(url);
    const call: SimApp['call'] = (userId, method, path, body) =>
      new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = request(
          {
            host: target.hostname,
            port: target.port,
            path,
            method,
            agent: false,
            headers: {
              cookie: cookies.get(userId) ?? '',
              origin: url,
              ...(payload === undefined
                ? {}
                : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) })
            }
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', reject);
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              let parsed: unknown = text;
              try {
                parsed = text ? JSON.parse(text) : null;
              } catch {
                // keep the text (an HTML error page would be a finding in itself)
              }
              resolve({ status: res.statusCode ?? 0, body: parsed });
            });
          }
        );
        req.on('error', (err) => reject(new Error(`${method} ${path} as ${userId}: ${err.message}`)));
        req.end(payload);
      });
    return { app, url, call, cookieOf: (id) => cookies.get(id) ?? '', taskIds, close };
  } catch (err) {
    await close();
    throw err;
  }
}
