import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp, type App, type AppOptions } from '../../server/app';
import { loadConfig } from '../../server/config/config';
import type { Clock } from '../../server/ports/clock';
import type { DemoCompany } from '../../server/seed/demo-company';

export interface TestServer {
  url: string;
  port: number;
  app: App;
  dataDir: string;
  demo: { password: string; users: DemoCompany['users']; company: DemoCompany };
  /** Closes gracefully; removes the data dir unless keepData. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** A controllable clock for expiry tests. */
export function manualClock(start = Date.UTC(2026, 10, 23, 9, 0, 0)): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

/**
 * A real server on 127.0.0.1, port 0, on a fresh SQLite file (or the given dataDir), seeded with the demo
 * company. Every test that starts one closes it in its teardown.
 */
export async function startTestServer(
  options: { dataDir?: string; env?: Record<string, string>; demoDossiers?: number } & Pick<
    AppOptions,
    'clock' | 'timer' | 'collab' | 'logger' | 'demoHistory'
  > = {}
): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'staffel-test-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    LOGIN_ATTEMPTS_PER_MINUTE: '1000',
    LOGIN_ATTEMPTS_PER_MINUTE_PER_ADDRESS: '1000',
    ...options.env
  });
  const app = await createApp({
    config,
    clock: options.clock,
    timer: options.timer,
    logger: options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    demoDossiers: options.demoDossiers ?? 40,
    demoHistory: options.demoHistory,
    collab: options.collab ?? { projectionDelayMs: 20 }
  });
  const { port } = await app.listen();
  const company = app.seed.company;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    app,
    dataDir,
    demo: { password: app.seed.password, users: company?.users ?? [], company: company! },
    async close({ keepData = false } = {}) {
      await app.close();
      if (!keepData && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  };
}
