import { ConfigError, loadConfig } from './config/config';
import { createApp } from './app';
import { describeDemoLogins } from './seed/demo-company';

/** Entry point: read config, start, print the demo logins, shut down gracefully on SIGTERM/SIGINT. */
async function main() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const app = await createApp({ config });
  const { url } = await app.listen();
  app.logger.info({ url, store: app.store.kind }, 'Staffel is running');
  if (app.seed.seeded && app.seed.company) {
    console.log(`\nDemo company seeded. Log in at ${url} with any of these (password: ${app.seed.password}):\n`);
    console.log(describeDemoLogins(app.seed.company));
  }
  console.log(`\nStaffel is ready at ${url}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down: flushing documents');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err) => {
        app.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      }
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
