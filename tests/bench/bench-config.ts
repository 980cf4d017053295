import { loadConfig, type Config } from '../../server/config/config';

/** The app's config for a benchmark run: loopback, port 0, silent, demo company, no login throttling. */
export function benchConfig(dataDir: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'true',
    LOGIN_ATTEMPTS_PER_MINUTE: '100000',
    LOGIN_ATTEMPTS_PER_MINUTE_PER_ADDRESS: '100000',
    ...env
  });
}
